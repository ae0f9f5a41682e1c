"""Records held on disk while a state-scale import runs, a part at a time.

A state's export is tens of millions of records (1,000,000 students: about 51,000,000
rows), and so is the state kept in ``roster-state.json``: as Python objects they need
several times the memory of a large machine. An import therefore splits them into
*parts*, each small enough to merge in memory:

* records about one student (the student, their demographics, enrollments, results,
  template attempts and transcripts) go to the part of their ``sourcedId`` — a CRC-32 of
  it, so that a record of the import and the same record of the state always meet in one
  part, whatever the process;
* records that many students share (orgs, sessions, courses, classes, line items — the
  :data:`SHARED_KINDS`, thousands, not millions) stay in memory, in every part's view.

:class:`Spill` keeps the parts in pickled batches in a temporary folder, deleted when the
spill is (``careerpaths-spill-*`` in the system's temporary folder); with one part it keeps
them in memory, so a district's import works as it always did. :class:`RecordSink` is
where a reader puts its records: a list, until there are more than :data:`SPILL_AT`, then a
spill of :data:`PARTS` parts (:class:`SpilledRecords`, which iterates as the tuple it
replaces), and deletes it when the read fails (:meth:`RecordSink.discard`).

(Duplicate ids of the files no other file names are found by DuckDB:
:mod:`careerpaths.io.staging`.)
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from careerpaths.io.roster import (
    Fields,
    Kind,
    Record,
    RecordStatus,
    Ref,
    Stored,
)

PARTS = 128  # parts of a spilled import: ~400,000 of a state's 51 million records each
SPILL_AT = 1_000_000  # records a reader holds before it spills the rest to disk
BATCH = 2048  # records pickled at once (repeated keys and values pickled once a batch)

SHARED_KINDS = frozenset({Kind.ORG, Kind.SESSION, Kind.COURSE, Kind.CLASS, Kind.LINE_ITEM})

_KINDS = {k.value: k for k in Kind}
_STUDENT = Kind.STUDENT
_STATUSES = {s.value: s for s in RecordStatus}

T = TypeVar("T")


def part_of(sourced_id: str, parts: int) -> int:
    """The part of a record: the same in every process (not ``hash``, which is salted)."""
    if parts == 1:
        return 0
    return zlib.crc32(sourced_id.encode("utf-8", "surrogatepass")) % parts


def student_of(s: Stored | Record) -> str:
    """The student a per-student record is about (``""`` when it names none)."""
    if s.kind in (Kind.STUDENT, Kind.DEMOGRAPHICS):
        return s.sourced_id
    return s.data.get("user" if s.kind is Kind.ENROLLMENT else "student", "")


class Spill(Generic[T]):
    """Items in ``parts`` parts, added in any order and read back a part at a time.

    With more than one part the items are pickled to files (``pack`` turns an item into
    plain tuples, ``unpack`` turns them back); with one part they stay in a list.
    """

    def __init__(
        self,
        parts: int,
        pack: Any = None,
        unpack: Any = None,
        *,
        prefix: str = "careerpaths-spill-",
    ) -> None:
        self.parts = parts
        self._pack = pack
        self._unpack = unpack
        self._buffers: list[list[Any]] = [[] for _ in range(parts)]
        self._count = 0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if parts > 1:
            self._tmp = tempfile.TemporaryDirectory(prefix=prefix)

    def __len__(self) -> int:
        return self._count

    def add(self, part: int, item: T) -> None:
        buf = self._buffers[part]
        buf.append(item if self._tmp is None or self._pack is None else self._pack(item))
        self._count += 1
        if self._tmp is not None and len(buf) >= BATCH:
            self._flush(part)

    def _path(self, part: int) -> Path:
        assert self._tmp is not None
        return Path(self._tmp.name) / f"{part:04d}.pickle"

    def _flush(self, part: int) -> None:
        with self._path(part).open("ab") as fh:
            pickle.dump(self._buffers[part], fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffers[part] = []

    def items(self, part: int) -> Iterator[T]:
        """The items of one part, in the order they were added."""
        if self._tmp is None:
            yield from self._buffers[part]
            return
        path = self._path(part)
        unpack = self._unpack or (lambda x: x)
        if path.exists():
            with path.open("rb") as fh:
                while True:
                    try:
                        batch = pickle.load(fh)
                    except EOFError:
                        break
                    yield from map(unpack, batch)
        yield from map(unpack, self._buffers[part])

    def __iter__(self) -> Iterator[T]:
        for part in range(self.parts):
            yield from self.items(part)

    def close(self) -> None:
        """Delete the files now (they are deleted with the spill otherwise)."""
        self._buffers = [[] for _ in range(self.parts)]
        if self._tmp is not None:
            self._tmp.cleanup()


# ------------------------------------------------------------------ records as plain tuples


def _data_parts(data: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if isinstance(data, Fields):
        return data.parts()
    return tuple(data), tuple(data.values())


def pack_record(r: Record) -> tuple[Any, ...]:
    keys, values = _data_parts(r.data)
    return (
        r.kind._value_,  # an enum's value without its descriptor (a state's millions)
        r.sourced_id,
        r.status._value_,
        r.modified,
        keys,
        values,
        tuple((ref.kind._value_, ref.sourced_id, ref.column, ref.column_no) for ref in r.refs),
        r.file,
        r.line,
        r.only_if_known,
    )


def unpack_record(t: tuple[Any, ...]) -> Record:
    """:func:`pack_record`'s tuple as a record again. Values repeated within a batch are
    one object already (pickle's memo): a part is not interned further."""
    kind, sid, status, modified, keys, values, refs, file, line, only = t
    return Record(
        _KINDS[kind],
        sid,
        _STATUSES[status],
        modified,
        Fields(keys, values),
        tuple(Ref(_KINDS[k], s, c, n) for k, s, c, n in refs),
        file,
        line,
        only,
    )


def pack_stored(s: Stored) -> tuple[Any, ...]:
    keys, values = _data_parts(s.data)
    return (s.kind.value, s.sourced_id, s.active, s.modified, keys, values)


def unpack_stored(t: tuple[Any, ...]) -> Stored:
    kind, sid, active, modified, keys, values = t
    return Stored(_KINDS[kind], sid, active, modified, Fields(keys, values))


def record_spill(parts: int) -> Spill[Record]:
    return Spill(parts, pack_record, unpack_record)


def stored_spill(parts: int) -> Spill[Stored]:
    return Spill(parts, pack_stored, unpack_stored)


# ------------------------------------------------------------------ what a reader produces


class SpilledRecords:
    """An import's records when there are too many to hold: iterates as the tuple of
    records it replaces (the shared kinds first, then the parts), and gives the
    workspace import its parts directly."""

    def __init__(
        self, shared: tuple[Record, ...], spill: Spill[Record], students: dict[str, bool]
    ) -> None:
        self.shared = shared
        self.spill = spill
        self.students = students  # the students' sourcedIds -> only_if_known

    @property
    def parts(self) -> int:
        return self.spill.parts

    def __len__(self) -> int:
        return len(self.shared) + len(self.spill)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Record]:
        yield from self.shared
        yield from self.spill

    def __contains__(self, item: object) -> bool:  # a Collection's (reads every part)
        return any(r == item for r in self)


class RecordSink:
    """Where a reader appends its records (``append``), in read order; ``records()`` gives
    the tuple, or :class:`SpilledRecords` once there were more than ``spill_at``."""

    def __init__(self, spill_at: int = SPILL_AT, parts: int = PARTS) -> None:
        self._spill_at = spill_at
        self._parts = parts
        self._kept: list[Record] = []
        self._spill: Spill[Record] | None = None
        self._students: dict[str, bool] = {}

    def __len__(self) -> int:
        return len(self._kept) + (len(self._spill) if self._spill is not None else 0)

    def append(self, rec: Record) -> None:
        spill = self._spill
        if spill is None:
            self._kept.append(rec)
            if len(self._kept) > self._spill_at:
                self._start_spilling()
        elif rec.kind in SHARED_KINDS:
            self._kept.append(rec)
        else:
            if rec.kind is _STUDENT:
                self._students[rec.sourced_id] = rec.only_if_known
            spill.add(part_of(rec.sourced_id, spill.parts), rec)

    def extend(self, recs: Iterable[Record]) -> None:
        for rec in recs:
            self.append(rec)

    def discard(self) -> None:
        """Drop the records, and their parts on disk now (a read that fails)."""
        self._kept = []
        self._students = {}
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def _start_spilling(self) -> None:
        held, self._kept = self._kept, []
        self._spill = record_spill(self._parts)
        self.extend(held)

    def records(self) -> tuple[Record, ...] | SpilledRecords:
        if self._spill is None:
            return tuple(self._kept)
        return SpilledRecords(tuple(self._kept), self._spill, self._students)
