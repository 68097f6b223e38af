"""JSON API under /api/v1; the OpenAPI document is generated from these typed views."""

from __future__ import annotations

from flask_openapi3 import APIBlueprint, OpenAPI

from . import (
    access_log,
    auth,
    bags,
    calendar,
    cash,
    catalogue,
    claims,
    handovers,
    kpis,
    lgsp,
    network,
    parcels,
    payments,
    plans,
    requests,
    rosters,
    scan,
    serial_ranges,
    statements,
    tariffs,
    webhooks,
)


def api_blueprints() -> list[APIBlueprint]:
    return [
        auth.bp,
        catalogue.bp,
        requests.bp,
        parcels.bp,
        handovers.bp,
        plans.bp,
        scan.bp,
        webhooks.bp,
        lgsp.bp,
        cash.bp,
        access_log.bp,
        statements.bp,
        payments.bp,
        claims.bp,
        kpis.bp,
        network.bp,
        network.agencies,
        bags.bp,
        calendar.bp,
        rosters.bp,
        serial_ranges.bp,
        tariffs.bp,
    ]


def register_api(app: OpenAPI) -> None:
    for blueprint in api_blueprints():
        app.register_api(blueprint)
