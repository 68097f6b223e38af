"""Signing in: staff by password, citizens by reference, phone and a texted code."""

from __future__ import annotations

from pydantic import Field

from .fields import PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, Phone, Reference, Strict


class Login(Strict):
    username: str = Field(min_length=1, max_length=USERNAME_MAX)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class CitizenCodeRequest(Strict):
    reference: Reference
    phone: Phone


class CitizenCodeCheck(CitizenCodeRequest):
    code: str = Field(pattern=r"^[0-9]{6}$")
