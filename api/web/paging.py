"""A long list on a page, shown a page at a time.

A busy office's board lists every open envelope waiting for a courier, each with its own assignment form: a
thousand of them is a page no dispatcher reads and no phone renders quickly. Each list shows PAGE_SIZE rows from
the offset in its own query argument, with links to the rows before and after; the counts stay whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request, url_for

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    total: int
    start: int  # the position of the first row shown
    argument: str  # the query argument that holds `start`

    @property
    def end(self) -> int:
        return self.start + len(self.items)

    def link(self, start: int) -> str:
        """This page with the list moved to `start`, every other argument (office, day, other lists) kept."""
        assert request.endpoint is not None
        arguments: dict[str, Any] = {**(request.view_args or {}), **request.args, self.argument: start}
        return url_for(request.endpoint, _anchor=self.argument, **arguments)  # the list's heading has that id

    @property
    def previous(self) -> str | None:
        return self.link(max(0, self.start - PAGE_SIZE)) if self.start > 0 else None

    @property
    def next(self) -> str | None:
        return self.link(self.end) if self.end < self.total else None


def paged(items: list[T], argument: str) -> Paged[T]:
    """The page of `items` the request asks for in `argument` (the first page when absent or out of range)."""
    start = request.args.get(argument, 0, type=int)
    if not 0 <= start < len(items):
        start = 0
    return Paged(items[start : start + PAGE_SIZE], len(items), start, argument)
