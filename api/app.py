"""The application factory: settings in, a configured Flask app out."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask.typing import ResponseReturnValue
from flask_openapi3 import Info, OpenAPI
from flask_openapi3.types import SecuritySchemesDict
from werkzeug.middleware.proxy_fix import ProxyFix

from postal_service.config import Settings
from postal_service.db.engine import make_engine
from postal_service.worker import make_celery

from . import (
    access_rules,
    errors,
    metrics_endpoint,
    observability,
    presentation,
    requests_context,
    security_headers,
    throttling,
    web,
)
from .v1 import api_blueprints, register_api

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
mimetypes.add_type("application/manifest+json", ".webmanifest")  # the courier app's manifest, as browsers expect

SECURITY_SCHEMES: SecuritySchemesDict = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "token from /auth/login or /auth/citizen/token"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "an agency system's key"},
}


class PostalApp(OpenAPI):
    """Flask with every request dispatched inside one unit of work (see requests_context)."""

    def dispatch_request(self) -> ResponseReturnValue:
        return requests_context.dispatch_in_unit_of_work(super().dispatch_request)


def create_app(settings: Settings | None = None) -> OpenAPI:
    settings = settings or Settings()
    app = PostalApp(
        __name__,
        info=Info(title="Postal dossier service (Decision 45/2016/QĐ-TTg)", version="1.0.0"),
        security_schemes=SECURITY_SCHEMES,
        doc_prefix="/api/v1",
        doc_url="/openapi.json",
        doc_ui=True,
        validation_error_status=422,
        validation_error_callback=errors.validation_error_response,
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # a courier's offline queue may wait for hours; the token lives with the session
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.environment == "production",
        SESSION_COOKIE_HTTPONLY=True,
        POSTAL_HSTS=settings.hsts,
    )
    if settings.trusted_proxy_hops:  # the client's address and scheme as the trusted proxies saw them, no further
        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Vietnamese stays readable
    app.extensions["postal"] = requests_context.Services(
        settings=settings, engine=make_engine(settings.database_url), tasks=make_celery(settings)
    )
    errors.register(app)
    observability.register(app)
    metrics_endpoint.register(app)
    security_headers.register(app)
    presentation.register(app)
    register_api(app)
    web.register(app, api_blueprints())
    throttling.register(app, settings)
    access_rules.check_every_endpoint_has_a_rule(app)
    return app
