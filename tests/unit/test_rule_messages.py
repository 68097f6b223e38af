"""The domain's sentences marked for translation are still said, word for word, by the domain."""

from __future__ import annotations

from pathlib import Path

from api.messages import RULE_MESSAGES

SOURCES = "\n".join(p.read_text() for p in (Path(__file__).resolve().parents[2] / "postal_service").rglob("*.py"))


def test_every_marked_rule_message_is_still_in_the_domains_code():
    missing = [message for message in RULE_MESSAGES if f'"{message}"' not in SOURCES]
    assert missing == []
