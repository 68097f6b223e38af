"""A booking finds the office serving its commune through the commune's rows (`served_commune`), which follow
every office written: created through the API, or its list of communes changed."""

from __future__ import annotations

from sqlmodel import Session, select

from postal_service.db.tables import PostOffice, ServedCommune

from ..factories import HOURS, OFFICE
from .network_world import DA_NANG, HAI_CHAU, THANH_KHE, place


def _office(api, code: str, communes: list[int]) -> None:
    body = {
        "code": code,
        "name": f"Bưu cục {code}",
        "address": place(DA_NANG, HAI_CHAU, 16.07, 108.22),
        "communes_served": communes,
        "opening_hours": HOURS,
    }
    api.ok(api.post("/post-offices", body, as_="admin"), 201)


def _served(app) -> set[tuple[int, str]]:
    with Session(app.extensions["postal"].engine) as session:
        rows = session.exec(
            select(ServedCommune.commune_code, PostOffice.code).join(
                PostOffice, PostOffice.id == ServedCommune.post_office_id
            )
        )
        return {(commune, code) for commune, code in rows if code != OFFICE}


def test_a_booking_goes_to_the_first_office_by_code_that_serves_its_commune_as_the_offices_are_written(app, api):
    _office(api, "550200", [THANH_KHE, HAI_CHAU, HAI_CHAU])
    _office(api, "550100", [HAI_CHAU])
    assert _served(app) == {(THANH_KHE, "550200"), (HAI_CHAU, "550200"), (HAI_CHAU, "550100")}
    address = place(DA_NANG, HAI_CHAU, 16.07, 108.22)
    booked = api.book("receive", delivery_address=address)
    assert booked["request"]["post_office_code"] == "550100"
    with Session(app.extensions["postal"].engine) as session:  # the office's list changed: its rows follow
        office = session.exec(select(PostOffice).where(PostOffice.code == "550100")).one()
        office.communes_served = [THANH_KHE]
        session.add(office)
        session.commit()
    assert _served(app) == {(THANH_KHE, "550200"), (HAI_CHAU, "550200"), (THANH_KHE, "550100")}
    assert api.book("receive", delivery_address=address)["request"]["post_office_code"] == "550200"
