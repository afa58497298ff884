"""Headless Debian Chromium for the browser tests and the screenshot scripts (never a browser Playwright downloads),
and where they leave screenshots and logs."""

from pathlib import Path

from scripts.playground import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # required as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
