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
_KIND = {kind: message for kinds, message in BY_KIND.items() for kind in kinds}


def api_locale() -> str:
    """The API speaks English unless the caller's Accept-Language prefers Vietnamese."""
    return request.accept_languages.best_match(LANGUAGES, default="en") or "en"


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
