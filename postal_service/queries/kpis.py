"""A post office's figures over a period, by day, week or month: volumes per service, the legal deadlines met
(the post's part and the agency's apart), failed delivery attempts and why, the time from pickup to the agency,
claims, and couriers' cash differences; for the office's managers (and administrators) only."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from postal_service.context import Context
from postal_service.db.tables import PostOffice
from postal_service.domain.access import Capability, may_act_for_office
from postal_service.domain.errors import Forbidden
from postal_service.domain.periods import MAX_REPORT_DAYS, Bucket
from postal_service.domain.statements import check_period

from . import kpi_parts as parts
from .day_counts import Figure, total
from .day_figures import office_counts
from .kpi_parts import AgencyRow, CourierRow, VolumePoint
from .lateness import lateness_of


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


def office_kpis(ctx: Context, office: PostOffice, first: date, last: date, bucket: Bucket) -> KpiOut:
    if not may_act_for_office(ctx.actor, Capability.READ_KPIS, office.id):
        raise Forbidden(f"the figures of {office.name} are not yours to read")
    check_period(first, last, ctx.today, closing=False, max_days=MAX_REPORT_DAYS)
    office_id = office.id or 0
    counts = office_counts(ctx, office_id, first, last)
    lateness = lateness_of(counts)
    couriers = parts.by_courier(ctx, counts, office_id, first, last)
    deliveries = sum(c.deliveries for c in couriers)
    failed = sum(c.failed_attempts for c in couriers)
    filed, answered, on_time = parts.claim_counts(ctx, office_id, first, last)
    return KpiOut(
        post_office_code=office.code,
        post_office_name=office.name,
        first_day=first,
        last_day=last,
        bucket=bucket,
        volumes=parts.volumes(counts, first, last, bucket),
        requests=total(counts, Figure.REQUESTS),
        post_on_time=lateness.post_on_time,
        post_late=lateness.post_late,
        agency_on_time=lateness.agency_on_time,
        agency_late=lateness.agency_late,
        hops_on_time=total(counts, Figure.HOPS_ON_TIME),
        hops_late=total(counts, Figure.HOPS_LATE),
        deliveries=deliveries,
        failed_attempts=failed,
        failed_attempt_rate=rate(failed, failed + deliveries),
        failure_reasons=dict(parts.by_key(counts, Figure.FAILURE_REASON)),
        pickup_to_agency_hours=parts.pickup_to_agency_hours(counts),
        claims_filed=filed,
        claims_answered=answered,
        claims_answered_on_time=on_time,
        cash_difference=sum(c.cash_difference for c in couriers),
        exemptions=dict(parts.by_key(counts, Figure.EXEMPTION)),
        agencies=parts.by_agency(ctx, counts),
        couriers=couriers,
    )
