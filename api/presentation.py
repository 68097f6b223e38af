"""Words shown to people for the domain's codes, and formats for vi-VN (đồng, dd/mm/yyyy, local time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import Flask
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from postal_service.domain.device_clock import DOUBT_WORDS, Doubt
from postal_service.domain.lifecycle import Action
from postal_service.domain.notices import FailureReason
from postal_service.domain.roles import username_of
from postal_service.domain.scanning import UnscannedReason
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries import geography
from postal_service.services.bag_steps import BAG_STEPS
from postal_service.services.step_registry import BY_ACTION, STEPS

from . import paper_labels
from .journey_words import MODES, PICKUP, words_for

STATUS_LABELS = {
    "booked": _l("Booked"),
    "intake_incomplete": _l("Dossier incomplete, documents missing"),
    "cancelled": _l("Cancelled"),
    "picked_up": _l("Dossier picked up and sealed"),
    "at_post_office": _l("At the post office"),
    "out_to_agency": _l("On the way to the agency"),
    "at_agency_desk": _l("Being handed over at the one-stop desk"),
    "received_by_agency": _l("Received by the agency"),
    "rejected_by_agency": _l("Rejected by the agency"),
    "supplement_requested": _l("The agency asks for more documents"),
    "returning_to_citizen": _l("On the way back to the sender"),
    "returned_to_citizen": _l("Returned to the sender"),
    "awaiting_result": _l("Waiting for the result"),
    "ready_at_agency": _l("Result ready at the agency"),
    "handover_offered": _l("The agency is handing the result to a courier"),
    "collected_from_agency": _l("The courier has the result"),
    "out_for_delivery": _l("Result out for delivery"),
    "attempt_failed": _l("Delivery attempt failed"),
    "delivered": _l("Result delivered"),
    "held_at_post_office": _l("Held at the post office"),
    "returned_to_agency": _l("Returned to the agency"),
    "in_bag": _l("In a bag at the post office, waiting for its trunk run"),
    "in_transit": _l("In transit between provinces"),
    "at_exchange_hub": _l("At an exchange centre"),
    "missing_in_transit": _l("Being traced: not found in its bag"),
}
NEXT_STEP = {
    "booked": MODES[PICKUP].while_booked,  # pages ask journey_words by mode: a drop-off has no courier at the door
    "intake_incomplete": _l("Complete the missing documents; the courier comes back to pick them up."),
    "picked_up": _l("The courier takes the sealed dossier to the agency."),
    "at_post_office": _l("The post office sends the envelope on its next round."),
    "out_to_agency": _l("The agency checks the dossier and gives it a dossier code."),
    "at_agency_desk": _l("The agency checks the dossier and gives it a dossier code."),
    "received_by_agency": _l("The agency processes the dossier until the appointment date."),
    "rejected_by_agency": _l("The dossier comes back to you with the agency's notice."),
    "supplement_requested": _l(
        "The agency keeps your dossier. Send only the documents it asks for: book their pickup or bring them to the"
        " post office."
    ),
    "returning_to_citizen": _l("A courier brings the dossier back to you."),
    "awaiting_result": _l("When the result is ready, a courier collects it from the agency."),
    "ready_at_agency": _l("A courier collects the result from the agency."),
    "handover_offered": _l("A courier collects the result from the agency."),
    "collected_from_agency": _l("The courier brings the result to you."),
    "out_for_delivery": _l("The courier is on the way. Have your ID card ready."),
    "attempt_failed": _l("The courier tries again on the next working day."),
    "held_at_post_office": _l("Collect the result at the post office before the hold ends."),
    "in_bag": _l("The bag leaves on the next trunk run."),
    "in_transit": _l("The envelope travels in a sealed bag to the office that hands it on."),
    "at_exchange_hub": _l("The exchange centre sends it on in the next bag."),
    "missing_in_transit": _l("The post office is tracing it and will tell you; you may file a complaint."),
}
LEG_LABELS = {
    "dossier": _l("Dossier to the agency"),
    "result": _l("Result to you"),
    "supplement": _l("Supplement to the agency"),
}
SERVICE_LABELS = {
    "send": _l("Send the dossier"),
    "receive": _l("Receive the result"),
    "both": _l("Send the dossier and receive the result"),
}
ACTION_LABELS = {  # a custody step's words are declared with it (services/step_registry.py); these span the request
    "cancel": _l("Cancel"),
    "receive_supplement": _l("Supplement added to the dossier"),
    **{step.action.value: _l(step.label) for step in STEPS},
    "bag": _l("Put in a bag"),
    "dispatch": _l("Left on a trunk run"),
    "unbag_at_hub": _l("Taken out of its bag at an exchange centre"),
    "unbag_at_office": _l("Taken out of its bag at the post office"),
    "report_missing": _l("Not found in its bag"),
}
BAG_ACTION_LABELS = {  # a bag step's words are declared with it (services/bag_steps.py)
    "open_bag": _l("Bag opened"),
    "miss_run": _l("Its run left without it: moved to the next run"),
    **{step.action.value: _l(step.label) for step in BAG_STEPS},
}
BAG_STATUS_LABELS = {
    "open": _l("Open, being filled"),
    "sealed": _l("Sealed"),
    "handed_to_driver": _l("Handed to the driver"),
    "in_transit": _l("On the trunk run"),
    "arrived": _l("Arrived, seal checked"),
    "unpacked": _l("Unpacked"),
}
WEEKDAY_LABELS = {  # the timetable's days (domain.timeslots.WEEKDAYS)
    "mon": _l("Mon"),
    "tue": _l("Tue"),
    "wed": _l("Wed"),
    "thu": _l("Thu"),
    "fri": _l("Fri"),
    "sat": _l("Sat"),
    "sun": _l("Sun"),
}
BAG_OUTCOME_LABELS = {
    "in": _l("In the bag"),
    "found": _l("Found"),
    "missing": _l("Missing"),
    "extra": _l("Not on the manifest"),
}


UNPLANNED_LABELS = {  # why a plan left a stop out (routing.Reason)
    "no_window_reachable": _l("no time window can be reached"),
    "capacity": _l("too large for any courier"),
    "outside_every_shift": _l("outside every shift"),
    "missing_skill": _l("needs a courier who may carry cash"),
    "no_room": _l("no room left in the routes"),
    "less_urgent": _l("no room left; parcels nearer their legal deadline went first"),
    "no_location": _l("the address has no known location: place it on the parcel page"),
}
HELD_BY_LABELS = {"agency": _l("with the agency"), "post": _l("with the post"), "citizen": _l("with you")}
MESSAGE_STATUS_LABELS = {
    "pending": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "dead": _l("Not delivered: call the citizen"),
}
DELIVERY_STATUS_LABELS = {**MESSAGE_STATUS_LABELS, "dead": _l("Not delivered: send it again once the receiver works")}


def hours(value: float) -> str:
    """Whole days and hours: 50.5 -> "2 ngày 2 giờ" (Vietnamese) or "2 d 2 h"."""
    days, rest = divmod(round(value), 24)
    return _("%(d)s d %(h)s h", d=days, h=rest) if days else _("%(h)s h", h=rest)


def thousands(count: int) -> str:
    """vi-VN grouping: 99.999.999."""
    return f"{count:,}".replace(",", ".")


def vnd(amount: int) -> str:
    """60.500 ₫."""
    return thousands(amount) + " ₫"


def local_time(value: datetime | None) -> str:
    return value.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y") if value else ""


def local_date(value: date | None) -> str:
    """With the weekday, in the reader's language: "Thứ Hai, 23/11/2026" or "Monday, 23/11/2026"."""
    return format_date(value, "EEEE, dd/MM/yyyy") if value else ""


def local_clock(value: datetime) -> str:
    return value.astimezone(LOCAL_TZ).strftime("%H:%M")


def slot_label(start: datetime | None, end: datetime | None) -> str:
    """A pickup window: "Thứ Hai, 23/11/2026, 09:30-11:30"."""
    if start is None or end is None:
        return ""
    local_start, local_end = start.astimezone(LOCAL_TZ), end.astimezone(LOCAL_TZ)
    return f"{local_date(local_start.date())}, {local_start:%H:%M}-{local_end:%H:%M}"


def who(principal: str | None) -> str:
    """A principal as people read it: a member of staff by their username, others by what they are."""
    if not principal:
        return ""
    username = username_of(principal)
    if username is not None:
        return username
    kind = principal.split(":", 1)[0]
    return str(PRINCIPAL_KINDS.get(kind, principal))


PRINCIPAL_KINDS = {  # the part of a principal before its ":" (domain.roles and services.auth write them)
    "system": _l("the system"),
    "citizen": _l("the citizen"),
    "anonymous": _l("the citizen"),
    "apikey": _l("an agency's system"),
    "provider": _l("the payment provider"),
}


def failure_reason(code: str) -> str:
    try:
        return FailureReason(code).label(str(get_locale() or "vi"))
    except ValueError:
        return code


def _label(table: dict[str, Any]) -> Callable[[str], str]:
    return lambda code: str(table.get(code, code))


def register(app: Flask) -> None:
    app.add_template_global(words_for, "mode_words")
    app.add_template_filter(_label(STATUS_LABELS), "status_label")
    app.add_template_filter(_label(LEG_LABELS), "leg_label")
    app.add_template_filter(lambda code: str(NEXT_STEP.get(code, "")), "next_step")
    app.add_template_filter(_label(SERVICE_LABELS), "service_label")
    app.add_template_filter(_label(ACTION_LABELS), "action_label")
    app.add_template_filter(_label(MESSAGE_STATUS_LABELS), "message_status")
    app.add_template_filter(_label(DELIVERY_STATUS_LABELS), "delivery_status")
    app.add_template_filter(_label(HELD_BY_LABELS), "held_by_label")
    app.add_template_filter(_label(UNPLANNED_LABELS), "unplanned_label")
    app.add_template_filter(_label(BAG_STATUS_LABELS), "bag_status")
    app.add_template_filter(_label(BAG_ACTION_LABELS), "bag_action")
    app.add_template_filter(_label(WEEKDAY_LABELS), "weekday_label")
    app.add_template_filter(_label(BAG_OUTCOME_LABELS), "bag_outcome")
    paper_labels.register(app, _label)
    app.add_template_filter(hours, "hours")
    app.add_template_filter(who, "who")
    app.add_template_filter(failure_reason, "failure_reason")
    app.add_template_test(lambda party, held: round(held.get(party, 0)) >= 1, "held_an_hour")  # no "0 h" shown
    app.add_template_filter(vnd, "vnd")
    app.add_template_filter(thousands, "thousands")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(lambda text: local_time(datetime.fromisoformat(text)) if text else "", "local_time_of")
    app.add_template_filter(lambda code: _(DOUBT_WORDS[Doubt(code)]), "doubt_label")
    app.add_template_filter(local_date, "local_date")
    app.add_template_global(slot_label, "slot_label")
    app.add_template_filter(local_clock, "local_clock")
    app.jinja_env.globals["unscanned_reasons"] = list(UnscannedReason)
    app.add_template_filter(geography.commune_label, "commune_label")
    app.add_template_global(lambda action: BY_ACTION.get(Action(action)), "custody_step")

    @app.context_processor
    def _locale() -> dict[str, object]:
        return {"current_locale": str(get_locale() or "vi"), "_": _}
