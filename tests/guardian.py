"""Runs a server a test starts, and takes it down with everything it started when the test run dies.

`python -m tests.guardian PARENT_PID COMMAND [ARG ...]`, started as the leader of a process group of its own
(`start_new_session`). The kernel sends it SIGTERM when the process that started it dies (`PR_SET_PDEATHSIG`),
however that process ends, SIGKILL included; it then kills its whole group, the server and the server's own
children (a Celery pool, gunicorn's workers). While the test run lives, a signal sent to the guardian alone goes
on to the server, so stopping it works as if the test had started the server itself.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from types import FrameType

PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # it died before the kernel was told to warn us
        os.killpg(0, signal.SIGKILL)


def main(parent: int, command: list[str]) -> int:
    _die_with(parent)
    server = subprocess.Popen(command)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if os.getppid() != parent:  # the test run is gone: nobody will stop the group gracefully
            os.killpg(0, signal.SIGKILL)
        else:
            server.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    return server.wait()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2:]))
