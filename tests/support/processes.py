"""Real processes on loopback: a free port to start one on, and waiting until the bot answers /healthz."""

import json
import socket
import subprocess
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 30) -> dict:
    """Poll http://127.0.0.1:<port>/healthz until it answers (its JSON body); fail if `proc` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the bot exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                return json.loads(r.read())
        except OSError:
            time.sleep(0.1)
    pytest.fail("the bot did not become healthy")
