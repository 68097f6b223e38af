"""What a person reads when input is refused, in their language: pages follow the page's language, the API the
caller's Accept-Language (English unless Vietnamese is asked for).

Validation errors are described by their kind (pydantic's error type and its limits), never by pydantic's
English sentence, so "List should have at least 1 item after validation, not 0" never reaches a Vietnamese
page. A rule's own message is translated when the catalogue has it; otherwise pages fall back to the field's
explanation (web/common.FIELD_HELP).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic_core import ErrorDetails

from postal_service.domain.language import N_

LANGUAGES = ("vi", "en")

BY_KIND: dict[tuple[str, ...], Any] = {
    ("missing",): _l("This is required."),
    ("string_too_short",): _l("Enter at least %(min_length)s characters."),
    ("string_too_long",): _l("Enter at most %(max_length)s characters."),
    ("string_pattern_mismatch",): _l("This is not in the expected format."),
    ("too_short",): _l("Give at least %(min_length)s."),
    ("too_long",): _l("Give at most %(max_length)s."),
    ("int_parsing", "int_type", "int_from_float"): _l("Enter a whole number."),
    ("float_parsing", "float_type", "finite_number"): _l("Enter a number."),
    ("greater_than_equal",): _l("Enter %(ge)s or more."),
    ("less_than_equal",): _l("Enter %(le)s or less."),
    ("greater_than",): _l("Enter more than %(gt)s."),
    ("less_than",): _l("Enter less than %(lt)s."),
    ("bool_type", "bool_parsing"): _l("Answer yes or no."),
    ("literal_error", "enum"): _l("Choose one of the offered values."),
    ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"): _l(
        "Enter a date as YYYY-MM-DD."
    ),
    ("datetime_parsing", "datetime_type", "datetime_from_date_parsing", "timezone_aware"): _l(
        "Enter a date and time with its time zone."
    ),
    ("url_parsing", "url_type", "url_scheme", "url_syntax_violation", "url_too_long"): _l(
        "Enter a web address starting with https://."
    ),
    ("string_type", "string_unicode"): _l("Enter text."),
    ("list_type",): _l("Give a list."),
    ("dict_type", "model_type", "model_attributes_type"): _l("Give an object with named fields."),
    ("extra_forbidden",): _l("This field is not expected here."),
    ("json_invalid", "json_type"): _l("The body is not valid JSON."),
}


# The domain's own sentences that people read, marked for the catalogue so that `translated` finds them. A test
# keeps each one verbatim in the domain's code: a reworded rule cannot silently lose its translation.
RULE_MESSAGES = (
    N_("a telephone number is a mobile (10 digits) or a fixed line (11 digits starting 02)"),
    N_("a day whose cash differs is signed off with a note saying why"),
    N_("the post office is closed on that day: choose a day it opens"),
    N_("a citizen ID number (CCCD) has 12 digits"),
    N_("a delivery needs a signature or a photo as proof"),
    N_("a dossier code looks like 000.17.22.H56-210531-0001"),
    N_("a mobile number has 10 digits: 0 then 3, 5, 7, 8 or 9, then 8 digits"),
    N_("a tracking number is 2 letters, 9 digits and 2 letters, e.g. RR473124829VN"),
    N_("check the sender's ID card before sealing"),
    N_("choose a password different from the current one"),
    N_("choose a pickup time slot"),
    N_("choose a slot in the future, at least an hour from now"),
    N_("choose pickup at your address or drop-off at a post office"),
    N_("choose the post office where you will drop off the dossier"),
    N_("control characters (such as NUL) are not allowed"),
    N_("give a day as YYYY-MM-DD, e.g. 2026-12-07"),
    N_("give both latitude and longitude, or neither"),
    N_("give the address where the courier picks up the dossier"),
    N_("give the address where the result is delivered"),
    N_("give the dossier code the agency gave you"),
    N_("must not be blank"),
    N_("no QR code found in the photo; hold the label flat and fill the frame"),
    N_("no post office picks up in this ward"),
    N_("no such courier"),
    N_("no such procedure"),
    N_("someone else changed this at the same moment; reload and try again"),
    N_("the appointment date cannot be in the past"),
    N_("the code is wrong or has expired; ask for a new one"),
    N_("the file is not a PNG, JPEG or WebP image"),
    N_("the file is not a photo we can read (use JPEG or PNG)"),
    N_("the first 3 digits of a CCCD are a birth-province code from 001 to 096"),
    N_("the image is larger than 4 MB"),
    N_("the password must not contain your username"),
    N_("the receive-only service has no dossier to pick up"),
    N_("this courier is not allowed to carry cash; the citizen pays at the counter or online"),
    N_("this is not one of the slots offered by the post office (opening hours)"),
    N_("this is not your current password"),
    N_("this procedure requires you to come in person; it cannot go by post"),
    N_("this request has no pickup to reschedule"),
    N_("this session was ended (signed out or revoked); sign in again"),
    N_("this slot is full; choose another"),
    N_("wrong username or password"),
    N_("scan the envelope's label, or say why it cannot be scanned"),
    N_("the agency has not asked for a supplement to this dossier"),
    N_("the supplement is already booked; its tracking number is on the request"),
    N_("this request has no address to collect from; drop the documents off at the post office"),
    N_("name the documents the citizen must add"),
    N_("give the dossier its code: the supplement is received into it"),
    N_("the 9-digit ID card (CMND) is no longer valid since 1 January 2025; give the 12-digit citizen ID (CCCD)"),
    N_("the post office is closed that day"),
    N_("a shift falls within the post office's opening hours that day"),
    N_("a lunch needs a shift that day"),
    N_("the lunch falls inside the shift"),
    N_("the lunch window is shorter than the lunch itself"),
    N_("a change starts today at the earliest"),
    N_("the last day must not be before the first day"),
    N_("a change spans a year at most"),
    N_("the hours end after they start"),
    N_("a day of leave or sickness has no hours"),
    N_("only a swap works another day"),
    N_("another change of the courier already covers one of these days: withdraw it first"),
    N_("a swap gives up one day"),
    N_("the courier's week does not work that day: nothing to give up"),
    N_("a swap names the day worked instead"),
    N_("the day worked instead must not be in the past"),
    N_("the courier's week already works that day"),
    N_("the post office is not open those hours that day: give the hours worked"),
    N_("a half day falls on a working day of the courier's week"),
    N_("the hours fall inside the courier's shift that day"),
    N_("a change already made depends on this day: withdraw it first"),
    N_("another post office's couriers are rostered by that office"),
    N_("the shift starts after noon: give the half day's hours"),
    N_("the receiver's address must be an http or https URL"),
    N_("the receiver's address must use https"),
    N_("the receiver's host name does not resolve"),
    N_("the receiver's address is inside a private network: give a public one"),
    N_("the file store is full; nothing was saved"),
    N_("the proof is an image uploaded first: send the ref that POST /api/v1/evidence answered"),
    N_("this image is already the proof of another envelope"),
    N_("no custody step has that name"),
    N_("a scanned label or the reason for none is given with each envelope, not for all"),
    N_("each envelope is named once"),
    N_("give this zone's prices"),
    N_("list a zone's bands from the lightest up, each heavier than the last"),
    N_("end a zone with an open band (no weight limit) for heavier envelopes"),
    N_("a new price applies from tomorrow at the earliest"),
    N_("a price table already applies from that day there: enter another day"),
    N_("a cursor is the `next` of an earlier page, or absent to start from the beginning"),
    N_("this is not the ID of the person the result is for; a proxy must show an authorisation"),
    N_("the post issues the item code: send a new order without it"),
    N_("online payment is not offered: pay the courier or at the post office counter"),
)

_KIND = {kind: message for kinds, message in BY_KIND.items() for kind in kinds}


FILES_FOR_PEOPLE = (".pdf", ".csv", ".xlsx")  # papers and exports: read by people, so Vietnamese unless asked


def api_locale() -> str:
    """The API speaks English unless the caller's Accept-Language prefers Vietnamese; the papers and files it
    serves are for people, and are in Vietnamese unless the caller asks for English."""
    default = "vi" if request.path.endswith(FILES_FOR_PEOPLE) else "en"
    return request.accept_languages.best_match(LANGUAGES, default=default) or default


def in_english() -> bool:
    return str(get_locale() or "vi") == "en"


def describe(error: ErrorDetails) -> str:
    """One validation error in the reader's language, from its kind; a rule's own sentence when it has none."""
    message = str(error["msg"]).removeprefix("Value error, ")
    template = _KIND.get(error["type"])
    if template is None:
        return _(message)
    limits = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, int | float | str)}
    try:
        return str(template) % limits if "%(" in str(template) else str(template)
    except KeyError:
        return message


def translated(message: str) -> str | None:
    """The message in the reader's language when the catalogue has it (or English is read); otherwise None."""
    text = _(message)
    return text if text != message or in_english() else None
