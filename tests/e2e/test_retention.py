"""Personal data is kept no longer than its period after the request closed, kind by kind; an unanswered claim
keeps it; the custody record stays whole."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlmodel import col, select

from postal_service import jobs
from postal_service.db.engine import make_engine, new_session
from postal_service.db.files import open_store
from postal_service.db.tables import Evidence, Notification, ServiceRequest
from postal_service.domain.roles import Actor
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import retention
from postal_service.services.unit_of_work import unit_of_work

from ..factories import AGENCY_CODE
from .test_digitised_dossier import _page_photo


def _delivered(api) -> dict:
    """A result delivered on Tuesday 24 November 2026 against a signature drawn on the courier's phone."""
    booked = api.book("receive")
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-collection", {}, as_="courier1"))
    api.at(date(2026, 11, 24), 9)
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    body = api.deliver_body(result)  # its own signature, uploaded as the phone does
    api.ok(
        api.post(
            f"/parcels/{result}/delivery",
            body | {"cash_collected": booked["request"]["quote"]["total"]},
            as_="courier1",
        )
    )
    return booked


def _on(day: date) -> datetime:
    return datetime.combine(day, time(3), LOCAL_TZ)


def test_each_kind_goes_when_its_period_after_closing_is_over_and_only_once(api, settings):
    still_moving = api.book("send")["request"]["reference"]
    booked = _delivered(api)
    reference = booked["request"]["reference"]
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            assert jobs.apply_retention(session, settings, _on(date(2027, 11, 23))) == []  # 364 days after
            erased = jobs.apply_retention(session, settings, _on(date(2027, 11, 24)))
            assert sorted(erased) == [f"{reference}:evidence", f"{reference}:id_number", f"{reference}:phone"]
            assert jobs.apply_retention(session, settings, _on(date(2027, 11, 25))) == []
            session.commit()
        with new_session(engine) as session:
            request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference)).one()
            assert (request.contact_phone, request.contact_id_number) == ("0000000000", "000000000000")
            assert request.delivery_street is not None  # addresses are kept two years
            assert session.exec(select(Evidence)).all() == []
            messages = session.exec(select(Notification).where(Notification.request_id == request.id)).all()
            assert messages and all(m.recipient == "" and m.body == "" for m in messages)
            later = jobs.apply_retention(session, settings, _on(date(2028, 11, 23)))
            assert later == [f"{reference}:address"]  # the moving request keeps everything
            assert still_moving not in " ".join(later)
            session.commit()
        with new_session(engine) as session:  # all gone: the daily job reads it no more
            done = session.exec(select(ServiceRequest.reference).where(col(ServiceRequest.retention_done))).all()
            assert done == [reference]
    finally:
        engine.dispose()
    parcel = api.ok(api.get(f"/requests/{reference}", as_="dispatcher"))["parcels"][0]
    assert parcel["events"][-1]["action"] == "deliver"  # the custody record is whole


def test_an_unanswered_claim_keeps_the_data_it_needs(api, settings):
    booked = _delivered(api)
    reference = booked["request"]["reference"]
    claim = {"tracking_number": api.tracking_of(booked, "result"), "kind": "damaged", "description": "Rách"}
    api.ok(api.post(f"/requests/{reference}/claims", claim, as_="counter"), 201)
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            assert jobs.apply_retention(session, settings, _on(date(2028, 12, 1))) == []
    finally:
        engine.dispose()


def _received_with_page(api, booked: dict, page: str, number: int) -> dict:
    """A send-only request whose dossier, this page photographed at intake, the agency received (closed)."""
    tracking = api.dossier_to_agency_desk(booked, document_photos=[page])
    receipt = {"dossier_code": f"{AGENCY_CODE}-261123-000{number}", "appointment_date": "2026-12-07"}
    api.ok(api.post(f"/parcels/{tracking}/agency-receipt", receipt, as_="clerk"))
    return booked


def test_an_image_another_request_still_keeps_stays_until_that_one_lets_it_go(api, settings):
    page = _page_photo(api, "navy", (300, 120))  # the same page photographed for two dossiers: stored once
    kept, let_go = api.book("send"), api.book("send")
    kept, let_go = _received_with_page(api, kept, page, 1), _received_with_page(api, let_go, page, 2)
    claim = {"tracking_number": api.tracking_of(kept, "dossier"), "kind": "damaged", "description": "Rách"}
    api.ok(api.post(f"/requests/{kept['request']['reference']}/claims", claim, as_="counter"), 201)
    digest = page.removeprefix("evidence:")
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            erased = jobs.apply_retention(session, settings, _on(date(2028, 12, 1)))
            assert f"{let_go['request']['reference']}:evidence" in erased
            assert session.exec(select(Evidence).where(Evidence.digest == digest)).first() is not None
            session.commit()
    finally:
        engine.dispose()
    assert open_store(settings.data_dir).has(digest)


@pytest.mark.parametrize("batch", [1, retention.BATCH], ids=["a batch each", "one batch"])
def test_an_image_two_requests_let_go_the_same_day_leaves_with_them_whether_they_share_a_batch_or_not(
    api, settings, monkeypatch, batch
):
    page = _page_photo(api, "olive", (300, 120))
    first, second = api.book("send"), api.book("send")
    first, second = _received_with_page(api, first, page, 1), _received_with_page(api, second, page, 2)
    digest = page.removeprefix("evidence:")
    monkeypatch.setattr(retention, "BATCH", batch)
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(engine, settings, Actor.system(), _on(date(2028, 12, 1))) as ctx:
            erased = retention.apply_retention(ctx)  # the file leaves once this commits
            assert ctx.session.exec(select(Evidence).where(Evidence.digest == digest)).first() is None
    finally:
        engine.dispose()
    for booked in (first, second):
        assert f"{booked['request']['reference']}:evidence" in erased
    assert not open_store(settings.data_dir).has(digest)


def _signature(api, booked: dict) -> str:
    parcel = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher"))["parcels"][0]
    return next(e["evidence"]["signature_ref"] for e in parcel["events"] if e["action"] == "deliver")


def test_an_erased_file_leaves_the_store_once_the_erasure_committed_and_not_before(api, settings):
    digest = _signature(api, _delivered(api)).removeprefix("evidence:")
    store, due = open_store(settings.data_dir), _on(date(2027, 11, 24))
    assert api.get(f"/evidence/{digest}", as_="dispatcher").status_code == 200 and store.has(digest)
    engine = make_engine(settings.database_url)
    try:
        with pytest.raises(RuntimeError), unit_of_work(engine, settings, Actor.system(), due) as ctx:
            assert retention.apply_retention(ctx)
            raise RuntimeError("the job dies before it commits")
        assert store.has(digest)  # the row is still there, so is its file
        jobs.run_job("apply_retention", lambda found: None, settings, due)
    finally:
        engine.dispose()
    assert not store.has(digest)
    assert api.get(f"/evidence/{digest}", as_="dispatcher").status_code == 404
