"""The file store's disk full (a small tmpfs of the test's own): an upload is refused with 507 and a clear cause,
the request keeps nothing (no row, no partial file), what was stored before stays readable, and uploads work
again as soon as there is room, without restarting anything."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import func, select

from api import create_app
from postal_service.db.engine import new_session
from postal_service.db.tables import Evidence

from ..e2e.conftest import Api

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
DISK_KB = 1024


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_KB}k", "tmpfs", str(disk)], check=False)
    assert mounted.returncode == 0, "the test mounts a small tmpfs as its file store (it runs as root here and in CI)"
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _photo() -> bytes:
    """A photo that does not compress (noise), about 120 KB as PNG."""
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(api: Api, data: bytes):
    form = {"file": (io.BytesIO(data), "signature.png")}
    return api.client.post(
        "/api/v1/evidence", data=form, content_type="multipart/form-data", headers=api.login("courier1")
    )


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:  # no space left: the disk is full
            pass
    return filler


def test_a_full_file_store_answers_507_keeps_nothing_and_takes_files_again_once_there_is_room(
    small_disk, settings, world, engine
):
    app = create_app(settings.model_copy(update={"data_dir": str(small_disk / "files")}))
    try:
        _fill_and_free(Api(app), small_disk, engine)
    finally:
        app.extensions["postal"].engine.dispose()


def _fill_and_free(api: Api, small_disk: Path, engine) -> None:
    before = _upload(api, _photo())
    assert before.status_code == 201
    kept = before.get_json()["ref"].removeprefix("evidence:")
    filler = _fill(small_disk)

    photo = _photo()
    refused = _upload(api, photo)
    assert refused.status_code == 507, refused.get_json()
    assert refused.get_json()["error"]["code"] == "storage_full"
    assert "file store is full" in refused.get_json()["error"]["message"]
    with new_session(engine) as session:
        assert session.exec(select(func.count()).select_from(Evidence)).one() == 1  # no row for the refused file
    left = [p.name for p in (small_disk / "files").rglob("*") if p.is_file()]
    assert left == [kept], left  # no partial file
    assert api.get(f"/evidence/{kept}", as_="dispatcher").status_code == 200  # what was kept is still there

    filler.unlink()  # an operator made room
    again = _upload(api, photo)
    assert again.status_code == 201
    assert (
        api.get(f"/evidence/{again.get_json()['ref'].removeprefix('evidence:')}", as_="dispatcher").status_code == 200
    )
