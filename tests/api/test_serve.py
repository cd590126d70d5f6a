"""`coalition serve` runs uvicorn on loopback and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_and_shuts_down_gracefully(tmp_path: Path) -> None:
    port = free_port()
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "COALITION_HOME": str(tmp_path / "home"),
           "COALITION_API_LOG_LEVEL": "info",
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    env.pop("COALITION_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from coalition.cli.main import cli; cli()", "serve",
         "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "server did not start in 60 s"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["checks"] == {"store": "ok", "screening_index": "ok"}
        docs = httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5)
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    # uvicorn finishes its shutdown, then re-raises the signal it caught (exit by SIGTERM)
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Application shutdown complete" in err
