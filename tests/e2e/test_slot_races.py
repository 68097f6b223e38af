"""A slot is never oversold: concurrent bookings and reschedules into its last places, on both databases."""

from __future__ import annotations

import json
from datetime import datetime

from postal_service.domain.timeslots import LOCAL_TZ

from .crowd import post_at_once

NINE_THIRTY = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ).isoformat()  # the office sells 3 places per slot
ELEVEN_THIRTY = datetime(2026, 11, 23, 11, 30, tzinfo=LOCAL_TZ).isoformat()


def _booking(api, i: int) -> bytes:
    contact = {"name": f"Người gửi {i}", "phone": f"09{i:08d}", "id_number": f"0010901{i:05d}"}
    return json.dumps(api.booking("send", contact=contact, slot_start=NINE_THIRTY)).encode()


def test_thirty_bookings_at_once_for_a_three_place_slot_sell_exactly_three(api):
    answers = post_at_once(api.app, [("/api/v1/requests", _booking(api, i), {}) for i in range(30)])
    assert sorted(a.status for a in answers) == [201] * 3 + [422] * 27
    refused = next(a for a in answers if a.status == 422).json()["error"]["fields"]
    assert refused == [{"field": "slot_start", "message": "this slot is full; choose another"}]
    slots = api.ok(api.get("/post-offices/100000/slots", date="2026-11-23"))
    nine_thirty = datetime.fromisoformat(NINE_THIRTY)
    assert next(s for s in slots if datetime.fromisoformat(s["start"]) == nine_thirty)["places_left"] == 0


def test_ten_reschedules_at_once_into_one_last_place_move_exactly_one(api):
    for _ in range(2):
        api.ok(api.post("/requests", api.booking("send", slot_start=NINE_THIRTY)), 201)
    movers = [api.ok(api.post("/requests", api.booking("send", slot_start=ELEVEN_THIRTY)), 201) for _ in range(3)]
    movers += [
        api.ok(api.post("/requests", api.booking("send", slot_start=ELEVEN_THIRTY.replace("11:30", "13:30"))), 201)
        for _ in range(3)
    ]
    body = json.dumps({"slot_start": NINE_THIRTY}).encode()
    calls = [
        (
            f"/api/v1/requests/{m['request']['reference']}/reschedule",
            body,
            {"Authorization": f"Bearer {m['citizen_token']}"},
        )
        for m in movers
    ]
    answers = post_at_once(api.app, calls)
    assert sorted(a.status for a in answers) == [200] + [422] * 5
