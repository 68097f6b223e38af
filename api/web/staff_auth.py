"""Staff sign in with username and password; each role lands on its own page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability
from postal_service.domain.errors import InvalidField, Unauthenticated
from postal_service.domain.roles import Role
from postal_service.services import auth
from postal_service.services.schemas import PasswordChange

from ..requests_context import context
from .common import StaffLogin, field_errors, staff_page
from .navigation import HOME

bp = Blueprint("staff_auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    error = None
    if request.method == "POST":
        try:
            user = auth.authenticate_user(context(), request.form.get("username", ""), request.form.get("password", ""))
        except Unauthenticated:
            error = _("Wrong username or password.")
        else:
            session.pop("citizen", None)
            session["epoch"] = user.session_epoch
            login_user(StaffLogin(str(user.id)))
            return redirect(url_for(HOME[Role(user.role)]))
    demo = context().settings.environment == "development"
    return render_template("auth/login.html", error=error, demo=demo), 401 if error else 200  # type: ignore[return-value]


@bp.post("/logout")
def logout() -> Response:
    """Ends the user's sessions on the server too, so a copy of this cookie no longer signs anyone in."""
    if current_user.is_authenticated:
        auth.end_sessions(context(), int(current_user.get_id()))
    logout_user()
    session.pop("citizen", None)
    session.pop("epoch", None)
    return redirect(url_for("public.home"))


@bp.route("/password", methods=["GET", "POST"])
@staff_page(Capability.CHANGE_OWN_PASSWORD)
def change_password() -> str | Response:
    """The new password ends every other session (a phone left signed in elsewhere); this one stays signed in."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = request.form
        try:
            if form.get("new_password") != form.get("confirmation"):
                raise InvalidField.single("confirmation", _("The two new passwords differ."))
            change = PasswordChange(
                current_password=form.get("current_password"), new_password=form.get("new_password")
            )
            user = auth.change_password(context(), change.current_password, change.new_password)
        except (InvalidField, ValidationError) as error:
            errors = field_errors(error)
        else:
            session["epoch"] = user.session_epoch
            flash(_("Your password was changed; every other session was signed out."))
            return redirect(url_for(HOME[Role(user.role)]))
    return render_template("auth/password.html", errors=errors), 422 if errors else 200  # type: ignore[return-value]
