"""Photos, signatures and papers kept as files named by their SHA-256, outside the database.

Why outside: they are most of what the service stores, never queried, and written once; in the database they made
every table scan, dump and restore carry them. A row (`Evidence`) keeps the digest, the type and who sent it; the
bytes live in a store. A file is written (atomically, and flushed to disk) before the transaction that refers to it
commits, so a committed row always has its file; a transaction that rolls back leaves at most a file nobody refers
to. A file is removed only after the transaction that deleted its row committed (`Context.files_to_remove`).

`FileStore` is the whole interface the service uses, so a shared volume (the same class on a mounted path) or an
S3-compatible store can stand in for a directory when the service runs on several machines.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from postal_service.domain.errors import StoreFull

DEFAULT_DATA_DIR = "postal_service-files"  # beside the default SQLite file; production sets DATA_DIR
DIGEST = re.compile(r"^[0-9a-f]{64}$")
NO_ROOM = (errno.ENOSPC, errno.EDQUOT)
log = logging.getLogger(__name__)


class FileStore(Protocol):
    def put(self, data: bytes) -> str:
        """Keep `data`; answer its digest. The same bytes put twice are kept once."""
        ...

    def get(self, digest: str) -> bytes | None:
        """The bytes of that digest, or None when the store has no such file."""
        ...

    def has(self, digest: str) -> bool: ...

    def remove(self, digest: str) -> None:
        """Forget the file; a file already gone is no error."""
        ...

    def digests(self) -> Iterator[str]:
        """Every file the store holds (for a backup)."""
        ...


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DirectoryStore:
    """A directory on a local disk or a shared volume: `<root>/<first two hex digits>/<digest>`, so that no one
    directory holds millions of entries."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, digest: str) -> Path:
        if not DIGEST.match(digest):  # a digest comes from the database or a URL: never a path of its own
            raise ValueError(f"not a SHA-256 digest: {digest[:80]!r}")
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        digest = digest_of(data)
        target = self.path(digest)
        if target.exists():
            return digest
        try:
            self._write(target, data)
        except OSError as error:
            if error.errno in NO_ROOM:
                log.error("file store full at %s: a file of %d bytes was refused", self.root, len(data))
                raise StoreFull("the file store is full; nothing was saved") from error
            raise
        return digest

    def _write(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)  # readers see the whole file or none
        except BaseException:
            Path(temporary).unlink(missing_ok=True)  # a disk that filled up mid-file keeps no part of it
            raise
        _sync_directory(target.parent)

    def get(self, digest: str) -> bytes | None:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            return None

    def has(self, digest: str) -> bool:
        return self.path(digest).exists()

    def remove(self, digest: str) -> None:
        self.path(digest).unlink(missing_ok=True)

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir():
                yield from sorted(f.name for f in folder.iterdir() if DIGEST.match(f.name))


def open_store(location: str) -> FileStore:
    """The store a setting names: today a directory (local, or a shared volume mounted on every machine)."""
    return DirectoryStore(Path(location))


def _sync_directory(folder: Path) -> None:
    """The new name survives a power cut too (the file's bytes were flushed before the rename)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
