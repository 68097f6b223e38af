"""The production server (`postal-service serve`, gunicorn) started for a test in its own process group."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, port: int, *, stderr: int | None = subprocess.DEVNULL) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "test", "THROTTLING": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        start_new_session=True,  # its own process group: one kill reaches the master and every worker
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")
