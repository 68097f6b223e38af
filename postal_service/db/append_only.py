"""On PostgreSQL the custody log is append-only in the database itself: UPDATE and DELETE are refused."""

from __future__ import annotations

CREATE = (
    "CREATE OR REPLACE FUNCTION custody_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'custody events are append-only'; END $$",
    "CREATE TRIGGER custody_event_append_only BEFORE UPDATE OR DELETE ON custody_event "
    "FOR EACH ROW EXECUTE FUNCTION custody_event_append_only()",
)
DROP = (
    "DROP TRIGGER IF EXISTS custody_event_append_only ON custody_event",
    "DROP FUNCTION IF EXISTS custody_event_append_only()",
)
