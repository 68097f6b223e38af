"""Finished history written with COPY, in the shapes the use cases write.

Every finished request the demo walked through the real use cases (postal_service.demo) is a template. Each past
day receives copies of them: the request, its envelopes, their custody events, payments, messages, access-log
lines, national status reports and evidence uses, with every date moved to that day, new identities (reference,
tracking number, ids) and each envelope's custody chain recomputed with the service's own fields, hash and seal
(`services.custody.event_fields`, `domain.custody`), so `verify-custody` accepts the copies as it accepts the
originals. Personal data older than its retention period is erased in the copies, as the daily job would have.
Rows go through PostgreSQL's COPY in its text format, a day at a time.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from postal_service.config import Settings
from postal_service.db.tables import (
    AccessLog,
    CustodyEvent,
    EvidenceUse,
    NationalStatusReport,
    Notification,
    Parcel,
    Payment,
    ServiceRequest,
)
from postal_service.domain.custody import GENESIS_HASH, chain_month, event_hash, seal
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import Leg, is_closed
from postal_service.domain.retention import ERASED_ID_NUMBER, ERASED_PHONE, PersonalData, due
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services.booking_store import REFERENCE_ALPHABET
from postal_service.services.custody import event_fields


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


REQUEST, PARCEL, EVENT = _table(ServiceRequest), _table(Parcel), _table(CustodyEvent)
BY_REQUEST = [_table(model) for model in (Payment, Notification, AccessLog, NationalStatusReport)]
BY_PARCEL = [_table(EvidenceUse)]
TABLES: list[Table] = [REQUEST, PARCEL, EVENT, *BY_REQUEST, *BY_PARCEL]
COLUMNS = {table.name: [column.name for column in table.columns] for table in TABLES}
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})  # COPY's text format
FIRST_SERIAL = 10_000_000  # history's tracking numbers: far above what the open day's sequence issues


@dataclass(frozen=True)
class Template:
    """One finished request as the use cases left it, and the local day it was booked."""

    day: date
    rows: dict[str, list[dict[str, Any]]]  # table name: rows (the request's own row under "service_request")
    texts: dict[str, list[list[str]]]  # the same rows' columns in COPY's text, made once for every copy

    def line(self, table: Table, number: int, row: dict[str, Any]) -> str:
        """A copy of the template's `number`th row of `table` as a COPY line: a value the copy kept (the same
        object) is written as the template's text, made once."""
        source, texts = self.rows[table.name][number], self.texts[table.name][number]
        return "\t".join(
            [
                text if (value := row.get(c)) is source.get(c) else _text(value)
                for c, text in zip(COLUMNS[table.name], texts, strict=True)
            ]
        )


def read_templates(engine: Engine) -> list[Template]:
    """Every request whose envelopes are all closed, with its rows in every cloned table."""
    with engine.connect() as connection:
        parcels: dict[int, list[dict[str, Any]]] = {}
        for row in connection.execute(select(PARCEL)).mappings():
            parcels.setdefault(row["request_id"], []).append(dict(row))
        finished = [
            dict(row)
            for row in connection.execute(select(REQUEST).order_by(REQUEST.c.id)).mappings()
            if parcels.get(row["id"]) and all(is_closed(Leg(p["leg"]), p["status"]) for p in parcels[row["id"]])
        ]
        return [_template(connection, request, parcels[request["id"]]) for request in finished]


def _template(connection: Connection, request: dict[str, Any], parcels: list[dict[str, Any]]) -> Template:
    ids = [p["id"] for p in parcels]
    rows: dict[str, list[dict[str, Any]]] = {REQUEST.name: [request], PARCEL.name: parcels}
    rows[EVENT.name] = [
        dict(r)
        for r in connection.execute(
            select(EVENT).where(EVENT.c.parcel_id.in_(ids)).order_by(EVENT.c.parcel_id, EVENT.c.sequence)
        ).mappings()
    ]
    for table in BY_REQUEST:
        rows[table.name] = [
            dict(r) for r in connection.execute(select(table).where(table.c.request_id == request["id"])).mappings()
        ]
    for table in BY_PARCEL:
        rows[table.name] = [
            dict(r) for r in connection.execute(select(table).where(table.c.parcel_id.in_(ids))).mappings()
        ]
    texts = {
        name: [[_text(row.get(c)) for c in COLUMNS[name]] for row in table_rows] for name, table_rows in rows.items()
    }
    return Template(request["created_at"].astimezone(LOCAL_TZ).date(), rows, texts)


class Cloner:
    """Copies templates onto days, numbering every copy after what the database already holds."""

    def __init__(self, connection: Connection, settings: Settings, today: date) -> None:
        self.next_id = {
            table.name: int(
                connection.execute(text(f'SELECT coalesce(max(id), 0) + 1 FROM "{table.name}"')).scalar_one()
            )
            for table in TABLES
        }
        self.serial = FIRST_SERIAL
        self.copies = 0
        self.key_id, self.key = next(iter(settings.custody_key_ring.items()))
        self.retention = settings.retention
        self.today = today
        self.prefixes = {Leg.DOSSIER.value: settings.s10_prefix_dossier, Leg.RESULT.value: settings.s10_prefix_result}

    def day(self, templates: list[Template], day: date, count: int) -> dict[str, list[str]]:
        """`count` copies booked on `day`, as COPY lines per table."""
        lines: dict[str, list[str]] = {table.name: [] for table in TABLES}
        for i in range(count):
            self._copy(templates[(self.copies + i) % len(templates)], day, lines)
        self.copies += count
        return lines

    def _copy(self, template: Template, day: date, lines: dict[str, list[str]]) -> None:
        shift = timedelta(days=(day - template.day).days)
        request = _moved(template.rows[REQUEST.name][0], shift)
        request_id = self._id(REQUEST)
        request |= {"id": request_id, "reference": self._reference(request_id)}
        self._erase_as_due(request, day)
        lines[REQUEST.name].append(template.line(REQUEST, 0, request))
        parcel_ids: dict[int, int] = {}
        trackings: dict[int, str] = {}
        months: dict[int, date] = {}  # each envelope's chain month: of its first event, else of the booking
        opened = {e["parcel_id"]: e["occurred_at"] for e in reversed(template.rows[EVENT.name])}
        for number, parcel in enumerate(template.rows[PARCEL.name]):
            moved = _moved(parcel, shift)
            moved["chain_month"] = months[parcel["id"]] = chain_month(
                opened.get(parcel["id"], template.rows[REQUEST.name][0]["created_at"]) + shift
            )
            parcel_ids[parcel["id"]] = moved["id"] = self._id(PARCEL)
            trackings[parcel["id"]] = moved["tracking_number"] = self._tracking(parcel["leg"])
            moved["request_id"] = request_id
            if PersonalData.EVIDENCE.value in request["erased"]:
                moved["dossier_pdf"] = None
            lines[PARCEL.name].append(template.line(PARCEL, number, moved))
        previous: dict[int, str] = {}
        for number, event in enumerate(template.rows[EVENT.name]):
            moved = _moved(event, shift)
            moved |= {"id": self._id(EVENT), "parcel_id": parcel_ids[event["parcel_id"]]}
            moved["chain_month"] = months[event["parcel_id"]]
            moved["previous_hash"] = previous.get(event["parcel_id"], GENESIS_HASH)
            fields = event_fields(SimpleNamespace(**moved), trackings[event["parcel_id"]])  # type: ignore[arg-type]
            moved["hash"] = previous[event["parcel_id"]] = event_hash(fields, moved["previous_hash"])
            moved["key_id"], moved["seal"] = self.key_id, seal(self.key, moved["hash"])
            lines[EVENT.name].append(template.line(EVENT, number, moved))
        for table in BY_REQUEST:
            for number, row in enumerate(template.rows[table.name]):
                moved = _moved(row, shift) | {"id": self._id(table), "request_id": request_id}
                if table.name == Notification.__tablename__:
                    moved["once_key"] = None  # a notice's once-only key belongs to the original
                    if PersonalData.PHONE.value in request["erased"]:
                        moved["recipient"], moved["body"] = "", ""
                lines[table.name].append(template.line(table, number, moved))
        if PersonalData.EVIDENCE.value not in request["erased"]:
            for table in BY_PARCEL:
                for number, row in enumerate(template.rows[table.name]):
                    moved = _moved(row, shift) | {"id": self._id(table), "parcel_id": parcel_ids[row["parcel_id"]]}
                    lines[table.name].append(template.line(table, number, moved))

    def _erase_as_due(self, request: dict[str, Any], day: date) -> None:
        """What the daily retention job erased by its last run, yesterday, and when it looks again (closing taken as
        the day booked): what falls due today is left for today's run."""
        yesterday = self.today - timedelta(days=1)
        erased = [kind.value for kind in PersonalData if due(kind, day, yesterday, self.retention)]
        if PersonalData.ID_NUMBER.value in erased:
            request["contact_id_number"] = ERASED_ID_NUMBER
        if PersonalData.PHONE.value in erased:
            request["contact_phone"], request["contact_email"] = ERASED_PHONE, None
        if PersonalData.ADDRESS.value in erased:
            for side in ("pickup", "delivery"):
                request[f"{side}_street"] = request[f"{side}_latitude"] = request[f"{side}_longitude"] = None
        request["erased"] = erased
        request["retention_done"] = len(erased) == len(PersonalData)
        kept = [kind for kind in PersonalData if kind.value not in erased]
        request["retention_check_on"] = min((day + timedelta(days=self.retention[k]) for k in kept), default=None)

    def _id(self, table: Table) -> int:
        value = self.next_id[table.name]
        self.next_id[table.name] = value + 1
        return value

    def _reference(self, request_id: int) -> str:
        digits, n = [], request_id
        for _ in range(6):
            n, digit = divmod(n, len(REFERENCE_ALPHABET))
            digits.append(REFERENCE_ALPHABET[digit])
        return "H45-" + "".join(reversed(digits))  # "H": never one the booking's random "D45-" references meets

    def _tracking(self, leg: str) -> str:
        self.serial += 1
        return TrackingNumber.issue(self.prefixes[leg], self.serial).value


def _moved(row: dict[str, Any], shift: timedelta) -> dict[str, Any]:
    """The row with every date and time moved by `shift`."""
    return {k: v + shift if isinstance(v, datetime | date) else v for k, v in row.items()}


def _text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(ESCAPES)
    return str(value).translate(ESCAPES)


def made_ahead(
    cloner: Cloner, templates: list[Template], days: list[date], count: int
) -> Iterator[dict[str, list[str]]]:
    """`cloner.day` of each day in turn, made in a forked process up to two days ahead of the caller: the Python
    that makes a day's lines (the larger part) and PostgreSQL's COPY of the day before run on the two cores at
    once. The cloner's own numbering moves on in that process only: the caller takes the next ids from the
    database (`advance_sequences`)."""
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[Any] = context.Queue(maxsize=2)
    maker = context.Process(target=_make, args=(cloner, templates, days, count, queue), daemon=True)
    maker.start()
    try:
        for _ in days:
            lines = queue.get()
            if isinstance(lines, Exception):
                raise RuntimeError("making the history's days failed") from lines
            yield lines
    finally:
        maker.kill()
        maker.join()


def _make(
    cloner: Cloner, templates: list[Template], days: list[date], count: int, queue: multiprocessing.Queue[Any]
) -> None:
    try:
        for day in days:
            queue.put(cloner.day(templates, day, count))
    except Exception as error:  # the caller waits for the next day: it must hear why none comes
        queue.put(error)


def copy_lines(connection: Connection, lines: dict[str, list[str]]) -> None:
    """Each table's lines through COPY, parents first (the foreign keys hold at every statement)."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cursor:  # type: ignore[attr-defined]
        for table in TABLES:
            rows = lines[table.name]
            if not rows:
                continue
            names = ", ".join(f'"{c.name}"' for c in table.columns)
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for chunk in _chunks(rows, 5_000):
                    copy.write("\n".join(chunk) + "\n")


def _chunks(rows: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def advance_sequences(connection: Connection, tables: Iterable[Table] = TABLES) -> None:
    """Ids the copies took are taken: the next row the service writes numbers after them."""
    for table in tables:
        name = f'"{table.name}"'
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
