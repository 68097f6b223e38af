"""The portal pulls every dossier's postal events and payments since its cursor, page by page, each once, in the
documented shape; an agency reads its own dossiers only; nobody else reads the feed."""

from __future__ import annotations

import time

from ..factories import AGENCY_CODE, OTHER_AGENCY_CODE, PROCEDURE
from .test_lgsp_orders import _key

FEED = "/portal-feed/events"


def _everything(api, after: str = "", **caller) -> tuple[list[dict], str]:
    records: list[dict] = []
    while True:
        page = api.ok(api.get(FEED, after=after, limit=2, **caller) if after else api.get(FEED, limit=2, **caller))
        records += page["records"]
        if not page["records"]:
            return records, page["next"] or after
        after = page["next"]


def _pull(api, after: str, wanted: int, **caller) -> tuple[list[dict], str]:
    """At least `wanted` records after the cursor, read again for a moment while a transaction of another test's
    database on the same PostgreSQL server holds the horizon back (as any long writer does: rows wait, none lost)."""
    records: list[dict] = []
    for _ in range(400):
        got, after = _everything(api, after, **caller)
        records += got
        if len(records) >= wanted:
            break
        time.sleep(0.05)
    return records, after


def _written(api, booked: dict) -> int:
    """What the feed must hold of a request: its envelopes' status changes and its payments."""
    request = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="admin"))
    moves = [e for p in request["parcels"] for e in p["events"] if e["from_status"] != e["to_status"]]
    return len(moves) + len(request["receipts"])


def test_the_portal_pulls_each_event_and_payment_once_across_pages_and_only_what_is_new_after(api):
    booked = api.book("both")
    dossier = api.dossier_to_agency_desk(booked)  # picked up and paid at the door, carried to the desk
    records, cursor = _pull(api, "", _written(api, booked), as_="admin")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))  # each once across the pages
    moves = [r for r in records if r["kind"] == "postal_event" and r["tracking_number"] == dossier]
    assert [r["action"] for r in moves] == ["book", "pick_up", "depart_to_agency", "present_at_agency"]
    assert {r["leg"] for r in records if r["kind"] == "postal_event"} == {"dossier", "result"}
    paid = [r for r in records if r["kind"] == "fee_payment"]
    assert sum(r["amount"] for r in paid) == booked["request"]["quote"]["total"]
    assert all(r["receipt_number"] and r["method"] == "cash_to_courier" for r in paid)
    first = moves[0]
    assert (first["procedure_code"], first["agency_code"], first["channel"]) == (PROCEDURE, AGENCY_CODE, 3)
    assert first["reference"] == booked["request"]["reference"] and first["service"] == "both"

    assert _everything(api, cursor, as_="admin") == ([], cursor)  # nothing new: the same cursor back
    receipt = {"dossier_code": f"{AGENCY_CODE}-261123-0009", "appointment_date": "2026-12-07"}
    api.ok(api.post(f"/parcels/{dossier}/agency-receipt", receipt | {"procedure_fee_received": 0}, as_="clerk"))
    new, _ = _pull(api, cursor, 1, as_="admin")
    assert [(r["action"], r["dossier_code"]) for r in new] == [("confirm_agency_receipt", receipt["dossier_code"])]


def test_an_agency_reads_its_own_dossiers_and_nobody_else_reads_the_feed(api):
    booked = api.book("both")
    api.dossier_to_agency_desk(booked)
    own, _ = _pull(api, "", _written(api, booked), headers=_key(api, AGENCY_CODE))
    assert own and {r["agency_code"] for r in own} == {AGENCY_CODE}
    assert _everything(api, headers=_key(api, OTHER_AGENCY_CODE))[0] == []
    for someone in ("courier1", "dispatcher", "counter"):
        assert api.get(FEED, as_=someone).status_code == 403, someone
    bad = api.get(FEED, as_="admin", after="12.x.4")
    assert bad.status_code == 422 and {f["field"] for f in bad.get_json()["error"]["fields"]} == {"after"}
