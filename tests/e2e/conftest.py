"""The app on a real database, a test client, and a small helper that speaks the API like its users."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from api import create_app
from postal_service import qr
from postal_service.domain.lifecycle import Leg
from postal_service.domain.timeslots import LOCAL_TZ

from ..conftest import MONDAY_MORNING
from ..factories import CUA_NAM, DOCUMENTS, PASSWORD, PROCEDURE

STEP_PATH = re.compile(r"^/parcels/([A-Z]{2}\d{9}[A-Z]{2})/(?!assignment$)[a-z-]+$")
COURIERS = {"courier1", "courier2", "nocash"}


def _named(text: str) -> PngInfo:
    """A text chunk that makes each proof's bytes (and so its digest) its own."""
    info = PngInfo()
    info.add_text("Comment", text)
    return info


class Api:
    def __init__(self, app) -> None:
        self.app = app
        self.client = app.test_client()
        self.now = MONDAY_MORNING
        app.extensions["postal"].clock = lambda: self.now
        self._tokens: dict[str, str] = {}
        self._proofs = itertools.count()

    # identity -----------------------------------------------------------------
    def login(self, username: str) -> dict[str, str]:
        if username not in self._tokens:
            response = self.client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
            assert response.status_code == 200, response.get_json()
            self._tokens[username] = response.get_json()["token"]
        return {"Authorization": f"Bearer {self._tokens[username]}"}

    def _headers(self, as_: str | None, key: str | None, headers: dict[str, str] | None) -> dict[str, str]:
        result = dict(headers or {})
        if as_ is not None and not as_.startswith("token:"):
            result.update(self.login(as_))
        elif as_ is not None:
            result["Authorization"] = f"Bearer {as_.removeprefix('token:')}"
        if key is not None:
            result["Idempotency-Key"] = key
        return result

    def post(
        self,
        path: str,
        json: Any = None,
        as_: str | None = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        body = self._scanned_by_the_courier(path, {} if json is None else json, as_)
        return self.client.post(f"/api/v1{path}", json=body, headers=self._headers(as_, key, headers))

    def _scanned_by_the_courier(self, path: str, body: Any, as_: str | None) -> Any:
        """A courier's phone sends the label it scanned with every step (the server refuses a step without it or
        a reason): tests speak as that phone unless they say what was scanned, or why nothing was."""
        step = STEP_PATH.match(path)
        courier = as_ in COURIERS
        if not (step and courier and isinstance(body, dict)) or {"scanned_qr", "unscanned_reason"} & set(body):
            return body
        parcel = self.get(f"/parcels/{step.group(1)}", as_="admin").get_json()
        return {**body, "scanned_qr": self.label(step.group(1), Leg(parcel["leg"]))} if "leg" in parcel else body

    def put(self, path: str, json: Any, as_: str | None = None):
        return self.client.put(f"/api/v1{path}", json=json, headers=self._headers(as_, None, None))

    def delete(self, path: str, as_: str | None = None):
        return self.client.delete(f"/api/v1{path}", headers=self._headers(as_, None, None))

    def get(self, path: str, as_: str | None = None, headers: dict[str, str] | None = None, **query: Any):
        return self.client.get(f"/api/v1{path}", query_string=query, headers=self._headers(as_, None, headers))

    def ok(self, response, status: int = 200) -> Any:
        assert response.status_code == status, response.get_json()
        return response.get_json()

    # time ------------------------------------------------------------------------
    def at(self, day: date, hour: int, minute: int = 0) -> None:
        self.now = datetime.combine(day, time(hour, minute), LOCAL_TZ)

    def later(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)

    # domain helpers ---------------------------------------------------------------
    def label(self, tracking: str, leg: Leg) -> str:
        return qr.sign(self.app.extensions["postal"].settings.qr_key_ring, tracking, leg)

    def booking(self, service: str = "both", **overrides: Any) -> dict[str, Any]:
        slot = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ).isoformat()
        address = {
            "street": "5 Phố Tràng Thi",
            "province_code": 1,
            "commune_code": CUA_NAM,
            "latitude": 21.026,
            "longitude": 105.845,
        }
        body: dict[str, Any] = {
            "service": service,
            "procedure_code": PROCEDURE,
            "contact": {"name": "Nguyễn Văn An", "phone": "+84 912 345 678", "id_number": "001090123456"},
            "consent": True,
        }
        if service != "receive":
            body |= {"intake": "pickup", "pickup_address": address, "slot_start": slot}
        else:
            body |= {"delivery_address": address, "dossier_code": "000.00.15.G02-261120-0007"}
        return body | overrides

    def book(self, service: str = "both", **overrides: Any) -> dict[str, Any]:
        return self.ok(self.post("/requests", self.booking(service, **overrides), key=None), 201)

    def tracking_of(self, booked: dict[str, Any], leg: str) -> str:
        return next(p["tracking_number"] for p in booked["request"]["parcels"] if p["leg"] == leg)

    def pickup_body(self, tracking: str, cash: int, **overrides: Any) -> dict[str, Any]:
        return {
            "seal_number": "SEAL-0001",
            "documents_present": DOCUMENTS,
            "id_checked": True,
            "cash_collected": cash,
            "signature_ref": overrides.get("signature_ref") or self.proof(tracking, "pickup signature"),
            "scanned_qr": self.label(tracking, Leg.DOSSIER),
            "latitude": 21.026,
            "longitude": 105.845,
        } | overrides

    def proof(self, tracking: str, what: str) -> str:
        """An image of its own for this envelope's proof, uploaded as a courier's phone does: its `evidence:` ref."""
        image = Image.new("L", (64, 16), 255)
        ImageDraw.Draw(image).text((1, 1), f"{tracking} {what}", fill=0)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", pnginfo=_named(f"{tracking} {what} {next(self._proofs)}"))
        form = {"file": (io.BytesIO(buffer.getvalue()), "proof.png")}
        stored = self.client.post(
            "/api/v1/evidence", data=form, content_type="multipart/form-data", headers=self.login("courier1")
        )
        return str(self.ok(stored, 201)["ref"])

    def deliver_body(self, tracking: str, **overrides: Any) -> dict[str, Any]:
        return {
            "receiver_name": "Nguyễn Văn An",
            "receiver_id_number": "001090123456",
            "signature_ref": overrides.get("signature_ref") or self.proof(tracking, "delivery signature"),
            "scanned_qr": self.label(tracking, Leg.RESULT),
        } | overrides

    def dossier_to_agency_desk(self, booked: dict[str, Any], courier: str = "courier1", **pickup: Any) -> str:
        tracking = self.tracking_of(booked, "dossier")
        self.ok(self.post(f"/parcels/{tracking}/assignment", {"courier_username": courier}, as_="dispatcher"))
        self.at(date(2026, 11, 23), 9, 45)
        due = booked["request"]["quote"]["total"]
        self.ok(self.post(f"/parcels/{tracking}/pickup", self.pickup_body(tracking, due, **pickup), as_=courier))
        self.later(minutes=40)
        self.ok(self.post(f"/parcels/{tracking}/departure-to-agency", {}, as_=courier))
        self.later(minutes=20)
        self.ok(
            self.post(
                f"/parcels/{tracking}/presentation", {"scanned_qr": self.label(tracking, Leg.DOSSIER)}, as_=courier
            )
        )
        return tracking


@pytest.fixture
def app(settings, world):
    app = create_app(settings)
    yield app
    app.extensions["postal"].engine.dispose()


@pytest.fixture
def api(app) -> Api:
    return Api(app)
