"""How long personal data is kept (Decree 13/2023: no longer than the purpose needs). Each kind has its own
period, counted from the day the request closed (its last step, once nothing is left to do); a request with a
claim not yet answered keeps everything, since the claim needs it. Custody events stay: they are the legal
record of every handover, and their hash chain must not change."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class PersonalData(StrEnum):
    EVIDENCE = "evidence"  # signatures and photos taken at the door, the digitised dossier
    ID_NUMBER = "id_number"  # the sender's ID card number
    PHONE = "phone"  # the sender's phone and e-mail, and the messages sent to them
    ADDRESS = "address"  # pickup and delivery addresses and their coordinates


# A claim may be filed for 6 months after the last step: nothing it needs goes before that.
MIN_RETENTION_DAYS = 183
ERASED_ID_NUMBER = "000000000000"  # keeps the column's format; no person has it
ERASED_PHONE = "0000000000"


def due(kind: PersonalData, closed_on: date, today: date, keep_days: dict[PersonalData, int]) -> bool:
    return today >= closed_on + timedelta(days=keep_days[kind])
