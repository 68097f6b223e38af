"""The README's table of demo accounts says what the demo data really creates."""

from __future__ import annotations

import re
from pathlib import Path

from postal_service.demo.catalogue import AGENCIES, POST_OFFICES
from postal_service.demo.network import DRIVERS, HUBS, NETWORK_OFFICES
from postal_service.demo.walks import COURIERS_PER_OFFICE

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_the_readme_names_each_agencys_clerk_as_the_demo_creates_them():
    rows = re.findall(r"^\| `(clerk\d\d)` \| (\S+) (.+) \|$", README, re.MULTILINE)
    assert rows == [(f"clerk{n:02d}", code, name) for n, (code, name, *_) in enumerate(AGENCIES, start=1)]


def test_the_readme_names_each_offices_dispatcher_counter_clerk_and_couriers():
    rows = re.findall(
        r"^\| (\d{6}) (.+) \| `(manager\d)` \| `(dispatcher\d)` \| `(counter\d)` "
        r"\| `(courier\d\d)`–`(courier\d\d)` \|$",
        README,
        re.M,
    )
    expected = [
        (
            code,
            name,
            f"manager{n}",
            f"dispatcher{n}",
            f"counter{n}",
            f"courier{(n - 1) * COURIERS_PER_OFFICE + 1:02d}",
            f"courier{n * COURIERS_PER_OFFICE:02d}",
        )
        for n, (code, name, *_) in enumerate(POST_OFFICES, start=1)
    ]
    assert rows == expected


def test_the_readme_names_the_network_demos_offices_hubs_and_drivers():
    for code, name, *_, suffix in NETWORK_OFFICES:
        staff = f"`dispatcher-{suffix}`, `counter-{suffix}`, `manager-{suffix}`"
        assert f"| {code} {name} | {staff}, couriers `courier-{suffix}1`, `courier-{suffix}2` |" in README
    hubs = ", ".join(code for code, *_ in HUBS)
    hub_staff = ", ".join(f"`hub-{suffix}`" for *_, suffix in HUBS)
    assert f"| {hubs} (exchange hubs) | {hub_staff} |" in README
    assert f"| trunk runs | drivers {', '.join(f'`{d}`' for d in DRIVERS)} |" in README
