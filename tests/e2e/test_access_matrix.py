"""The access matrix, generated from the route table × the callers × own and foreign objects.

Every API endpoint must have a rule in api/access_rules.py (a new one without fails here and at start-up);
each rule is then tried as every kind of caller against a request and parcel that are theirs or not.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from api.access_rules import RULES, Reach, api_endpoints
from postal_service.db.queries import user_by_username
from postal_service.domain.access import GRANTS, Capability
from postal_service.domain.lifecycle import Leg
from postal_service.domain.roles import Role
from postal_service.services.bag_steps import BAG_STEPS
from postal_service.services.step_registry import STEPS

from ..factories import AGENCY_CODE

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

ROLE_OF = {
    "admin": Role.ADMIN,
    "dispatcher": Role.DISPATCHER,
    "counter": Role.COUNTER,
    "manager": Role.MANAGER,
    "courier1": Role.COURIER,
    "courier2": Role.COURIER,
    "clerk": Role.AGENCY,
    "otherclerk": Role.AGENCY,
}
# may see the booked request and its parcel
OWNERS = ("citizen", "courier1", "clerk", "dispatcher", "counter", "manager", "admin")
STRANGERS = ("other_citizen", "courier2", "otherclerk")
STEP_BODIES = {
    "Step": {},
    "Pickup": {"seal_number": "S-1", "documents_present": ["x"], "id_checked": True, "cash_collected": 0},
    "IncompleteIntake": {"missing_documents": ["x"]},
    "AgencyReceipt": {"dossier_code": f"{AGENCY_CODE}-261123-0001", "appointment_date": "2026-12-07"},
    "AgencyRefusal": {"reason": "thiếu"},
    "SupplementRequest": {"reason": "thiếu", "missing_documents": ["x"], "dossier_code": f"{AGENCY_CODE}-261123-0001"},
    "ResultOffer": {"courier_username": "courier1"},
    "Delivery": {"receiver_name": "An", "receiver_id_number": "001090123456", "signature_ref": "evidence:" + "0" * 64},
    "FailedAttempt": {"reason": "nobody_home"},
}


@pytest.fixture
def world_of_callers(api):
    """A booked request whose dossier is on courier1's route, another citizen's request, courier1's cash of the
    day counted in by the counter, and everyone's headers."""
    mine, theirs = api.book("both"), api.book("receive")
    dossier = api.tracking_of(mine, "dossier")
    api.ok(api.post(f"/parcels/{dossier}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    counted = {"courier_username": "courier1", "declared": 0, "counted": 0}  # handover 1, counted by the counter
    api.ok(api.post("/post-offices/100000/cash-handovers", counted, as_="counter"), 201)
    headers = {name: api.login(name) for name in ROLE_OF}
    headers["citizen"] = {"Authorization": f"Bearer {mine['citizen_token']}"}
    headers["other_citizen"] = {"Authorization": f"Bearer {theirs['citizen_token']}"}
    headers["anonymous"] = {}
    return api, headers, mine["request"]["reference"], dossier


def _call(api, endpoint: str, headers, reference: str, tracking: str):
    rule = next(r for r in api.app.url_map.iter_rules() if r.endpoint == endpoint)
    path = (
        rule.rule.replace("<reference>", reference)
        .replace("<tracking>", tracking)
        .replace("<code>", "100000")
        .replace("<int:code>", "1")
        .replace("<int:plan_id>", "1")
        .replace("<int:webhook_id>", "1")
        .replace("<int:delivery_id>", "1")
        .replace("<int:handover_id>", "1")
        .replace("<int:claim_id>", "1")
        .replace("<digest>", "0" * 64)
        .replace("<path:filename>", "missing.js")
        .replace("<paper>", "dossier-slip")
        .replace("<provider>", "fake")
        .replace("<int:year>", "2027")
        .replace("<day>", "2027-02-13")
        .replace("<int:courier_id>", str(_courier_id(api, "courier1")))
        .replace("<int:change_id>", "1")
    )
    method = next(m for m in ("POST", "PUT", "DELETE", "GET") if m in rule.methods)
    body = _body(endpoint) if method in ("POST", "PUT") else None
    return api.client.open(path, method=method, json=body, headers=headers, query_string=QUERIES.get(endpoint))


def _courier_id(api, username: str) -> int:
    with Session(api.app.extensions["postal"].engine) as session:
        return user_by_username(session, username).id


# Reads of something a later step makes (the digitised dossier, at an intake with photos): before it, the owner
# passes the access check and is told it does not exist yet; test_digitised_dossier reads one that does.
MADE_LATER = {"parcels.dossier_pdf", "parcels.paper_pdf", "parcels.proof_pdf"}  # 404 or 409 until its step


# Reads that need a question to answer (a list's filters are optional; these are not).
QUERIES = {"network.journey": {"origin": "100000", "destination": "100000", "ready": "2026-11-23T09:00:00+07:00"}}


BAG_STEP_BODIES = {
    "EnvelopeScan": {"tracking_number": "RH000000014VN"},
    "BagSeal": {"seal_number": "KC-1"},
    "DriverHandover": {"driver_username": "driver1"},
    "BagBoarding": {"scanned_qr": "TUI000000001.B.k1.xxxxxxxxxxxxxxxxxxxxxx"},
    "SealCheck": {"seal_number": "KC-1"},
    "BagUnpacking": {"scanned": []},
}


def _body(endpoint: str) -> dict:
    step = next((s for s in STEPS if f"parcels.{s.endpoint}" == endpoint), None)
    if step is not None:
        return STEP_BODIES[step.body.__name__]
    bag_step = next((s for s in BAG_STEPS if f"bags.{s.endpoint}" == endpoint), None)
    if bag_step is not None:
        return BAG_STEP_BODIES[bag_step.body.__name__]
    bodies = {
        "requests.reschedule": {"slot_start": "2026-11-24T09:30:00+07:00"},
        "rosters.set_week": {"shifts": {"mon": ["08:00", "17:00"]}},
        "rosters.add_change": {"kind": "leave", "first_day": "2026-11-24"},
        "requests.supplement": {"intake": "drop_off"},
        "parcels.place_door": {"latitude": 21.03, "longitude": 105.84},
        "cash.count_in": {"courier_username": "courier1", "declared": 0, "counted": 0},
        "claims.file": {"tracking_number": "RH000000015VN", "kind": "late", "description": "Chậm"},
        "bags.open_bag": {"destination": "KTHN"},
        "network.create_hub": {
            "code": "KTHN",
            "name": "Khai thác",
            "address": {
                "street": "1 Trục",
                "province_code": 1,
                "commune_code": 70,
                "latitude": 21.0,
                "longitude": 105.8,
            },
        },
        "network.add_run": {
            "code": "R1",
            "origin": "100000",
            "destination": "KTHN",
            "weekdays": ["mon"],
            "departs": "10:00",
            "arrives": "11:00",
        },
        "network.load_timetable": {
            "runs": [
                {
                    "code": "R1",
                    "origin": "100000",
                    "destination": "KTHN",
                    "weekdays": ["mon"],
                    "departs": "10:00",
                    "arrives": "11:00",
                }
            ]
        },
    }
    return bodies.get(endpoint, {})


def test_every_api_endpoint_has_an_access_rule(app):
    assert api_endpoints(app) == set(RULES)


def test_without_credentials_only_public_endpoints_answer(world_of_callers):
    api, headers, reference, tracking = world_of_callers
    for endpoint, rule in RULES.items():
        status = _call(api, endpoint, headers["anonymous"], reference, tracking).status_code
        assert (status == 401) == (rule is not Reach.PUBLIC), (endpoint, status)


def test_a_capability_is_refused_to_every_role_without_it(world_of_callers):
    api, headers, reference, tracking = world_of_callers
    for endpoint, rule in RULES.items():
        if not isinstance(rule, Capability):
            continue
        for name, role in ROLE_OF.items():
            status = _call(api, endpoint, headers[name], reference, tracking).status_code
            assert (status == 403) == (role not in GRANTS[rule][0]), (endpoint, name, status)


def test_someone_elses_request_or_parcel_is_refused_to_every_stranger(world_of_callers):
    api, headers, reference, tracking = world_of_callers
    for endpoint, rule in RULES.items():
        if rule not in (Reach.OWN_REQUEST, Reach.OWN_PARCEL, Reach.STEP):
            continue
        for name in STRANGERS:
            status = _call(api, endpoint, headers[name], reference, tracking).status_code
            assert status == 403, (endpoint, name, status)


def test_every_owner_reads_what_is_theirs_and_every_signed_in_caller_gets_its_lists(world_of_callers):
    api, headers, reference, tracking = world_of_callers
    reads = [
        e for e, r in RULES.items() if r in (Reach.OWN_REQUEST, Reach.OWN_PARCEL) and "POST" not in _methods(api, e)
    ]
    lists = [e for e, r in RULES.items() if r is Reach.SIGNED_IN and "POST" not in _methods(api, e)]
    for endpoint in reads:
        for name in OWNERS:
            status = _call(api, endpoint, headers[name], reference, tracking).status_code
            assert status == 200 or (endpoint in MADE_LATER and status in (404, 409)), (endpoint, name, status)
    for endpoint in lists:
        for name in (*OWNERS, *STRANGERS):
            assert _call(api, endpoint, headers[name], reference, tracking).status_code == 200, (endpoint, name)


def test_a_step_is_refused_to_a_role_its_transition_does_not_name(world_of_callers):
    """At the step's own starting status, a role outside the transition is refused even on its own parcel."""
    api, headers, reference, tracking = world_of_callers
    pickup = next(s for s in STEPS if s.endpoint == "pickup")
    for name in ("clerk", "dispatcher", "citizen"):
        status = _call(api, f"parcels.{pickup.endpoint}", headers[name], reference, tracking).status_code
        assert status == 403, (name, status)
    assert Leg.DOSSIER in pickup.legs and pickup.roles == {Role.COURIER}


def _methods(api, endpoint: str) -> set[str]:
    return next(r.methods for r in api.app.url_map.iter_rules() if r.endpoint == endpoint)
