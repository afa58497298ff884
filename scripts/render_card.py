"""Render an Adaptive Card JSON to PNG with Microsoft's adaptivecards JS renderer in headless Chromium.

    .venv/bin/python -m scripts.render_card CARD.json OUT.png

Teams-only elements (Chart.*) are dropped by the generic renderer (their `fallback`), so the picture shows what a
client without charts shows: the FactSets carry every number.
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
RENDERER = ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.js"
PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<style>body{margin:0;padding:16px;background:#f5f5f5;font-family:'IPAGothic','Noto Sans CJK JP',sans-serif}
#card{width:560px;background:#fff;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.2);padding:4px}</style>
</head><body><div id="card"></div></body></html>"""


def render(card: dict, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 600, "height": 400})
        page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
        page.set_content(PAGE)
        page.add_script_tag(content=RENDERER.read_text(encoding="utf-8"))
        page.evaluate(
            """(card) => {
                const ac = new AdaptiveCards.AdaptiveCard();
                ac.hostConfig = new AdaptiveCards.HostConfig({fontFamily: "IPAGothic, sans-serif"});
                ac.parse(card);
                document.getElementById("card").appendChild(ac.render());
            }""",
            card,
        )
        page.locator("#card").screenshot(path=str(out))
        browser.close()


def main() -> None:
    card_file, out = Path(sys.argv[1]), Path(sys.argv[2])
    render(json.loads(card_file.read_text(encoding="utf-8")), out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
