"""The administrator reads who read or changed which dossier, filters it and downloads it as CSV."""

import csv
import io

from .test_dispatch_pages import signed_in


def test_a_read_by_a_dispatcher_is_in_the_log_the_administrator_filters_and_exports(app, api):
    booked = api.book("send")
    reference = booked["request"]["reference"]
    api.ok(api.get(f"/requests/{reference}", as_="dispatcher"))
    entries = api.ok(api.get("/access-log", as_="admin", reference=reference))
    assert {"actor": "user:dispatcher", "purpose": "read", "reference": reference} in [
        {k: e[k] for k in ("actor", "purpose", "reference")} for e in entries
    ]
    assert all(e["reference"] == reference for e in entries)
    exported = api.get("/access-log.csv", as_="admin", actor="user:dispatcher")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows and {r["actor"] for r in rows} == {"user:dispatcher"} and reference in {r["reference"] for r in rows}
    page = signed_in(app, "admin").get(f"/admin/access-log?reference={reference}&lang=vi").get_data(as_text=True)
    assert "Nhật ký truy cập" in page and "user:dispatcher" in page
    assert api.get("/access-log", as_="dispatcher").status_code == 403
    assert signed_in(app, "dispatcher").get("/admin/access-log").status_code == 403


def test_lists_are_logged_too_one_entry_per_request_shown(app, api):
    reference = api.book("send")["request"]["reference"]
    assert api.ok(api.get("/parcels", as_="dispatcher"))
    signed_in(app, "counter").get("/counter")
    entries = api.ok(api.get("/access-log", as_="admin", reference=reference))
    purposes = [(e["actor"], e["purpose"]) for e in entries]
    assert ("user:dispatcher", "list_parcels") in purposes and ("user:counter", "list_worklist") in purposes
    assert purposes.count(("user:dispatcher", "list_parcels")) == 1
