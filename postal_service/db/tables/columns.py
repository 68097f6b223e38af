"""Column helpers: every time is stored as aware UTC; JSON columns are never null."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from ..types import UTCDateTime


def utc(nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


def json_column() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=False))


def json_list() -> Any:
    """A JSON list, empty by default (rows written before the column existed too)."""
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
