"""HTML pages for citizens, couriers, agency clerks and dispatchers: thin views over the same services."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from ..messages import api_locale
from . import (
    admin_pages,
    agency,
    calendar_page,
    citizen,
    counter,
    courier,
    development,
    dispatch,
    network_pages,
    public,
    staff_auth,
    tariff_page,
    webhook_pages,
)
from . import cash_pages as cash_pages  # registers its view on the dispatch blueprint
from . import citizen_supplement as citizen_supplement  # registers its view on the citizen blueprint
from . import citizen_tracking as citizen_tracking  # registers its views on the citizen blueprint
from . import claim_pages as claim_pages  # registers its views on the citizen and dispatch blueprints
from . import counter_desk as counter_desk  # registers its views on the counter blueprint
from . import kpi_pages as kpi_pages  # registers its view on the dispatch blueprint
from . import payment_pages as payment_pages  # registers its views on the citizen blueprint
from . import roster_page as roster_page  # registers its view on the dispatch blueprint
from .common import StaffLogin, label_public_keys, open_deadline_alerts
from .navigation import caller_role, home_url, staff_places

LANGUAGES = ("vi", "en")


def select_locale() -> str:
    """Pages: Vietnamese unless the visitor chose English with ?lang=en (kept in the session). The API: the
    caller's Accept-Language, English by default."""
    if request.path.startswith("/api/"):
        return api_locale()
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return str(session.get("lang", "vi"))


def register(app: Flask, api_blueprints: Sequence[object]) -> None:
    csrf = CSRFProtect(app)
    for blueprint in api_blueprints:  # API callers use tokens or keys; cookie-borne API writes are checked in context
        csrf.exempt(blueprint)  # type: ignore[arg-type]
    logins = LoginManager(app)
    logins.login_view = "staff_auth.login"
    logins.login_message = ""

    @logins.user_loader
    def _load(user_id: str) -> StaffLogin:
        return StaffLogin(user_id)

    Babel(app, locale_selector=select_locale, default_translation_directories="translations")
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.add_template_global(open_deadline_alerts, "open_deadline_alerts")
    app.add_template_global(staff_places, "staff_places")
    app.add_template_global(home_url, "home_url")
    app.add_template_global(caller_role, "caller_role")
    app.add_template_global(label_public_keys, "label_public_keys")
    pages = (
        public.bp,
        staff_auth.bp,
        citizen.bp,
        courier.bp,
        agency.bp,
        dispatch.bp,
        development.bp,
        webhook_pages.bp,
        admin_pages.bp,
        calendar_page.bp,
        tariff_page.bp,
        counter.bp,
        network_pages.bp,
    )
    for page in pages:
        app.register_blueprint(page)
