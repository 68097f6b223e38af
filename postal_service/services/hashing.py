"""Passwords, API keys and citizen codes are kept only as argon2 hashes."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from postal_service.config import Settings

_hasher = PasswordHasher()  # argon2's recommended parameters (RFC 9106, low memory)
_test_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))  # checked against when no such user exists


def hash_secret(secret: str, settings: Settings) -> str:
    """The test environment hashes with argon2's cheapest parameters: a test world makes nine staff, and 0.16 s a
    hash was most of every database test's set-up. Verifying reads the parameters from the stored hash."""
    return (_test_hasher if settings.environment == "test" else _hasher).hash(secret)


def secret_matches(stored_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
