"""The shipped alert rules are valid Prometheus rules and behave as their unit tests say (promtool, from Debian's
prometheus package, which `make test` installs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

MONITORING = Path(__file__).resolve().parents[2] / "monitoring"


def _promtool(*arguments: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("promtool") is None:
        pytest.fail("promtool is not installed: `make test` installs Debian's prometheus package")
    return subprocess.run(["promtool", *arguments], cwd=MONITORING, capture_output=True, text=True, timeout=120)


def test_the_alert_rules_are_valid_prometheus_rules():
    checked = _promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 8 rules found" in checked.stdout


def test_each_alert_fires_on_what_it_watches_and_stays_quiet_otherwise():
    tested = _promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
