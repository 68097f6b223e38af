"""What the citizen's pages say differs by how the dossier travels: a courier picks it up, the citizen brings it to
a post office, or there is no dossier to carry (the result only). Each mode's words are declared here once, and
every page asks for them by mode, so a drop-off booking never speaks of a courier at the door."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

PICKUP, DROP_OFF, RECEIVE = "pickup", "drop_off", "receive"


@dataclass(frozen=True)
class ModeWords:
    contact_heading: LazyString  # step 3's question: whose contact is this
    id_hint: LazyString  # when the ID card is checked
    payment: LazyString  # when and to whom the fees are paid (the review)
    first_steps: tuple[LazyString, ...]  # the confirmation's first "what happens next" (may name %(total)s, %(office)s)
    while_booked: LazyString  # the tracking page's next step while nothing has moved yet


MODES = {
    PICKUP: ModeWords(
        contact_heading=_l("Who is sending?"),
        id_hint=_l("The courier checks it at pickup and delivery."),
        payment=_l("Paid in cash to the courier at pickup, or online before the courier comes."),
        first_steps=(
            _l(
                "About an hour before the courier comes, we text you the time to expect them. Have every document on"
                " the list and your citizen ID card ready."
            ),
            _l(
                "The courier checks the documents, seals them in an envelope in front of you and collects %(total)s"
                " in cash."
            ),
        ),
        while_booked=_l("A courier comes to you in the chosen time slot. Have the documents and your ID card ready."),
    ),
    DROP_OFF: ModeWords(
        contact_heading=_l("Who is sending?"),
        id_hint=_l("The counter checks it when you bring the documents, and the courier when the result comes."),
        payment=_l("Paid at the post office counter when you bring the documents, or online before."),
        first_steps=(
            _l(
                "Bring every document on the list and your citizen ID card to %(office)s; the counter checks them,"
                " seals them in an envelope in front of you and collects %(total)s."
            ),
        ),
        while_booked=_l("Bring the documents and your ID card to %(office)s in its opening hours."),
    ),
    RECEIVE: ModeWords(
        contact_heading=_l("Who receives the result?"),
        id_hint=_l("The courier checks it when delivering the result."),
        payment=_l("Paid in cash to the courier when the result is delivered, or online before."),
        first_steps=(
            _l("We follow your dossier at the agency; when the result is ready, we text you the day it comes."),
        ),
        while_booked=_l("When the result is ready, a courier collects it from the agency."),
    ),
}


def mode_of(service: str, intake: str | None) -> str:
    """The mode of a booking: receive-only has no intake; otherwise its intake."""
    return RECEIVE if service == "receive" or intake is None else intake


def words_for(service: str, intake: str | None) -> ModeWords:
    return MODES[mode_of(service, intake)]
