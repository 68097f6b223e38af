"""The file store keeps bytes under their SHA-256, once, whole or not at all, and only under a digest."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from postal_service.db.files import DirectoryStore


def test_bytes_are_kept_under_their_digest_once_and_read_back(tmp_path):
    store = DirectoryStore(tmp_path / "files")
    digest = store.put(b"a signature")
    assert digest == hashlib.sha256(b"a signature").hexdigest()
    assert store.put(b"a signature") == digest and store.get(digest) == b"a signature"
    assert (tmp_path / "files" / digest[:2] / digest).read_bytes() == b"a signature"
    assert list(store.digests()) == [digest]


def test_a_removed_file_reads_as_nothing_and_removing_it_again_is_no_error(tmp_path):
    store = DirectoryStore(tmp_path)
    digest = store.put(b"a photo")
    store.remove(digest)
    store.remove(digest)
    assert store.get(digest) is None and not store.has(digest) and list(store.digests()) == []


def test_a_name_that_is_not_a_digest_never_becomes_a_path(tmp_path):
    store = DirectoryStore(tmp_path)
    for name in ("../../etc/passwd", "ab/../cd", "A" * 64, ""):
        with pytest.raises(ValueError, match="not a SHA-256 digest"):
            store.get(name)


def test_the_same_bytes_stored_by_many_threads_at_once_leave_one_whole_file_and_no_leftovers(tmp_path):
    store = DirectoryStore(tmp_path)
    data = bytes(range(256)) * 4096  # a megabyte: large enough that writes overlap
    with ThreadPoolExecutor(8) as pool:
        digests = set(pool.map(lambda _: store.put(data), range(16)))
    (digest,) = digests
    assert store.get(digest) == data
    assert [p.name for p in (tmp_path / digest[:2]).iterdir()] == [digest]  # no temporary file left behind
