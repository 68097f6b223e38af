"""On PostgreSQL the custody logs (envelopes' and bags') are append-only in the database itself: UPDATE and DELETE
are refused."""

from __future__ import annotations


def create(table: str, what: str) -> tuple[str, str]:
    return (
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{what} are append-only'; END $$",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
    )


def drop(table: str) -> tuple[str, str]:
    return (f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}", f"DROP FUNCTION IF EXISTS {table}_append_only()")


CREATE, DROP = create("custody_event", "custody events"), drop("custody_event")
BAG_EVENTS_CREATE, BAG_EVENTS_DROP = create("bag_event", "bag events"), drop("bag_event")
