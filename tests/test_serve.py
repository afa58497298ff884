"""`consult serve` and `python app.py` as real processes: health, start-up log, clean stop."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["consult", "serve"], ["python", "app.py"]])
def test_serves_health_and_says_auth_is_off(command: list[str], tmp_path: Path) -> None:
    port = free_port()
    exe = str(Path(sys.executable).parent / command[0]) if command[0] == "consult" else sys.executable
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/s.db"}
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "SUPPORT_TEAM_IDS"):
        env.pop(name, None)
    proc = subprocess.Popen(
        [exe, *command[1:]], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        health = wait_healthy(port, proc)
        assert health["status"] == "ok" and health["database"] == "ok" and health["version"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "authentication is OFF" in stderr
    assert (tmp_path / "s.db").exists()
