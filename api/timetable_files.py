"""A timetable from a file: JSON as `PUT /api/v1/network/timetable` takes it, or CSV (one run a line, and the hubs
in a second CSV) as a planning office keeps it in a spreadsheet. Bad lines are named by their line in the file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from postal_service.domain.errors import InvalidField
from postal_service.services.schemas.network import TimetableLoad

RUN_COLUMNS = ("code", "origin", "destination", "weekdays", "departs", "arrives", "cutoff_minutes", "level")
HUB_COLUMNS = ("code", "name", "street", "province_code", "commune_code", "latitude", "longitude")
ADDRESS = HUB_COLUMNS[2:]


def _csv_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in columns if name not in (reader.fieldnames or ())]
        if missing:
            raise InvalidField({f"{path.name} line 1": f"the header lacks {', '.join(missing)}"})
        return list(reader)


def _number(text: str) -> Any:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text  # left for the schema to name


def _run(row: dict[str, str]) -> dict[str, Any]:
    given: dict[str, Any] = {name: row[name].strip() for name in RUN_COLUMNS if row.get(name, "").strip()}
    given["weekdays"] = row.get("weekdays", "").split()
    for name in ("cutoff_minutes", "level"):
        if name in given:
            given[name] = _number(given[name])
    return given


def _hub(row: dict[str, str]) -> dict[str, Any]:
    address = {name: _number(row[name].strip()) for name in ADDRESS if name != "street"}
    return {"code": row["code"].strip(), "name": row["name"].strip(), "address": {"street": row["street"], **address}}


def read(path: Path, hubs: Path | None = None) -> TimetableLoad:
    """The timetable in `path` (.json, or .csv of runs with `hubs` a .csv of hubs); a line that breaks a rule is
    named as `file line N: field`, every one of them at once."""
    if path.suffix == ".json":
        return _validated(json.loads(path.read_text(encoding="utf-8")), {})
    runs = _csv_rows(path, RUN_COLUMNS)
    hub_rows = _csv_rows(hubs, HUB_COLUMNS) if hubs else []
    lines = {("runs", i): f"{path.name} line {i + 2}" for i in range(len(runs))}
    if hubs:
        lines |= {("hubs", i): f"{hubs.name} line {i + 2}" for i in range(len(hub_rows))}
    return _validated({"hubs": [_hub(r) for r in hub_rows], "runs": [_run(r) for r in runs]}, lines)


def _validated(given: Any, lines: dict[tuple[str, int], str]) -> TimetableLoad:
    try:
        return TimetableLoad.model_validate(given)
    except ValidationError as error:
        errors: dict[str, str] = {}
        for problem in error.errors():
            place = problem["loc"]
            where = lines.get((str(place[0]), int(place[1]))) if len(place) > 1 else None
            rest = place[2:] if where else place
            name = ".".join(str(part) for part in rest)
            errors[f"{where}: {name}" if where else name] = problem["msg"]
        raise InvalidField(errors) from None


def line_names(errors: dict[str, str], timetable: TimetableLoad, path: Path) -> dict[str, str]:
    """The service names a bad run by its place (`runs[3].arrives`); a CSV's reader wants its line."""
    if path.suffix == ".json":
        return errors
    named = {}
    for place, message in errors.items():
        if place.startswith("runs["):
            index, _, field = place[5:].partition("].")
            place = f"{path.name} line {int(index) + 2} (run {timetable.runs[int(index)].code}): {field}"
        named[place] = message
    return named
