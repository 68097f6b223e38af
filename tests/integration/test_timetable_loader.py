"""`postal-service load-timetable`: a planning office's CSV (runs, and hubs in a second file) or the API's JSON;
every bad line is named by its line in the file, and a refused file changes nothing."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlmodel import select

from api.cli import main
from postal_service.db.tables import ExchangeHub, TrunkRun

from ..conftest import work_session
from ..factories import OFFICE

RUN_HEADER = "code,origin,destination,weekdays,departs,arrives,cutoff_minutes,level\n"
HUBS_CSV = "code,name,street,province_code,commune_code,latitude,longitude\n"
HUBS_CSV += "KTHN,Khai thác Hà Nội,1 Phố Trục,1,167,21.04,105.79\n"


def _load(monkeypatch, settings, *args: str):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return CliRunner().invoke(main, ["load-timetable", *args])


def _runs(engine, settings) -> list[str]:
    with work_session(engine, settings) as session:
        return list(session.exec(select(TrunkRun.code).order_by(TrunkRun.code)))


def test_a_csv_timetable_and_its_hubs_are_loaded(engine, settings, world, monkeypatch, tmp_path):
    (tmp_path / "hubs.csv").write_text(HUBS_CSV, encoding="utf-8")
    runs = (
        RUN_HEADER
        + f"HN-KT-1,{OFFICE},KTHN,mon tue wed thu fri,11:00,11:40,20,2\nKT-HN-1,KTHN,{OFFICE},mon sat,06:30,07:30,,2\n"
    )
    (tmp_path / "runs.csv").write_text(runs, encoding="utf-8")
    loaded = _load(monkeypatch, settings, str(tmp_path / "runs.csv"), "--hubs", str(tmp_path / "hubs.csv"))
    assert loaded.exit_code == 0, loaded.output
    assert "2 runs loaded from runs.csv" in loaded.output
    with work_session(engine, settings) as session:
        hub = session.exec(select(ExchangeHub)).one()
        assert (hub.code, hub.commune_code, hub.street) == ("KTHN", 167, "1 Phố Trục")
        back = session.exec(select(TrunkRun).where(TrunkRun.code == "KT-HN-1")).one()
        assert (back.weekdays, back.departs, back.arrives, back.cutoff) == ("05", 390, 450, 30)


def test_bad_lines_of_a_csv_are_named_by_their_line_and_nothing_is_loaded(
    engine, settings, world, monkeypatch, tmp_path
):
    (tmp_path / "hubs.csv").write_text(HUBS_CSV, encoding="utf-8")
    good = RUN_HEADER + f"HN-KT-1,{OFFICE},KTHN,mon,11:00,11:40,20,2\n"
    (tmp_path / "good.csv").write_text(good, encoding="utf-8")
    assert _load(monkeypatch, settings, str(tmp_path / "good.csv"), "--hubs", str(tmp_path / "hubs.csv")).exit_code == 0
    bad = RUN_HEADER + (
        f"A1,{OFFICE},KTHN,mon,11:00,10:40,20,2\n"  # arrives before it leaves: line 2
        f"A2,{OFFICE},KTHN,mon,25:00,10:40,20,2\n"  # no such time: line 3
        f"A3,123456,KTHN,mon,11:00,11:40,20,2\n"  # no such office: line 4
    )
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    refused = _load(monkeypatch, settings, str(tmp_path / "bad.csv"))
    assert refused.exit_code == 1
    assert "bad.csv line 3: departs" in refused.output
    fixed = bad.replace("25:00", "09:00")
    (tmp_path / "bad.csv").write_text(fixed, encoding="utf-8")
    refused = _load(monkeypatch, settings, str(tmp_path / "bad.csv"))
    assert refused.exit_code == 1
    assert "bad.csv line 2 (run A1): arrives: run A1 arrives before it leaves" in refused.output
    assert "bad.csv line 4 (run A3): origin: 123456 is neither a post office nor a hub" in refused.output
    assert _runs(engine, settings) == ["HN-KT-1"]


def test_a_json_timetable_is_what_the_api_takes(engine, settings, world, monkeypatch, tmp_path):
    hubs = [
        {
            "code": "KTHN",
            "name": "Khai thác Hà Nội",
            "address": {
                "street": "1 Phố Trục",
                "province_code": 1,
                "commune_code": 167,
                "latitude": 21.04,
                "longitude": 105.79,
            },
        }
    ]
    runs = [
        {
            "code": "HN-KT-1",
            "origin": OFFICE,
            "destination": "KTHN",
            "weekdays": ["mon"],
            "departs": "11:00",
            "arrives": "11:40",
        }
    ]
    (tmp_path / "network.json").write_text(json.dumps({"hubs": hubs, "runs": runs}), encoding="utf-8")
    assert _load(monkeypatch, settings, str(tmp_path / "network.json")).exit_code == 0
    assert _runs(engine, settings) == ["HN-KT-1"]
