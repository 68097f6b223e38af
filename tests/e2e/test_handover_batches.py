"""Ten envelopes handed over at an agency desk in one confirmation each way: one event per envelope, all in one
transaction or none; a courier stepping one of them at the same moment loses cleanly (or wins, and the batch
records nothing); a door batch shares one signature."""

from __future__ import annotations

import threading

from postal_service.domain.lifecycle import Leg

TEN = 10


def _ready_results(api, count: int = TEN) -> list[str]:
    results = []
    for _ in range(count):
        result = api.tracking_of(api.book("receive"), "result")
        api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
        results.append(result)
    return results


def _batch(api, step: str, trackings: list[str], as_: str, fields: dict | None = None, scanned: bool = True):
    envelopes = [
        {"tracking_number": t, **({"scanned_qr": api.label(t, Leg.RESULT)} if scanned else {})} for t in trackings
    ]
    return api.post("/handovers", {"step": step, "envelopes": envelopes, "fields": fields or {}}, as_=as_)


def _events(api, tracking: str) -> list[str]:
    return [e["action"] for e in api.ok(api.get(f"/parcels/{tracking}", as_="admin"))["events"]]


def test_ten_results_are_offered_and_taken_in_one_confirmation_each_one_event_per_envelope(api):
    results = _ready_results(api)
    offered = api.ok(_batch(api, "result-offer", results, "clerk", {"courier_username": "courier1"}, scanned=False))
    assert [p["tracking_number"] for p in offered["envelopes"]] == results
    taken = api.ok(_batch(api, "result-collection", results, "courier1"))
    assert {p["status"] for p in taken["envelopes"]} == {"collected_from_agency"}
    for tracking in results:
        assert _events(api, tracking).count("confirm_result_collection") == 1
        assert _events(api, tracking).count("offer_result") == 1


def test_a_batch_with_one_envelope_not_ready_records_nothing_and_names_it(api):
    results = _ready_results(api, 3)
    late = api.tracking_of(api.book("receive"), "result")  # not ready at the agency yet
    refused = _batch(api, "result-offer", [*results, late], "clerk", {"courier_username": "courier1"}, scanned=False)
    assert refused.status_code == 409 and late in refused.get_json()["error"]["message"]
    for tracking in results:
        assert "offer_result" not in _events(api, tracking)  # the three before it were rolled back with it


def test_a_batch_names_the_envelope_and_the_field_it_refuses(api):
    results = _ready_results(api, 2)
    api.ok(_batch(api, "result-offer", results, "clerk", {"courier_username": "courier1"}, scanned=False))
    unscanned = _batch(api, "result-collection", results, "courier1", scanned=False)
    assert unscanned.status_code == 422
    assert {f["field"] for f in unscanned.get_json()["error"]["fields"]} <= {
        "envelopes.0.scanned_qr",
        "envelopes.0.unscanned_reason",
        "envelopes.1.scanned_qr",
        "envelopes.1.unscanned_reason",
    }
    for_all = {
        "step": "result-collection",
        "envelopes": [{"tracking_number": results[0]}],
        "fields": {"scanned_qr": "x"},
    }
    misplaced = api.post("/handovers", for_all, as_="courier1")
    assert [f["field"] for f in misplaced.get_json()["error"]["fields"]] == ["fields.scanned_qr"]
    unknown = api.post("/handovers", {"step": "teleport", "envelopes": [{"tracking_number": results[0]}]}, as_="clerk")
    assert [f["field"] for f in unknown.get_json()["error"]["fields"]] == ["step"]
    twice = api.post(
        "/handovers",
        {"step": "result-collection", "envelopes": [{"tracking_number": results[0]}] * 2},
        as_="courier1",
    )
    assert twice.status_code == 422
    stranger = _batch(api, "result-collection", results, "courier2")
    assert stranger.status_code == 403  # offered to courier1
    assert api.post("/handovers", {"step": "result-collection", "envelopes": []}).status_code == 401


def test_a_courier_stepping_one_envelope_while_the_batch_runs_loses_or_wins_cleanly(api):
    results = _ready_results(api)
    api.ok(_batch(api, "result-offer", results, "clerk", {"courier_username": "courier1"}, scanned=False))
    alone = results[4]
    answers: dict[str, int] = {}
    start = threading.Barrier(2)

    def batch() -> None:
        start.wait()
        answers["batch"] = _batch(api, "result-collection", results, "courier1").status_code

    def single() -> None:
        start.wait()
        body = {"scanned_qr": api.label(alone, Leg.RESULT)}
        answers["single"] = api.post(f"/parcels/{alone}/result-collection", body, as_="courier1").status_code

    api.login("courier1")  # signed in before the race, so both threads only step
    threads = [threading.Thread(target=batch), threading.Thread(target=single)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [200, 409], answers
    assert _events(api, alone).count("confirm_result_collection") == 1
    others = [t for t in results if t != alone]
    collected = [t for t in others if "confirm_result_collection" in _events(api, t)]
    assert collected == (others if answers["batch"] == 200 else [])  # all of the batch, or none of it


def test_two_envelopes_at_one_door_share_the_signature_drawn_once(api):
    first, second = _ready_results(api, 2)
    api.ok(_batch(api, "result-offer", [first, second], "clerk", {"courier_username": "courier1"}, scanned=False))
    for step in ("result-collection", "arrival", "delivery-start"):
        api.ok(_batch(api, step, [first, second], "courier1"))
    signed = api.proof(first, "one signature for both")
    fields = api.deliver_body(first, signature_ref=signed, cash_collected=33_000)
    del fields["scanned_qr"]  # each envelope's own label goes with it
    delivered = api.ok(_batch(api, "delivery", [first, second], "courier1", fields))
    assert {p["status"] for p in delivered["envelopes"]} == {"delivered"}
    for tracking in (first, second):
        parcel = api.ok(api.get(f"/parcels/{tracking}", as_="admin"))
        assert parcel["events"][-1]["evidence"]["signature_ref"] == signed
