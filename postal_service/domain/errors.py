"""Domain errors. The HTTP layer maps each class to one status code in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a use case may raise on purpose.

    `keep_changes`: the refusal itself must be recorded (a wrong code counts as a try), so the unit of work
    commits what the use case wrote before the error reaches the caller.
    """

    keep_changes: bool = False


class InvalidField(DomainError):
    """One or more inputs break a rule; every bad field is named so the caller can fix them all at once."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in errors.items()))
        self.errors = errors

    @classmethod
    def single(cls, field: str, message: str) -> InvalidField:
        return cls({field: message})


class InvalidTransition(DomainError):
    """The object is in a state where the requested step is impossible."""


class Conflict(DomainError):
    """Another writer won, or a repeated request does not match the first one."""


class NotFound(DomainError):
    """The object does not exist (or the actor may not learn that it does)."""


class Forbidden(DomainError):
    """The actor is known but may not touch this object or take this step."""


class Unauthenticated(DomainError):
    """No valid credentials were presented."""


class ForgedToken(DomainError):
    """A QR payload whose signature does not verify: forged, altered or signed with an unknown key."""


class StoreFull(DomainError):
    """The file store has no room left (its disk or its quota is full): the file was not written, and the change
    that would have referred to it rolls back. Answered 507 until an operator makes room."""


class Exhausted(DomainError):
    """Something the service hands out has run out (a prefix's range of S10 serials): nothing was saved, and
    nothing will be until an operator acts (a new prefix configured). Answered 503 with the cause."""
