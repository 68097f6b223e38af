"""Hostile input gets a 422 naming the field (or a 401 before anything is read), never a 500."""

from __future__ import annotations

import io
import struct
import zlib

import pytest


def _png_claiming(width: int, height: int) -> bytes:
    """A valid 60-byte PNG whose header claims a huge picture: the classic decompression bomb's first half."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _fields(response) -> list[str]:
    assert response.status_code == 422, response.get_json()
    return [f["field"] for f in response.get_json()["error"]["fields"]]


def test_nul_and_control_characters_are_refused_by_field(api):
    body = api.booking("send")
    body["contact"]["name"] = "Nguyễn\x00Văn An"
    body["pickup_address"]["street"] = "5 Tràng Thi\x1b[31m"
    assert set(_fields(api.post("/requests", body))) == {"contact.name", "pickup_address.street"}
    assert _fields(api.get("/requests/D45-\x00AAAA", as_="dispatcher")) == ["reference"]
    assert (
        api.post("/quotes", api.booking("send", contact={**body["contact"], "name": "Dòng 1\nDòng 2"})).status_code
        == 200
    )


def test_amounts_beyond_the_money_columns_are_refused(api):
    tracking = api.tracking_of(api.book("send"), "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    body = api.pickup_body(tracking, 2**40)
    assert _fields(api.post(f"/parcels/{tracking}/pickup", body, as_="courier1")) == ["cash_collected"]


def test_deep_or_large_json_bodies_are_refused_before_parsing(api):
    deep = "[" * 1000 + "]" * 1000
    headers = {"Content-Type": "application/json"}
    assert _fields(api.client.post("/api/v1/quotes", data=deep, headers=headers)) == ["body"]
    large = '{"service": "send", "note": "' + "x" * 70_000 + '"}'
    assert _fields(api.client.post("/api/v1/quotes", data=large, headers=headers)) == ["body"]


def test_usernames_are_as_long_as_the_audit_columns_allow_everywhere(api):
    long_name = "a" * 49
    staff = {"username": long_name, "password": "long-enough-1", "role": "courier", "full_name": "X"}
    assert _fields(api.post("/staff", staff, as_="admin")) == ["username"]
    assert _fields(api.post("/auth/login", {"username": long_name, "password": "x"})) == ["username"]


@pytest.mark.parametrize("path", ["/api/v1/scan/photo", "/api/v1/evidence"])
def test_a_photo_claiming_a_billion_pixels_is_refused_unread_and_only_after_credentials(api, path):
    field = "photo" if path.endswith("photo") else "file"
    bomb = {field: (io.BytesIO(_png_claiming(40_000, 40_000)), "label.png")}
    assert api.client.post(path, data=bomb, content_type="multipart/form-data").status_code == 401
    bomb = {field: (io.BytesIO(_png_claiming(40_000, 40_000)), "label.png")}
    response = api.client.post(path, data=bomb, content_type="multipart/form-data", headers=api.login("courier1"))
    assert _fields(response) == [field]
    assert "megapixels" in response.get_json()["error"]["fields"][0]["message"]


def test_a_day_must_be_written_as_a_day(api):
    assert _fields(api.get("/post-offices/100000/slots", date="0")) == ["date"]
    assert api.get("/post-offices/100000/slots", date="2026-11-23").status_code == 200


def test_a_province_code_beyond_any_integer_column_is_a_field_error(api):
    assert _fields(api.get("/agencies", province_code=str(2**70))) == ["province_code"]
