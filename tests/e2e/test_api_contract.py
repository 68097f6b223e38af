"""Schemathesis against the served app (gunicorn, PostgreSQL), anonymous and as an administrator.

Every check runs (`--checks all`): no 5xx, every answer matches the document, 401/403 used as declared, 405 with
Allow, nothing the document calls invalid is accepted, nothing it calls valid is refused. The few allowances, for
rules no schema can hold (the catalogue, signatures, image content, passwords), are in schemathesis.toml beside
this file, each with its reason.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from ..factories import PASSWORD
from .servers import free_port, start_server

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
EXAMPLES_PER_OPERATION = 5  # bounded by effort, not time


def _schemathesis(port: int, *headers: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"http://127.0.0.1:{port}/api/v1/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        "45",
        "--generation-database",
        "none",  # no examples kept between runs: every run draws the same cases, as on a clean clone
        "--no-color",
        *[part for header in headers for part in ("-H", header)],
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": ""}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_the_served_api_keeps_its_contract_for_anonymous_and_authenticated_callers(settings, world):
    port = free_port()
    server = start_server(settings.database_url, port)
    try:
        login = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json.dumps({"username": "admin", "password": PASSWORD}).encode(),
            {"Content-Type": "application/json"},
        )
        token = json.load(urllib.request.urlopen(login))["token"]
        for headers in ((), (f"Authorization: Bearer {token}",)):
            result = _schemathesis(port, *headers)
            assert result.returncode == 0, result.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
