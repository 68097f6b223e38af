"""The two matrix providers: the offline haversine estimate and an OSRM table client against a local stub."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from routing.matrix import Haversine, OsrmTable, Point, haversine_m

HOAN_KIEM = Point(21.0285, 105.8520)
CAU_GIAY = Point(21.0330, 105.7940)


def test_haversine_distance_between_two_hanoi_wards_is_about_six_kilometres():
    assert 5_900 < haversine_m(HOAN_KIEM, CAU_GIAY) < 6_200


def test_the_offline_provider_applies_circuity_and_a_speed_per_profile():
    matrices = Haversine(circuity=1.5, speeds_kmh=(("motorbike", 36.0),)).matrices([HOAN_KIEM, CAU_GIAY])
    road = matrices.distances[0][1]
    assert matrices.distances[0][0] == 0
    assert road == round(haversine_m(HOAN_KIEM, CAU_GIAY) * 1.5)
    assert matrices.durations["motorbike"][0][1] == -(-road // 10)  # 36 km/h = 10 m/s, rounded up


class StubOsrm(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        StubOsrm.requests.append(self.path)
        if not self.path.startswith("/table/v1/"):
            self.send_error(404)
            return
        count = len(self.path.split("/table/v1/")[1].split("?")[0].split("/", 1)[1].split(";"))
        body = {
            "code": "Ok",
            "durations": [[0 if a == b else 100.4 * (a + b) for b in range(count)] for a in range(count)],
            "distances": [
                [0 if a == b else (None if b == 2 else 1000.0 * (a + b)) for b in range(count)] for a in range(count)
            ],
        }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub_url():
    server = HTTPServer(("127.0.0.1", 0), StubOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_osrm_client_asks_for_lon_lat_and_reads_integer_matrices(stub_url):
    points = [HOAN_KIEM, CAU_GIAY, Point(21.0, 105.8)]
    matrices = OsrmTable(stub_url, profiles=("motorbike",)).matrices(points)
    assert StubOsrm.requests[-1].startswith("/table/v1/motorbike/105.852000,21.028500;105.794000,21.033000;")
    assert matrices.durations["motorbike"][0][1] == 101  # 100.4 s rounded up
    assert matrices.distances[1][0] == 1000
    assert matrices.distances[0][2] == 10**9  # no road: unreachable, never free


def test_an_error_from_the_table_service_is_reported(stub_url):
    with pytest.raises(OSError):
        OsrmTable(stub_url.replace("127.0.0.1", "127.0.0.1") + "/missing", profiles=("x",)).matrices([HOAN_KIEM])
