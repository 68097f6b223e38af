"""Agency systems report where the dossier stands; every report is kept and the citizen reads it in words."""

from __future__ import annotations


def test_every_reported_status_is_kept_and_shown_to_the_citizen_in_words_with_whose_time_it_was(app, api):
    booked = api.book("receive")
    reference = booked["request"]["reference"]
    assert booked["request"]["national_status"] == 4  # the agency is already processing the dossier
    api.later(hours=30)
    report = {"code": 9, "note": "Đã có kết quả, chờ bưu điện đến nhận"}
    api.ok(api.post(f"/requests/{reference}/national-status", report, as_="clerk"))
    request = api.ok(api.get(f"/requests/{reference}", as_="clerk"))
    assert [(r["code"], r["label_vi"]) for r in request["national_history"]] == [
        (4, "Đang xử lý"),
        (9, "Đã xử lý xong"),
    ]
    assert request["national_history"][1]["note"] == report["note"]
    assert request["hours_held"]["agency"] > 0
    citizen = app.test_client()
    with citizen.session_transaction() as session:
        session["citizen"] = reference
    page = citizen.get(f"/track/{reference}").get_data(as_text=True)
    assert "Tại cơ quan giải quyết" in page and "Đã xử lý xong" in page and report["note"] in page
    assert "Thời gian đến nay" in page and "tại cơ quan" in page
