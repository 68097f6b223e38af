"""`make fuzz`: schemathesis with every check over every operation, many cases each, against the production server.

The suite's contract test draws five cases an operation in its fuzzing phase and runs the coverage phase as the
administrator only, and not on the booking's body, so that `make test` stays short; this draws `--examples` (20 by
default) in every phase schemathesis has (examples, coverage, fuzzing, stateful), for two callers, anonymous and an
administrator. It runs on a PostgreSQL database of its own, migrated like production and given the tests' small world,
under gunicorn; it prints schemathesis' report and a last line with the cases generated, and exits non-zero when
anything was found or fewer than `--at-least` cases (10,000) were drawn. Bounded by the number of cases, never by time.

    python -m tests.e2e.fuzz [--examples N] [--at-least N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from postal_service.config import Settings
from postal_service.db.engine import make_engine
from postal_service.db.migrate import upgrade

from ..conftest import throwaway_database, work_session
from ..factories import build_world
from .servers import free_port, start_server, stop
from .test_api_contract import admin_token, schemathesis

METHODS = {"get", "put", "post", "delete", "patch"}


@contextmanager
def fuzz_database() -> Iterator[str]:
    """A database of its own on the tests' PostgreSQL, migrated to the newest schema, dropped afterwards."""
    with throwaway_database("postal_fuzz") as url:
        upgrade(url)
        yield url


def operations(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json") as answer:
        document = json.load(answer)
    return sum(1 for item in document["paths"].values() for method in item if method in METHODS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=20, help="cases per operation in the fuzzing phase")
    parser.add_argument("--at-least", type=int, default=10_000, help="cases in all, or the run fails")
    parser.add_argument("--seed", type=int, default=45)
    options = parser.parse_args(argv)
    with fuzz_database() as url:
        settings = Settings(database_url=url, environment="test", _env_file=None)  # type: ignore[call-arg]
        engine = make_engine(url)
        with work_session(engine, settings) as session:
            build_world(session, settings, datetime.now(UTC))
        engine.dispose()
        port = free_port()
        server = start_server(url, port)
        try:
            count, examples = operations(port), options.examples
            print(f"fuzz: {count} operations, 2 callers, {examples} examples each, seed {options.seed}", flush=True)
            codes, generated = [], 0
            for caller, headers in (("anonymous", ()), ("admin", (f"Authorization: Bearer {admin_token(port)}",))):
                result = schemathesis(port, *headers, examples=examples, seed=options.seed, timeout=None)
                print(f"--- as {caller}\n{result.stdout}{result.stderr}", flush=True)
                codes.append(result.returncode)
                generated += sum(int(n) for n in re.findall(r"Test cases:\s*(\d+) generated", result.stdout))
        finally:
            stop(server)
    enough = generated >= options.at_least
    verdict = "FOUND PROBLEMS (above)" if any(codes) else "nothing found" if enough else "too few cases"
    print(f"fuzz: {generated} cases generated over {count} operations, {verdict}", flush=True)
    return 0 if enough and not any(codes) else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main())
