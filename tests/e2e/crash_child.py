"""A booking process that dies between doing its work and committing it (run by test_idempotency).

It serves one POST /api/v1/requests in-process; the unit of work's commit is replaced by a stall, the parent
reads the line printed here and kills this process with SIGKILL, as a crash or an OOM kill would.
"""

from __future__ import annotations

import sys
import time

from api import create_app
from postal_service.config import Settings
from postal_service.context import Context
from postal_service.services import unit_of_work

from ..conftest import MONDAY_MORNING

STALLED = "work done and answer stored; commit pending"


def _stall(ctx: Context) -> None:
    ctx.session.flush()
    print(STALLED, flush=True)
    time.sleep(600)


def main() -> None:
    database_url, key = sys.argv[1], sys.argv[2]
    body = sys.stdin.read()
    settings = Settings(database_url=database_url, environment="test", _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings)
    app.extensions["postal"].clock = lambda: MONDAY_MORNING
    unit_of_work._commit = _stall  # type: ignore[assignment]
    app.test_client().post(
        "/api/v1/requests", data=body, content_type="application/json", headers={"Idempotency-Key": key}
    )
    print("the commit was not stalled", flush=True)


if __name__ == "__main__":
    main()
