"""Tokens for staff (password) and citizens (reference + phone + one-time code)."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel

from postal_service.services import auth
from postal_service.services.schemas import CitizenCodeCheck, CitizenCodeRequest, Login, PasswordChange

from ..requests_context import context, issue_token
from .common import ERRORS, answer

bp = APIBlueprint("auth", __name__, url_prefix="/api/v1/auth", abp_tags=[Tag(name="auth")], abp_responses=ERRORS)


class TokenOut(BaseModel):
    token: str
    role: str
    expires_in: int


class Accepted(BaseModel):
    message: str


def _token(claims: dict[str, object], role: str) -> Response:
    ttl = context().settings.token_ttl_hours * 3600
    return answer(TokenOut(token=issue_token(claims), role=role, expires_in=ttl))


@bp.post("/login", responses={200: TokenOut})
def login(body: Login) -> Response:
    """Staff log in with username and password."""
    user = auth.authenticate_user(context(), body.username, body.password)
    return _token({"user": user.id, "epoch": user.session_epoch}, user.role)


@bp.post("/password", responses={200: TokenOut})
def change_password(body: PasswordChange) -> Response:
    """A staff member changes their password: every earlier token and session ends; a fresh token is returned."""
    user = auth.change_password(context(), body.current_password, body.new_password)
    return _token({"user": user.id, "epoch": user.session_epoch}, user.role)


@bp.post("/citizen/code", responses={202: Accepted})
def citizen_code(body: CitizenCodeRequest) -> Response:
    """Text a one-time code to the phone given at booking (the same answer whether or not it matched)."""
    auth.send_citizen_code(context(), body.reference.upper(), body.phone)
    return answer(Accepted(message="if the reference and phone match, a code was sent by SMS"), 202)


@bp.post("/citizen/token", responses={200: TokenOut})
def citizen_token(body: CitizenCodeCheck) -> Response:
    request = auth.check_citizen_code(context(), body.reference.upper(), body.phone, body.code)
    return _token({"citizen": request.reference}, "citizen")
