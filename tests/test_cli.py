"""The `consult` command line: classify, migrate, manifest (train is covered by the classifier tests)."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_classify_prints_label_and_confidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "classify", "Power Automateのフローがエラーで止まってしまいます")
    result = json.loads(out)
    assert code == 0 and result["label"] in ("bpr", "app") and 0.0 <= result["confidence"] <= 1.0
    assert set(result) == {"label", "confidence"}


def test_migrate_creates_the_schema(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "sub" / "c.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    code, out, _ = run(capsys, "migrate")
    assert code == 0 and db.exists() and "head" in out


def test_manifest_builds_a_package_and_refuses_bad_settings(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "appPackage.zip"
    app_id = "11111111-2222-3333-4444-555555555555"
    code, _, _ = run(
        capsys, "manifest", "--app-id", app_id, "--domain", "consult.example.lg.jp", "--output", str(out_file)
    )
    assert code == 0
    with zipfile.ZipFile(out_file) as z:
        assert set(z.namelist()) == {"manifest.json", "color.png", "outline.png", "en-us.json"}
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["id"] == app_id and manifest["bots"][0]["botId"] == app_id
    assert manifest["validDomains"] == ["consult.example.lg.jp"]
    code, _, err = run(capsys, "manifest", "--app-id", "not-a-guid", "--domain", "consult.example.lg.jp")
    assert code == 2 and "GUID" in err


def test_console_script_is_installed() -> None:
    consult = Path(sys.executable).parent / "consult"
    result = subprocess.run([str(consult), "--help"], capture_output=True, text=True, check=True, cwd=ROOT)
    for sub in ("serve", "migrate", "classify", "train", "manifest"):
        assert sub in result.stdout


def test_manifest_takes_its_domain_from_public_base_url(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    app_id = "11111111-2222-3333-4444-555555555555"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://Consult.Example.lg.jp/")
    out_file = tmp_path / "appPackage.zip"
    code, _, _ = run(capsys, "manifest", "--app-id", app_id, "--no-channel-messages", "--output", str(out_file))
    with zipfile.ZipFile(out_file) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert code == 0 and manifest["validDomains"] == ["consult.example.lg.jp"]
    assert manifest["composeExtensions"][0]["messageHandlers"][0]["value"]["domains"] == ["consult.example.lg.jp"]
    monkeypatch.setenv("PUBLIC_BASE_URL", "")
    code, _, err = run(capsys, "manifest", "--app-id", app_id, "--no-channel-messages", "--output", str(out_file))
    assert code == 2 and "--domain" in err and "PUBLIC_BASE_URL" in err
