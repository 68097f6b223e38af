"""Bounds on what a JSON body may be, checked after the caller's credentials and before any parsing."""

from __future__ import annotations

from flask import request

from postal_service.domain.errors import InvalidField

MAX_JSON_BYTES = 64 * 1024  # the largest booking is about 2 KiB; photos travel as multipart, not JSON
MAX_JSON_DEPTH = 16  # the deepest real body (a booking's address inside the booking) is 3


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest, counted without parsing (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # closing quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


def check_json_body() -> None:
    if request.method not in ("POST", "PUT", "PATCH") or not request.is_json:
        return
    raw = request.get_data(cache=True)
    if len(raw) > MAX_JSON_BYTES:
        raise InvalidField.single("body", f"a JSON body is at most {MAX_JSON_BYTES // 1024} KiB")
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise InvalidField.single("body", f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
