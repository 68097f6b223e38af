"""A small catalogue built through the real use cases: one post office, two agencies, a few people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from postal_service.config import Settings
from postal_service.context import Actor, Context
from postal_service.services import calendar_days, catalogue
from postal_service.services.schemas import (
    AgencyCreate,
    DocumentItem,
    PostOfficeCreate,
    ProcedureCreate,
    StaffCreate,
    StaffRole,
)
from postal_service.services.schemas.calendar import DayDeclaration

PASSWORD = "test-password-1"
HOURS = {d: ["07:30", "17:30"] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["07:30", "11:30"]}
AGENCY_CODE = "000.00.15.G02"
OTHER_AGENCY_CODE = "000.00.01.H26"
PROCEDURE = "1.003725"  # two documents, no fee
FEE_PROCEDURE = "2.000488"  # 200,000 đồng fee, other agency
IN_PERSON_PROCEDURE = "1.003235"
OFFICE = "100000"
HOAN_KIEM, CUA_NAM, CAU_GIAY = 70, 73, 167
DOCUMENTS = ["Tờ khai theo mẫu", "Bản thảo tài liệu"]


@dataclass(frozen=True)
class World:
    office: str
    agency: str
    other_agency: str


def receive_booking(dossier_code: str = f"{AGENCY_CODE}-261120-0001") -> dict[str, Any]:
    """A receive-only booking: the result of a dossier lodged at the desk in person, to be delivered home."""
    return {
        "service": "receive",
        "procedure_code": PROCEDURE,
        "consent": True,
        "contact": {"name": "Trần Thị Lan", "phone": "0987654321", "id_number": "001190654321"},
        "delivery_address": {"street": "1 Hàng Bài", "province_code": 1, "commune_code": CUA_NAM},
        "dossier_code": dossier_code,
    }


def _address(commune: int, lat: float, lon: float) -> dict[str, Any]:
    return {"street": "10 Đường Thành", "province_code": 1, "commune_code": commune, "latitude": lat, "longitude": lon}


# The suite's week (Monday 23 November 2026) was written before Vietnam Culture Day (24 November, a day off by law
# from 2026) was known: the world declares that Tuesday working, as an administrator declares a swap, so that every
# test keeps its week.
TEST_WEEK_TUESDAY = DayDeclaration(
    day=date(2026, 11, 24), working=True, reference="Tuần của bộ kiểm thử", note="viết trước Ngày Văn hóa Việt Nam"
)


def build_world(session: Session, settings: Settings, now: datetime) -> World:
    ctx = Context(session, settings, Actor.system(), now)
    calendar_days.declare_day(ctx, TEST_WEEK_TUESDAY)
    catalogue.create_agency(
        ctx,
        AgencyCreate.model_validate(
            {
                "code": AGENCY_CODE,
                "name": "Cục Xuất bản, In và Phát hành",
                "address": _address(HOAN_KIEM, 21.0335, 105.847),
                "office_hours": HOURS,
            }
        ),
    )
    catalogue.create_agency(
        ctx,
        AgencyCreate.model_validate(
            {
                "code": OTHER_AGENCY_CODE,
                "name": "Sở Tư pháp Hà Nội",
                "address": _address(CAU_GIAY, 20.98, 105.79),
                "office_hours": HOURS,
            }
        ),
    )
    catalogue.create_procedure(
        ctx,
        ProcedureCreate(
            code=PROCEDURE,
            name="Cấp giấy phép xuất bản tài liệu không kinh doanh",
            agency_code=AGENCY_CODE,
            documents=[
                DocumentItem(name=DOCUMENTS[0], original=True),
                DocumentItem(name=DOCUMENTS[1], original=True, count=2),
            ],
            procedure_fee=0,
            processing_days=10,
        ),
    )
    catalogue.create_procedure(
        ctx,
        ProcedureCreate(
            code=FEE_PROCEDURE,
            name="Cấp phiếu lý lịch tư pháp",
            agency_code=OTHER_AGENCY_CODE,
            documents=[DocumentItem(name="Tờ khai", original=True)],
            procedure_fee=200_000,
            processing_days=10,
        ),
    )
    catalogue.create_procedure(
        ctx,
        ProcedureCreate(
            code=IN_PERSON_PROCEDURE,
            name="Cấp hộ chiếu phổ thông",
            agency_code=OTHER_AGENCY_CODE,
            documents=[DocumentItem(name="Tờ khai", original=True)],
            procedure_fee=200_000,
            postal_eligible=False,
            processing_days=8,
        ),
    )
    catalogue.create_post_office(
        ctx,
        PostOfficeCreate.model_validate(
            {
                "code": OFFICE,
                "name": "Bưu cục Trung tâm",
                "address": _address(HOAN_KIEM, 21.0263, 105.8537),
                "communes_served": [HOAN_KIEM, CUA_NAM, CAU_GIAY],
                "opening_hours": HOURS,
                "slot_capacity": 3,
            }
        ),
    )
    staff = [
        ("admin", StaffRole.ADMIN, {}),
        ("dispatcher", StaffRole.DISPATCHER, {"post_office_code": OFFICE}),
        ("counter", StaffRole.COUNTER, {"post_office_code": OFFICE}),
        ("manager", StaffRole.MANAGER, {"post_office_code": OFFICE}),
        ("courier1", StaffRole.COURIER, {"post_office_code": OFFICE}),
        ("courier2", StaffRole.COURIER, {"post_office_code": OFFICE}),
        ("nocash", StaffRole.COURIER, {"post_office_code": OFFICE, "may_carry_cash": False}),
        ("clerk", StaffRole.AGENCY, {"agency_code": AGENCY_CODE}),
        ("otherclerk", StaffRole.AGENCY, {"agency_code": OTHER_AGENCY_CODE}),
    ]
    for username, role, extra in staff:
        catalogue.create_staff(
            ctx,
            StaffCreate.model_validate(
                {"username": username, "password": PASSWORD, "role": role, "full_name": username.title(), **extra}
            ),
        )
    return World(OFFICE, AGENCY_CODE, OTHER_AGENCY_CODE)
