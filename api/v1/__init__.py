"""JSON API under /api/v1; the OpenAPI document is generated from these typed views."""

from __future__ import annotations

from flask_openapi3 import OpenAPI

from . import auth, catalogue, parcels, requests, scan


def api_blueprints() -> list[object]:
    return [auth.bp, catalogue.bp, requests.bp, parcels.bp, scan.bp]


def register_api(app: OpenAPI) -> None:
    for blueprint in (auth.bp, catalogue.bp, requests.bp, parcels.bp, scan.bp):
        app.register_api(blueprint)
