"""Travel matrices: straight-line distance with a circuity factor (offline default) or an OSRM-compatible
table service. Both answer integer metres and seconds, one duration matrix per vehicle profile."""

from __future__ import annotations

import json
import math
import urllib.request
from dataclasses import dataclass
from typing import Protocol

EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Matrices:
    distances: list[list[int]]
    durations: dict[str, list[list[int]]]


class MatrixProvider(Protocol):
    def matrices(self, points: list[Point]) -> Matrices: ...


def haversine_m(a: Point, b: Point) -> float:
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    dphi, dlam = phi2 - phi1, math.radians(b.longitude - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Haversine:
    """Road distance ≈ straight line × circuity (1.35 suits Hà Nội's street grid); speed per vehicle profile."""

    circuity: float = 1.35
    speeds_kmh: tuple[tuple[str, float], ...] = (("motorbike", 22.0), ("car", 18.0), ("walk", 4.5))

    def matrices(self, points: list[Point]) -> Matrices:
        road = [[round(haversine_m(a, b) * self.circuity) for b in points] for a in points]
        durations = {
            profile: [[math.ceil(metres / (kmh / 3.6)) for metres in row] for row in road]
            for profile, kmh in self.speeds_kmh
        }
        return Matrices(road, durations)


@dataclass(frozen=True)
class OsrmTable:
    """An OSRM-compatible `/table/v1/{profile}/{lon,lat;...}` service on the operator's own network."""

    base_url: str
    profiles: tuple[str, ...] = ("motorbike",)
    timeout: float = 30.0

    def _table(self, profile: str, points: list[Point]) -> dict[str, list[list[float | None]]]:
        coordinates = ";".join(f"{p.longitude:.6f},{p.latitude:.6f}" for p in points)
        url = f"{self.base_url.rstrip('/')}/table/v1/{profile}/{coordinates}?annotations=distance,duration"
        with urllib.request.urlopen(url, timeout=self.timeout) as response:
            answer = json.load(response)
        if answer.get("code") != "Ok":
            raise ValueError(f"the table service answered {answer.get('code')}: {answer.get('message', '')}")
        return answer

    def matrices(self, points: list[Point]) -> Matrices:
        distances: list[list[int]] | None = None
        durations = {}
        for profile in self.profiles:
            table = self._table(profile, points)
            durations[profile] = _integers(table["durations"], "duration")
            if distances is None:
                distances = _integers(table["distances"], "distance")
        assert distances is not None
        return Matrices(distances, durations)


def _integers(rows: list[list[float | None]], what: str) -> list[list[int]]:
    """OSRM answers null where no road joins two points; that pair is unreachable, not free."""
    unreachable = 10**9
    return [[unreachable if v is None else math.ceil(v) for v in row] for row in rows]
