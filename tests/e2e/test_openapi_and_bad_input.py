"""The OpenAPI document is valid and complete; malformed input anywhere is a 4xx that names fields, never a 5xx."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

JUNK_BODIES: list[Any] = [None, "text", [], 12, {"unexpected": True}, {"payload": None, "code": [], "date": {}}]
PATH_VALUES = {
    "tracking": ["RH000000015VN", "RH000000014VN", "nonsense"],
    "reference": ["D45-ZZZZZZ", "!"],
    "code": ["999", "zz"],
}


def operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [(method, path) for path, item in spec["paths"].items() for method in item if method in ("get", "post")]


def concrete_paths(path: str) -> list[str]:
    results = [path]
    for name, values in PATH_VALUES.items():
        results = (
            [p.replace("{" + name + "}", v) for p in results for v in values] if "{" + name + "}" in path else results
        )
    return results


def test_the_openapi_document_is_valid_and_covers_every_api_route(app, api):
    spec = api.ok(api.client.get("/api/v1/openapi.json"))
    validate(spec)
    documented = {p.replace("{", "<").replace("}", ">") for p in spec["paths"]}
    routes = {r.rule.replace("<int:", "<") for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/")}
    routes -= {"/api/v1/openapi.json", "/api/v1/", "/api/v1/static/<path:filename>"}  # the document itself
    assert routes <= documented
    assert len(operations(spec)) >= 45


def test_malformed_input_on_every_endpoint_is_a_4xx_in_the_error_shape(api):
    spec = api.ok(api.client.get("/api/v1/openapi.json"))
    api.book("both")
    checked = 0
    for who in (None, "admin", "courier1", "clerk"):
        headers = api.login(who) if who else {}
        for method, path in operations(spec):
            for url in concrete_paths(path.replace("/api/v1", "")):
                bodies = JUNK_BODIES if method == "post" else [None]
                for body in bodies:
                    if method == "post":
                        response = api.client.post(f"/api/v1{url}", json=body, headers=headers)
                    else:
                        response = api.client.get(
                            f"/api/v1{url}", query_string={"date": "x", "leg": "z", "limit": -1}, headers=headers
                        )
                    assert response.status_code < 500, (method, url, body, response.get_data(as_text=True))
                    if response.status_code >= 400:
                        error = response.get_json()["error"]
                        assert error["status"] == response.status_code and error["message"]
                    checked += 1
    assert checked > 1000


def test_a_booking_with_many_bad_fields_names_every_one(api):
    body = api.booking("both")
    body["contact"] = {"name": "", "phone": "12345", "id_number": "000000000000"}
    body["pickup_address"] = {**body["pickup_address"], "province_code": 99, "latitude": 200}
    body["slot_start"] = "2026-11-23T09:30:00"
    response = api.post("/requests", body)
    assert response.status_code == 422
    named = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert {
        "contact.name",
        "contact.phone",
        "contact.id_number",
        "pickup_address.province_code",
        "pickup_address.latitude",
        "slot_start",
    } <= named


def test_booking_rules_that_need_the_catalogue_are_all_reported_together(api):
    body = api.booking("both", procedure_code="1.003235", consent=False, slot_start="2026-11-23T08:00:00+07:00")
    body["pickup_address"]["commune_code"] = 4  # Ba Đình: not served by the test post office
    response = api.post("/requests", body)
    assert response.status_code == 422
    named = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert named == {"procedure_code", "consent", "pickup_address.commune_code"}


def test_an_address_commune_must_belong_to_its_province(api):
    body = api.booking("send")
    body["pickup_address"]["commune_code"] = 26882  # Phường An Hội Tây, Hồ Chí Minh City
    response = api.post("/requests", body)
    assert response.status_code == 422
    assert "not in province" in response.get_json()["error"]["fields"][0]["message"]


def test_a_full_slot_is_refused_and_a_past_slot_too(api):
    for _ in range(3):  # the test post office takes three pickups per slot
        api.book("send")
    full = api.post("/requests", api.booking("send"))
    assert full.status_code == 422 and "full" in full.get_json()["error"]["fields"][0]["message"]
    past = api.post("/requests", api.booking("send", slot_start="2026-11-20T09:30:00+07:00"))
    assert past.status_code == 422
    slots = api.ok(api.get("/post-offices/100000/slots", date="2026-11-23"))
    first = slots[0]  # 07:30 starts within the hour of lead time, so 09:30 is the first slot offered
    assert (first["label"][-11:], first["places_left"]) == ("09:30–11:30", 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
        max_leaves=20,
    )
)
def test_any_json_sent_as_a_booking_is_answered_without_a_server_error(api, body):
    response = api.client.post("/api/v1/requests", json=body)
    assert response.status_code in (201, 422)


def test_texts_are_measured_as_sent_then_stripped_and_never_only_white_space(api):
    body = api.booking("send")
    body["contact"] = {**body["contact"], "name": "  Trần Thị Lan  ", "phone": " 0912.345.678 "}
    booked = api.ok(api.post("/requests", body), 201)
    assert booked["request"]["contact_name"] == "Trần Thị Lan"
    too_long = api.post("/requests", api.booking("send") | {"procedure_code": "1.003235" + " " * 40})
    blank = api.post("/requests", api.booking("send") | {"procedure_code": "\u3000 "})
    assert too_long.status_code == blank.status_code == 422
    assert {f["field"] for f in blank.get_json()["error"]["fields"]} == {"procedure_code"}


def test_the_document_states_the_rules_between_booking_fields_and_the_formats_of_codes(api):
    schemas = api.client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    booking = schemas["BookingCreate"]
    ifs = [rule["anyOf"][0]["not"]["properties"] for rule in booking["allOf"]]
    assert {"service": {"enum": ["receive"]}} in ifs and {"intake": {"enum": ["pickup"]}} in ifs
    assert booking["properties"]["consent"]["const"] is True
    contact = schemas["Contact"]["properties"]
    assert "(00[1-9]|0[1-8][0-9]|09[0-6])" in contact["id_number"]["pattern"]
    assert "[35789]" in contact["phone"]["pattern"]
    assert schemas["StaffCreate"]["allOf"][0]["anyOf"][1]["required"] == ["agency_code"]
