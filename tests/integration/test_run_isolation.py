"""A test run that dies, however it dies, leaves none of the processes it started behind (they would take the next
run's tasks, hold its database, and keep a connection to the broker for half an hour)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import pytest

from ..e2e.servers import until

ROOT = Path(__file__).resolve().parents[2]

# What a test run's fixture does: start a worker through the suite's own helper, then wait on the test.
A_RUN_WITH_A_WORKER = """
import sys, tempfile, time
from types import SimpleNamespace
from tests.e2e.servers import start_worker
database_url, broker_url, task_queue = sys.argv[1:4]
settings = SimpleNamespace(
    database_url=database_url, broker_url=broker_url, task_queue=task_queue, planning_effort=0,
    data_dir=tempfile.mkdtemp(),
)
worker = start_worker(settings)
print(worker.pid, flush=True)
time.sleep(3600)
"""


def _processes() -> list[tuple[int, str, int, int]]:
    """Every process: (pid, state, parent, process group)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we looked
        found.append((int(stat.parent.name), fields[0], int(fields[1]), int(fields[2])))
    return found


def _live_members(group: int) -> list[int]:
    """The processes of a process group that still run (a zombie has ended; only its exit status is left)."""
    return [pid for pid, state, _, process_group in _processes() if process_group == group and state != "Z"]


def _workers(group: int) -> list[int]:
    """The worker's own processes: the Celery main process in the group, and its pool's processes (each in a
    group of its own, postal_service/worker.py, ending with their parent)."""
    mains = []
    for pid in _live_members(group):
        with suppress(OSError):
            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:4] == [b"-m", b"api.cli", b"worker"]:
                mains.append(pid)
    pool = [pid for pid, state, parent, _ in _processes() if parent in mains and state != "Z"]
    return mains + pool


def _alive(pids: list[int]) -> list[int]:
    running = {pid for pid, state, _, _ in _processes() if state != "Z"}
    return [pid for pid in pids if pid in running]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_run_killed_outright_leaves_no_process_of_the_worker_it_started(settings):
    run = subprocess.Popen(
        [sys.executable, "-c", A_RUN_WITH_A_WORKER, settings.database_url, settings.broker_url, settings.task_queue],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    group = None
    try:
        assert run.stdout is not None
        group = int(run.stdout.readline())
        started = until(lambda: len(_workers(group)) >= 2, pause=0.1)  # Celery and its pool's process
        assert started, "the worker did not start"
        workers = _workers(group)
        run.send_signal(signal.SIGKILL)  # no finally, no atexit, no fixture teardown
        run.wait(timeout=60)
        assert until(lambda: _live_members(group) == [], pause=0.1), f"left running: {_live_members(group)}"
        assert until(lambda: _alive(workers) == [], pause=0.1), f"left running: {_alive(workers)}"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if group is not None and _live_members(group):
            os.killpg(group, signal.SIGKILL)
        run.stdout.close()
