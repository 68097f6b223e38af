"""A post office's figures over a period, by day, week or month: volumes per service, the legal deadlines met
(the post's part and the agency's apart), failed delivery attempts and why, the time from pickup to the agency,
claims, and couriers' cash differences; for the office's managers (and administrators) only."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Agency, PostOffice, Procedure, ServiceRequest
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.errors import Forbidden
from postal_service.domain.periods import MAX_REPORT_DAYS, Bucket
from postal_service.domain.statements import check_period

from . import kpi_parts as parts
from .kpi_parts import AgencyRow, CourierRow, VolumePoint
from .lateness import lateness_between


class KpiOut(BaseModel):
    post_office_code: str
    post_office_name: str
    first_day: date
    last_day: date
    bucket: Bucket
    volumes: list[VolumePoint]
    requests: int
    post_on_time: int  # legs the post brought to the agency's desk or the citizen's door by J+1/2/3
    post_late: int
    agency_on_time: int  # results the agency made ready by the appointment date it gave
    agency_late: int
    hops_on_time: int  # bags that left the office and reached the next point by their run's timetabled arrival
    hops_late: int
    deliveries: int
    failed_attempts: int
    failed_attempt_rate: float | None  # failed / (failed + delivered)
    failure_reasons: dict[str, int]
    pickup_to_agency_hours: float | None  # mean, over the dossiers the agency received in the period
    claims_filed: int
    claims_answered: int
    claims_answered_on_time: int
    cash_difference: int  # counted - expected over every courier's counted days
    exemptions: dict[str, int]  # granted at intake, by "category:paper shown"
    agencies: list[AgencyRow]
    couriers: list[CourierRow]


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _with_lateness(ctx: Context, row: AgencyRow, office_id: int, first: date, last: date) -> AgencyRow:
    """The agency's part of the legal deadlines, for this office's requests only."""
    of_the_agency = select(Agency.id).where(Agency.code == row.agency_code).scalar_subquery()
    late = lateness_between(
        ctx, first, last, col(ServiceRequest.post_office_id) == office_id, col(Procedure.agency_id) == of_the_agency
    )
    return row.model_copy(update={"agency_on_time": late.agency_on_time, "agency_late": late.agency_late})


def office_kpis(ctx: Context, office: PostOffice, first: date, last: date, bucket: Bucket) -> KpiOut:
    if not may_act_for_office(ctx.actor, Capability.READ_KPIS, office.id):
        raise Forbidden(f"the figures of {office.name} are not yours to read")
    check_period(first, last, ctx.today, closing=False, max_days=MAX_REPORT_DAYS)
    office_id = office.id or 0
    volumes = parts.volumes(ctx, office_id, first, last, bucket)
    lateness = lateness_between(ctx, first, last, col(ServiceRequest.post_office_id) == office_id)
    couriers = parts.by_courier(ctx, office_id, first, last)
    deliveries = sum(c.deliveries for c in couriers)
    failed = sum(c.failed_attempts for c in couriers)
    filed, answered, on_time = parts.claim_counts(ctx, office_id, first, last)
    hops_on_time, hops_late = parts.hops_on_time(ctx, office.code, first, last)
    return KpiOut(
        post_office_code=office.code,
        post_office_name=office.name,
        first_day=first,
        last_day=last,
        bucket=bucket,
        volumes=volumes,
        requests=sum(v.send + v.receive + v.both for v in volumes),
        post_on_time=lateness.post_on_time,
        post_late=lateness.post_late,
        agency_on_time=lateness.agency_on_time,
        agency_late=lateness.agency_late,
        hops_on_time=hops_on_time,
        hops_late=hops_late,
        deliveries=deliveries,
        failed_attempts=failed,
        failed_attempt_rate=rate(failed, failed + deliveries),
        failure_reasons=parts.failure_reasons(ctx, office_id, first, last),
        pickup_to_agency_hours=parts.pickup_to_agency_hours(ctx, office_id, first, last),
        claims_filed=filed,
        claims_answered=answered,
        claims_answered_on_time=on_time,
        cash_difference=sum(c.cash_difference for c in couriers),
        exemptions=parts.exemptions(ctx, office_id, first, last),
        agencies=[
            _with_lateness(ctx, row, office_id, first, last) for row in parts.by_agency(ctx, office_id, first, last)
        ],
        couriers=couriers,
    )
