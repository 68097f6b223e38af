"""The two peers every API figure is compared with, served by the same gunicorn in the same run.

`hello`: a bare Flask hello-world. `core_read`: Flask + SQLAlchemy Core reading one parcel and its custody
events, the least any parcel read must do.
"""

from __future__ import annotations

import os

from flask import Flask, jsonify
from sqlalchemy import create_engine, text

from postal_service.db.engine import normalise_url

hello = Flask("hello")


@hello.get("/")
def hello_world() -> str:
    return "hello"


core_read = Flask("core_read")
_engine = create_engine(normalise_url(os.environ.get("DATABASE_URL", "sqlite://")), pool_pre_ping=True)


@core_read.get("/parcel/<tracking>")
def parcel(tracking: str):  # type: ignore[no-untyped-def]
    with _engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, tracking_number, leg, status, holder, chain_month FROM parcel WHERE tracking_number = :t"),
            {"t": tracking},
        ).one()
        events = connection.execute(
            text(  # in the one month's partition the chain lives in, as the service reads it
                "SELECT sequence, action, from_status, to_status, actor, occurred_at FROM custody_event "
                "WHERE parcel_id = :p AND chain_month = :m ORDER BY sequence"
            ),
            {"p": row.id, "m": row.chain_month},
        ).all()
    body = dict(row._mapping) | {"events": [dict(e._mapping) for e in events]}
    return jsonify(body)
