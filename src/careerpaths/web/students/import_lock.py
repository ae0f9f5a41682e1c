"""One student-data import at a time per database.

Two imports at once would merge against the same records kept and race for the write
lock: the second used to wait 20-30 s for SQLite's lock and die with a raw ``database is
locked`` traceback, unlogged. Now an import takes the database's import lock first, without
waiting: PostgreSQL's session advisory lock (:data:`ADVISORY_KEY`), or for SQLite an
exclusive ``flock`` on a file beside the database (``<database>.import-lock``; for an
in-memory database, one in the temporary folder). The lock goes with the process: a
killed import leaves nothing to clean up.

A refused attempt raises :class:`ImportBusy`; the caller records it in the import log
(:func:`record_busy`). On PostgreSQL the row is written at once. On SQLite the running
import holds the database's write lock for its whole transaction, so the attempt is
written to a small spool file (``<lock>.refused``, ids and times only, no personal data)
that the import holding the lock moves into the import log as it ends (or the next import
as it starts, should the holder have been killed).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext_noop

log = logging.getLogger("careerpaths.web.students.import")

# pg_try_advisory_lock's key: "careerpaths student import" hashed to a signed 64-bit int.
ADVISORY_KEY = int.from_bytes(
    hashlib.sha256(b"careerpaths student import").digest()[:8], "big", signed=True
)

BUSY_REASON = gettext_noop(
    "another student-data import into this database was running; nothing was written. "
    "Run this one again when it has finished."
)


class ImportBusy(Exception):
    """Another import into the same database is running (nothing was read or written)."""

    def __init__(self) -> None:
        super().__init__(BUSY_REASON)


_held = threading.local()  # this thread's depth of import_lock (the lock is re-entrant)
_process_lock = threading.Lock()  # two threads of one server: the second is refused too


def lock_path(alias: str = DEFAULT_DB_ALIAS) -> Path:
    """The SQLite lock file of the database ``alias``. An in-memory database lives in one
    process only, so its lock file (and spool) is that process's own."""
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        digest = hashlib.sha256(f"{os.getpid()}:{name}".encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"careerpaths-{os.getuid()}-{digest}.import-lock"
    return Path(name + ".import-lock")


@contextlib.contextmanager
def import_lock(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Hold the database's import lock; raise ImportBusy at once when another holds it."""
    depth = getattr(_held, "depth", 0)
    if depth:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    if not _process_lock.acquire(blocking=False):
        raise ImportBusy()
    try:
        with _database_lock(alias):
            _held.depth = 1
            try:
                _drain(alias)
                yield
            finally:
                _held.depth = 0
                _drain(alias)
    finally:
        _process_lock.release()


@contextlib.contextmanager
def _database_lock(alias: str) -> Iterator[None]:
    conn = connections[alias]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            row = cursor.fetchone()
        if not row or not row[0]:
            raise ImportBusy()
        try:
            yield
        finally:
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = lock_path(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy() from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _spool(alias: str) -> Path:
    return lock_path(alias).with_suffix(".refused")


def record_busy(
    *, actor_id: int | None, via: str, fmt: str, as_of: date, filename: str = ""
) -> None:
    """Log an import refused because another was running (the import log, and the log)."""
    log.warning("student import refused: another import is running (via=%s format=%s)", via, fmt)
    entry = {
        "actor_id": actor_id,
        "via": via,
        "fmt": fmt,
        "as_of": as_of.isoformat(),
        "filename": filename[:255],
        "at": datetime.now(UTC).isoformat(),
    }
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        _write(entry)
        return
    spool = _spool(DEFAULT_DB_ALIAS)
    fd = os.open(spool, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def _drain(alias: str) -> None:
    """Move the refused attempts spooled by other processes into the import log."""
    if connections[alias].vendor == "postgresql":
        return
    spool = _spool(alias)
    if not spool.exists():
        return
    taken = spool.with_suffix(f".draining-{os.getpid()}")
    try:
        spool.rename(taken)
    except FileNotFoundError:
        return
    for line in taken.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed process
        _write(entry)
    taken.unlink()


def _write(entry: dict[str, Any]) -> None:
    from careerpaths.web.students.models import ImportBatch

    batch = ImportBatch(
        actor_id=entry.get("actor_id"),
        via=entry["via"],
        format=entry["fmt"],
        filename=entry.get("filename", ""),
        as_of=date.fromisoformat(entry["as_of"]),
        status=ImportBatch.Status.FAILED,
        errors=[
            {
                "file": "",
                "line": None,
                "column": None,
                "reason": BUSY_REASON,
                "text": {"msgid": BUSY_REASON, "params": {}},  # said in the reader's language
            }
        ],
        totals={"busy": 1},
    )
    batch.save()
