"""A door booked without coordinates: the dispatcher places it, on the parcel page or through the API."""

from ..factories import OFFICE
from .test_dispatch_pages import signed_in


def booked_without_coordinates(api):
    address = api.booking("send")["pickup_address"]
    del address["latitude"], address["longitude"]
    return api.book("send", pickup_address=address)


def test_the_dispatcher_is_asked_to_place_a_door_that_has_no_coordinates(app, api):
    tracking = api.tracking_of(booked_without_coordinates(api), "dossier")
    page = signed_in(app, "dispatcher").get(f"/dispatch/parcel/{tracking}").get_data(as_text=True)
    assert f"/api/v1/parcels/{tracking}/door" in page
    assert "Chưa có vị trí" in page


def test_a_placed_door_is_kept_on_the_request_and_a_swapped_one_is_refused_naming_both_fields(api):
    booked = booked_without_coordinates(api)
    tracking = api.tracking_of(booked, "dossier")
    swapped = api.post(f"/parcels/{tracking}/door", {"latitude": 105.84, "longitude": 21.03}, as_="dispatcher")
    assert swapped.status_code == 422
    assert {f["field"] for f in swapped.get_json()["error"]["fields"]} == {"latitude", "longitude"}
    placed = api.ok(api.post(f"/parcels/{tracking}/door", {"latitude": 21.026, "longitude": 105.845}, as_="dispatcher"))
    assert placed["tracking_number"] == tracking
    door = api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher").get_json()["pickup_address"]
    assert (door["latitude"], door["longitude"]) == (21.026, 105.845)


def test_a_dossier_brought_to_the_post_office_has_no_door_to_place(api):
    booked = api.book("send", intake="drop_off", pickup_address=None, slot_start=None, drop_off_post_office_code=OFFICE)
    tracking = api.tracking_of(booked, "dossier")
    answer = api.post(f"/parcels/{tracking}/door", {"latitude": 21.026, "longitude": 105.845}, as_="dispatcher")
    assert answer.status_code == 409
