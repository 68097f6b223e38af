"""The production server (`postal-service serve`, gunicorn) and the worker, started for a test in a process group of
their own under a guardian (`tests/guardian.py`) that takes the group down if the test run dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spawn(command: list[str], **options: Any) -> subprocess.Popen:
    """`command` in its own process group (one signal reaches it and everything it starts), led by a guardian that
    kills the group when this test process dies, however it dies. The Popen is the guardian's: a signal sent to it
    goes on to the command, and it ends with the command's exit status."""
    guarded = [sys.executable, "-m", "tests.guardian", str(os.getpid()), *command]
    return subprocess.Popen(guarded, cwd=ROOT, start_new_session=True, **options)


def start_server(
    database_url: str,
    port: int,
    *,
    data_dir: str | None = None,
    stderr: int | None = subprocess.DEVNULL,
    threads: int | None = None,
) -> subprocess.Popen:
    """The production server on that database; its stored files in `data_dir` (the test's, to read them back);
    `threads` per worker when given (`serve --threads`)."""
    broker = f"sqla+sqlite:///{tempfile.mkdtemp(prefix='broker-')}/broker.sqlite3"  # queued work stays there
    env = {
        **os.environ,
        **({"DATA_DIR": data_dir} if data_dir else {}),
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "THROTTLING": "false",
        "BROKER_URL": broker,
    }
    server = spawn(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"]
        + (["--threads", str(threads)] if threads else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def start_worker(settings, takes: str | None = None, **extra: str) -> subprocess.Popen:
    """A Celery worker (`postal-service worker`) on the test's database, broker and queue; of every kind of work,
    or only the kinds `takes` names."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATA_DIR": settings.data_dir,
        "BROKER_URL": settings.broker_url,
        "TASK_QUEUE": settings.task_queue,
        "ENVIRONMENT": "test",
        **({"PLANNING_EFFORT": str(settings.planning_effort)} if settings.planning_effort else {}),
        **extra,
    }
    return spawn(
        [sys.executable, "-m", "api.cli", "worker", "--concurrency", "1", *(["--takes", takes] if takes else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)


def until(condition: Callable[[], bool], attempts: int = 600, pause: float = 0.2) -> bool:
    """Whether `condition` came true, asked `attempts` times: bounded by attempts, not by time, so a busy machine
    only makes the processes it waits on start later."""
    for _ in range(attempts):
        if condition():
            return True
        time.sleep(pause)
    return False
