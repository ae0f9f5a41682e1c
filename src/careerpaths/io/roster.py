"""Student data from a student information system: the snapshot both importers produce.

Two readers produce a :class:`RosterSnapshot` — :mod:`careerpaths.io.oneroster` (IMS
OneRoster 1.1 / 1.2 bulk and delta CSV) and :mod:`careerpaths.io.student_csv` (the plain
CSV template) — and :mod:`careerpaths.io.roster_merge` merges it into the records kept so
far (a :class:`RosterState`). :func:`to_students` turns those records into the domain's
:class:`~careerpaths.core.model.Student` and :class:`~careerpaths.core.model.Attempt`.

Every record is identified by its kind and its ``sourcedId`` and carries its fields as
strings, so that the records kept (JSON text in DuckDB) and two imports compare field by field
(idempotence). The fields each kind keeps are listed in ``docs/student-data.md``; names,
e-mail addresses, passwords and birth dates are never kept (we do not need them).
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Collection, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeAlias

from careerpaths.core import grades, i18n
from careerpaths.core.model import Attempt, Course, Region, Student
from careerpaths.core.requisites import course_key
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Season, Term
from careerpaths.io.errors import LoadError, WorkspaceError
from careerpaths.io.spreadsheet import (
    MAX_FIELD,
    Row,
    Sheet,
    clean_cell,
    header_errors,
    nonblank_rows,
)


class Kind(StrEnum):
    """What a record is. One OneRoster file, or one template file, feeds each kind."""

    ORG = "org"
    SESSION = "session"
    COURSE = "course"
    CLASS = "class"
    STUDENT = "student"
    ENROLLMENT = "enrollment"
    DEMOGRAPHICS = "demographics"
    LINE_ITEM = "line_item"
    RESULT = "result"
    ATTEMPT = "attempt"  # a course attempt given directly (the plain-CSV template)
    TRANSCRIPT = "transcript"  # a dual-credit course on a college transcript (the template)


class Mode(StrEnum):
    """OneRoster's processing modes: a bulk file is complete, a delta file lists changes."""

    BULK = "bulk"
    DELTA = "delta"


class RecordStatus(StrEnum):
    ACTIVE = "active"
    TOBEDELETED = "tobedeleted"


class RosterError(WorkspaceError):
    """Student data that cannot be imported; ``errors`` lists every problem (nothing written)."""


# One Fields class per key set (a handful: one or two per kind), holding the keys' positions,
# shared by every record of that shape. Bounded, so that odd input cannot grow it without end.
_SHAPES: dict[tuple[str, ...], type[Fields]] = {}
_MAX_SHAPES = 4096


# tuple's own methods, called on a Fields (which overrides them to read as a mapping)
_tuple_new: Any = tuple.__new__
_tuple_item: Any = tuple.__getitem__
_tuple_iter: Any = tuple.__iter__
_tuple_len: Any = tuple.__len__
_tuple_eq: Any = tuple.__eq__
if TYPE_CHECKING:
    _FieldsBase: TypeAlias = Mapping[str, str]  # what it is to its readers
else:
    _FieldsBase = tuple  # what it is in memory: one tuple of values


class Fields(_FieldsBase):
    """A record's fields: an immutable mapping that is one tuple of values.

    A dict per record cost most of an import's memory at scale (a state holds tens of
    millions of records, all with the same few keys): the keys and their positions live on
    a class per key set, each record is just its values. It reads as a mapping (``[]``,
    ``get``, ``in``, iteration over the keys, ``items``, ``dict(f)``) and is equal to any
    mapping with the same items — never to a plain tuple.

    >>> f = Fields.of({"grade": "9", "school": "hs1"})
    >>> f["grade"], dict(f) == {"school": "hs1", "grade": "9"}, f == {"grade": "9"}
    ('9', True, False)
    """

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}
    _keys: ClassVar[tuple[str, ...]] = ()

    def __new__(cls, keys: tuple[str, ...], values: tuple[str, ...]) -> Fields:
        if len(keys) != len(values):
            raise ValueError("as many values as keys")
        shape = _SHAPES.get(keys)
        if shape is None:
            index = {k: i for i, k in enumerate(keys)}
            if len(index) != len(keys):
                raise ValueError("a key is given twice")
            shape = type(
                "Fields", (Fields,), {"__slots__": (), "_index": index, "_keys": tuple(keys)}
            )
            if len(_SHAPES) < _MAX_SHAPES:
                _SHAPES[keys] = shape
        fields: Fields = _tuple_new(shape, values)
        return fields

    @staticmethod
    def of(data: Mapping[str, str]) -> Fields:
        """``data`` as Fields (itself when it already is)."""
        if isinstance(data, Fields):
            return data
        return Fields(tuple(data), tuple(data.values()))

    def __getitem__(self, key: str) -> str:
        value: str = _tuple_item(self, self._index[key])
        return value

    def get(self, key: str, default: Any = None) -> Any:
        i = self._index.get(key)
        return default if i is None else _tuple_item(self, i)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        n: int = _tuple_len(self)
        return n

    def keys(self) -> KeysView[str]:
        return self._index.keys()

    def parts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(keys, values)`` as plain tuples: ``Fields(*f.parts()) == f``."""
        return self._keys, _tuple_item(self, slice(None))

    def values(self) -> ValuesView[str]:
        return _Values(self)

    def items(self) -> ItemsView[str, str]:
        return _Items(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Fields):
            if type(other) is type(self):
                equal: bool = _tuple_eq(self, other)
                return equal
            return dict(self.items()) == dict(other.items())
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        # not NotImplemented: a tuple would then compare itself with the values
        return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping, as a dict

    def __repr__(self) -> str:
        return f"Fields({dict(self.items())!r})"


Mapping.register(Fields)


class _Values(ValuesView[str]):
    _mapping: Fields

    def __iter__(self) -> Iterator[str]:
        values: Iterator[str] = _tuple_iter(self._mapping)
        return values


class _Items(ItemsView[str, str]):
    _mapping: Fields

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return zip(self._mapping._index, _tuple_iter(self._mapping), strict=True)


EMPTY_FIELDS = Fields((), ())


@functools.lru_cache(maxsize=4096)  # an export's dateLastModified: a few distinct texts
def parse_when(text: str) -> datetime:
    """:func:`parse_datetime`, parsed once per distinct text (ValueError as it)."""
    return parse_datetime(text)


class Ref(NamedTuple):
    """A reference from one record to another (checked across files and against the state)."""

    kind: Kind
    sourced_id: str
    column: str
    column_no: int | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One row of student data, as read.

    ``modified`` is ``dateLastModified`` (timezone-aware) when the file gives one.
    ``file`` and ``line`` say where the row came from, for error messages only.
    ``only_if_known``: the row updates a record already kept but cannot create one (a
    OneRoster 1.2 delta user whose role is not in the delta: a student only if known).
    """

    kind: Kind
    sourced_id: str
    status: RecordStatus
    modified: datetime | None
    data: Mapping[str, str]
    refs: tuple[Ref, ...] = ()
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    only_if_known: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class RosterSnapshot:
    """What one import brings: its records and, per kind, whether its file is bulk or delta.

    A kind missing from ``modes`` was not in the import (its records are left alone).
    ``records`` is a tuple, or for a state-scale import the records on disk
    (:class:`careerpaths.io.records_db.StagedRecords`, iterated as the tuple).
    """

    source: str  # "oneroster-1.1", "oneroster-1.2", "csv"
    modes: Mapping[Kind, Mode]
    records: Collection[Record]
    # Imported, and reported: what a real export has that the specification does not
    # (unknown columns, header case, OneRoster 1.0 statuses, parents left out, …).
    warnings: tuple[LoadError, ...] = ()
    # Rows that cannot be used, left out and listed (see :func:`enforce_policy`).
    skipped_rows: tuple[LoadError, ...] = ()
    rows: Mapping[str, int] = field(default_factory=dict)  # rows read, per file

    def of(self, kind: Kind) -> list[Record]:
        return [r for r in self.records if r.kind is kind]


@dataclass(frozen=True, slots=True)
class Stored:
    """A record as kept: never deleted, only made inactive."""

    kind: Kind
    sourced_id: str
    active: bool
    modified: datetime | None
    data: Mapping[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "sourcedId": self.sourced_id,
            "active": self.active,
            "dateLastModified": self.modified.isoformat() if self.modified else None,
            "data": dict(sorted(self.data.items())),
        }

    @staticmethod
    def from_dict(d: Mapping[str, Any]) -> Stored:
        modified = d.get("dateLastModified")
        # In the order the fields are given, so that a bad record is worded as ever.
        kind = Kind(d["kind"])
        sourced_id = str(d["sourcedId"])
        active = bool(d["active"])
        when = datetime.fromisoformat(modified) if modified else None
        raw = d["data"]
        data = Fields(tuple(str(k) for k in raw), tuple(str(v) for v in raw.values()))
        return Stored(kind, sourced_id, active, when, data)


Key = tuple[Kind, str]


@dataclass(frozen=True)
class RosterState:
    """Every record imported so far, active or not, keyed by (kind, sourcedId)."""

    records: Mapping[Key, Stored] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, kind: Kind, sourced_id: str) -> Stored | None:
        return self.records.get((kind, sourced_id))

    def of(self, kind: Kind, *, active_only: bool = True) -> list[Stored]:
        return sorted(
            (s for s in self.records.values() if s.kind is kind and (s.active or not active_only)),
            key=lambda s: s.sourced_id,
        )


# --------------------------------------------------------------------------- cells

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_bool(value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(value)


def parse_date(value: str) -> date:
    """``2025-08-20`` (ISO 8601 calendar date)."""
    if not _DATE_RE.match(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def parse_datetime(value: str) -> datetime:
    """``2025-08-20T14:03:00.000Z`` → an aware datetime; no offset is read as UTC."""
    if not _DATETIME_RE.match(value):
        raise ValueError(value)
    dt = datetime.fromisoformat(value)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


# --------------------------------------------------------------------------- to students


@dataclass(frozen=True)
class Skipped:
    """A record that did not become part of a student, and why (shown, never an error)."""

    code: str  # e.g. "course-not-in-catalog", "grade-out-of-range", "org-not-an-institution"
    kind: Kind
    sourced_id: str
    reason: str


@dataclass(frozen=True)
class StudentRecords:
    students: tuple[Student, ...]
    skipped: tuple[Skipped, ...]


def school_year_of(day: date) -> int:
    """The school year a day falls in, named by its ending year (OneRoster's ``schoolYear``).

    >>> school_year_of(date(2025, 9, 2)), school_year_of(date(2026, 3, 2))
    (2026, 2026)
    """
    return day.year + 1 if day.month >= 7 else day.year


@functools.cache  # one string per school year, shared by every attempt of that year
def school_year_label(end_year: int) -> str:
    """``2026`` → ``"2025-26"``."""
    return f"{end_year - 1}-{end_year % 100:02d}"


def season_of(start: date) -> Season:
    """The season a session starting on ``start`` belongs to: Aug-Dec fall, Jan-May spring."""
    if start.month >= 8:
        return Season.FALL
    if start.month <= 5:
        return Season.SPRING
    return Season.SUMMER


_PERCENT_LETTERS = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))


def letter_grade(text_score: str, score: str, max_score: str) -> str | None:
    """A final grade from a OneRoster result: ``textScore`` when it is a grade, else the
    percentage ``score / resultValueMax`` on the usual 90/80/70/60 scale.

    >>> letter_grade("B+", "", ""), letter_grade("", "87", "100"), letter_grade("", "", "")
    ('B+', 'B', None)
    """
    t = text_score.strip().upper()
    if t and grades.is_known(t):
        return t
    try:
        s = float(score)
        top = float(max_score) if max_score else 100.0
    except ValueError:
        return None
    if top <= 0:
        return None
    pct = 100.0 * s / top
    for floor, letter in _PERCENT_LETTERS:
        if pct >= floor:
            return letter
    return "F"


def _institution_of(
    org_id: str, state: RosterState, region: Region, org_map: Mapping[str, str]
) -> str | None:
    if org_id in org_map:
        return org_map[org_id]
    if org_id in region.institutions:
        return org_id
    org = state.get(Kind.ORG, org_id)
    if org is not None and org.data.get("identifier") in region.institutions:
        return org.data["identifier"]
    return None


@dataclass(frozen=True, slots=True)
class _ClassInfo:
    """What :func:`to_students` takes from an enrollment's class, once per class."""

    class_id: str
    course: Course
    last_end: str
    running: bool  # its last term ends on or after the day of the import
    season: Season
    end_year: int
    dual: bool
    school_year: str


def _class_info(
    class_id: str,
    classes: Mapping[str, Stored],
    courses: Mapping[str, Stored],
    sessions: Mapping[str, Stored],
    region: Region,
    as_of: date,
) -> _ClassInfo | tuple[str, str]:
    """What an enrollment in class ``class_id`` gives (:class:`_ClassInfo`), or why it
    gives no attempt (a skip code and its reason)."""
    cls = classes.get(class_id)
    course = courses.get(cls.data.get("course", "")) if cls else None
    code = course.data.get("course_code", "") if course else ""
    catalog_course = region.course(code) if code else None
    if cls is None or course is None or catalog_course is None:
        return (
            "course-not-in-catalog",
            f"course {code or '(no courseCode)'} is not in the region's catalog",
        )
    terms = [sessions[t] for t in cls.data.get("terms", "").split(",") if t and t in sessions]
    terms.sort(key=lambda s: s.data.get("start", ""))
    if not terms:
        return ("no-term", "the class has no term")
    first, last = terms[0], max(terms, key=lambda s: s.data.get("end", ""))
    start = date.fromisoformat(first.data["start"])
    season = season_of(start)
    # A summer belongs to the school year that has just ended (the summer after grade 11
    # is G11-SU), whatever year the SIS files it under.
    end_year = (
        start.year
        if season is Season.SUMMER
        else int(first.data.get("school_year") or school_year_of(start))
    )
    return _ClassInfo(
        class_id=cls.sourced_id,
        course=catalog_course,
        last_end=last.data.get("end", ""),
        running=date.fromisoformat(last.data["end"]) >= as_of,
        season=season,
        end_year=end_year,
        dual=(
            catalog_course.is_college
            or cls.data.get("dual_credit") == "yes"
            or course.data.get("dual_credit") == "yes"
        ),
        school_year=school_year_label(end_year),
    )


def to_students(
    state: RosterState,
    region: Region,
    *,
    as_of: date,
    org_map: Mapping[str, str] | None = None,
) -> StudentRecords:
    """The active students of ``state`` as domain students, with their course attempts.

    Rules (docs/student-data.md): a student's school is the institution whose id is the
    org's ``identifier`` (or ``sourcedId``, or ``org_map``); grade levels outside 9-14
    are left out; an attempt is an active student enrollment in a class whose course's
    ``courseCode`` is in the catalog (or a template attempt); its term is the grade the
    student was in that school year and the season of the class's first session; its
    grade is the final result (a line item titled or categorised "final", or marked
    ``final``), else ``IP`` while the session runs; it is dual credit when the course is a
    college course or the class or course is flagged ``dual_credit``.
    """
    omap = dict(org_map or {})
    skipped: list[Skipped] = []
    this_year = school_year_of(as_of)

    finals: dict[tuple[str, str], str] = {}  # (class, student) -> letter grade
    # Last year's results drop out of this year's bulk export (and are made inactive):
    # they still give last year's grades, unless an active result says otherwise.
    items = {s.sourced_id: s for s in state.of(Kind.LINE_ITEM, active_only=False)}
    results = state.of(Kind.RESULT, active_only=False)
    for res in sorted(results, key=lambda r: r.active):
        item = items.get(res.data.get("line_item", ""))
        if item is None or item.data.get("final") != "yes":
            continue
        if res.data.get("score_status", "fully graded") not in ("fully graded", ""):
            continue
        letter = letter_grade(
            res.data.get("text_score", ""), res.data.get("score", ""), item.data.get("max", "")
        )
        if letter is not None:
            finals[(item.data.get("class", ""), res.data.get("student", ""))] = letter

    demographics = {d.sourced_id: d.data for d in state.of(Kind.DEMOGRAPHICS)}
    attempts: dict[str, list[Attempt]] = {}
    students: dict[str, Student] = {}
    for st in state.of(Kind.STUDENT):
        grade_text = st.data.get("grade", "")
        level = int(grade_text) if grade_text.isascii() and grade_text.isdigit() else 0
        if not 9 <= level <= 14:
            skipped.append(
                Skipped(
                    "grade-out-of-range",
                    Kind.STUDENT,
                    st.sourced_id,
                    f"grade {grade_text or 'none'} is outside grades 9-14",
                )
            )
            continue
        school = None
        for org_id in [st.data.get("school", ""), *st.data.get("orgs", "").split(",")]:
            if org_id and (school := _institution_of(org_id, state, region, omap)):
                break
        if school is None:
            skipped.append(
                Skipped(
                    "org-not-an-institution",
                    Kind.STUDENT,
                    st.sourced_id,
                    f"school {st.data.get('school') or st.data.get('orgs')!r} is not an "
                    "institution of the region (set the org's identifier to its id)",
                )
            )
            continue
        cohort_text = st.data.get("cohort", "")
        cohort = (
            int(cohort_text)
            if cohort_text.isdigit()
            else this_year + max(LAST_HIGH_SCHOOL_GRADE - level, 0)
        )
        demo = {k: v for k, v in demographics.get(st.sourced_id, {}).items() if v}
        pathway = st.data.get("pathway") or None
        if pathway is not None and pathway not in region.pathways:
            skipped.append(
                Skipped(
                    "pathway-unknown",
                    Kind.STUDENT,
                    st.sourced_id,
                    f"pathway {pathway!r} is not a pathway of the region (left blank)",
                )
            )
            pathway = None
        held = set(_split(st.data.get("credentials", "")))
        for unknown in sorted(held - set(region.credentials)):
            skipped.append(
                Skipped(
                    "credential-unknown",
                    Kind.STUDENT,
                    st.sourced_id,
                    f"credential {unknown!r} is not a credential of the region (left out)",
                )
            )
        students[st.sourced_id] = Student(
            id=st.sourced_id,
            school=school,
            grade_level=level,
            cohort=cohort,
            pathway=pathway,
            scores=MappingProxyType(_scores(st.data.get("scores", ""))),
            flags=frozenset(_split(st.data.get("flags", ""))),
            credentials=frozenset(held & set(region.credentials)),
            demographics=MappingProxyType(demo),
        )
        attempts[st.sourced_id] = []

    terms_of: dict[tuple[int, Season], Term] = {}  # one Term object per term, shared

    def term_for(student: Student, end_year: int, season: Season) -> Term | None:
        g = student.grade_level - (this_year - end_year)
        if not 9 <= g <= 14:
            return None
        term = terms_of.get((g, season))
        if term is None:
            term = terms_of[(g, season)] = Term.of(g, season)
        return term

    # Enrollments (OneRoster): class -> course code, class's first term -> season and year.
    sessions = {s.sourced_id: s for s in state.of(Kind.SESSION, active_only=False)}
    classes = {s.sourced_id: s for s in state.of(Kind.CLASS, active_only=False)}
    courses = {s.sourced_id: s for s in state.of(Kind.COURSE, active_only=False)}
    # What an enrollment's class gives, worked out once per class (a class has tens of
    # enrollments): a skip code, or its course, first and last terms, season and year.
    per_class: dict[str, _ClassInfo | tuple[str, str]] = {}

    for enr in state.of(Kind.ENROLLMENT, active_only=False):
        sid = enr.data.get("user", "")
        student = students.get(sid)
        if student is None:
            continue
        class_id = enr.data.get("class", "")
        info = per_class.get(class_id)
        if info is None:
            info = per_class[class_id] = _class_info(
                class_id, classes, courses, sessions, region, as_of
            )
        if isinstance(info, tuple):
            skipped.append(Skipped(info[0], Kind.ENROLLMENT, enr.sourced_id, info[1]))
            continue
        if not enr.active and not _completed_before(info.last_end, enr.modified):
            # Dropped during the term: no attempt. An enrollment made inactive after its
            # class ended (an export that covers only the current school year) keeps its
            # attempt: a completed course stays on the record.
            continue
        term = term_for(student, info.end_year, info.season)
        if term is None:
            skipped.append(
                Skipped(
                    "term-out-of-range",
                    Kind.ENROLLMENT,
                    enr.sourced_id,
                    "the class was taken before grade 9",
                )
            )
            continue
        grade: str | None = finals.get((info.class_id, sid))
        if grade is None and info.running:
            grade = grades.IN_PROGRESS
        attempts[sid].append(
            Attempt(
                course=info.course.code,
                term=term,
                grade=grade,
                credits_earned=info.course.credits if grades.is_passing(grade) else 0.0,
                dual_credit=info.dual,
                provider=info.course.provider,
                school_year=info.school_year,
            )
        )

    # Attempts given directly (the plain-CSV template).
    for att in [*state.of(Kind.ATTEMPT), *state.of(Kind.TRANSCRIPT)]:
        sid = att.data.get("student", "")
        student = students.get(sid)
        if student is None:
            continue
        catalog_course = region.course(att.data.get("course", ""))
        if catalog_course is None:
            skipped.append(
                Skipped(
                    "course-not-in-catalog",
                    att.kind,
                    att.sourced_id,
                    f"course {att.data.get('course')} is not in the region's catalog",
                )
            )
            continue
        end_year = int(att.data["school_year_end"])
        term = term_for(student, end_year, Season(att.data["season"]))
        if term is None:
            skipped.append(
                Skipped(
                    "term-out-of-range",
                    att.kind,
                    att.sourced_id,
                    "the course was taken before grade 9",
                )
            )
            continue
        grade = att.data.get("grade") or None
        credits = att.data.get("credits_earned", "")
        attempts[sid].append(
            Attempt(
                course=catalog_course.code,
                term=term,
                grade=grade,
                credits_earned=float(credits)
                if credits
                else (catalog_course.credits if grades.is_passing(grade) else 0.0),
                dual_credit=att.data.get("dual_credit") == "yes"
                or att.kind is Kind.TRANSCRIPT
                or catalog_course.is_college,
                provider=att.data.get("provider") or catalog_course.provider,
                school_year=school_year_label(end_year),
            )
        )

    out = []
    for sid in sorted(students):
        mine = sorted(attempts[sid], key=lambda a: (a.term, course_key(a.course)))
        s = students[sid]
        out.append(
            Student(
                id=s.id,
                school=s.school,
                grade_level=s.grade_level,
                cohort=s.cohort,
                pathway=s.pathway,
                scores=s.scores,
                flags=s.flags,
                credentials=s.credentials,
                demographics=s.demographics,
                attempts=tuple(mine),
            )
        )
    return StudentRecords(tuple(out), tuple(skipped))


def _completed_before(end: str, deactivated: datetime | None) -> bool:
    return bool(end) and deactivated is not None and end < deactivated.date().isoformat()


def _split(v: str) -> list[str]:
    return [p.strip() for p in v.split(";") if p.strip()]


def _scores(v: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in _split(v):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            continue
    return out


def unique_errors(errors: Iterable[LoadError]) -> list[LoadError]:
    """Errors in file order, each once."""
    seen: set[LoadError] = set()
    out = []
    for e in errors:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return sorted(out, key=lambda e: (e.file, e.line or 0, e.column or 0))


# --------------------------------------------------------------------------- reading tables


class _StrictSheet(Sheet):
    """A sheet that also refuses short rows: in an export they mean a truncated file.

    Rows are built as :meth:`Sheet._row` builds them, with less work per cell (an export
    has millions): one column-number map shared by every row of the sheet (rows never
    change it), and the ``="…"`` pattern tried only on a cell that starts with ``="``.
    """

    _columns: dict[str, int]  # set with the first row

    def _row(self, line: int, fields: list[str]) -> None:
        header = self.header
        if len(fields) < len(header):
            self.errors.append(
                LoadError(
                    self.label,
                    line,
                    len(fields) + 1 if fields else 1,
                    i18n.text(
                        "the row has %(cells)s cells but the header has %(header)s (is the file "
                        "truncated?)",
                        cells=len(fields),
                        header=len(header),
                    ),
                )
            )
            return
        if len(fields) > len(header) or max(map(len, fields), default=0) > MAX_FIELD:
            super()._row(line, fields)  # the error (or the blank extra cells) as before
            return
        try:
            columns = self._columns
        except AttributeError:
            columns = self._columns = {name: i for i, name in enumerate(header, start=1)}
        values: dict[str, str] = {}
        for name, cell in zip(header, fields, strict=False):
            v = cell.strip()
            values[name] = clean_cell(v) if v[:2] == '="' else v
        self.rows.append(Row(line, values, columns))


class _StreamSheet(_StrictSheet):
    """:class:`_StrictSheet` read as a stream: the same header, rows and errors, without
    the file's bytes, its text and every row in memory at once. Behind
    :class:`TableReader`, the two-pass reader the importers' :class:`TableStream` is
    tested against.

    The first pass (the constructor) checks the whole file — encoding, CSV syntax, header,
    row lengths — and keeps no row, so that a file with an error yields none, as before;
    :meth:`again` reads it a second time and yields its rows one at a time.
    """

    def __init__(self, path: Path, label: str, *, required: tuple[str, ...] = ()) -> None:
        self.path = path
        self.label = label
        self.errors: list[LoadError] = []
        self.rows: list[Row] = []
        self.header: list[str] = []
        self.count = 0  # rows without an error
        self._checking = True
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                self._read_lines(fh, required, None)
        except UnicodeDecodeError:
            # Read whole, as Sheet does, for the line and column of the first bad byte.
            self.errors, self.rows, self.header, self.count = [], [], [], 0
            Sheet.__init__(self, path, label, required=required)
        self.rows = []

    def _row(self, line: int, fields: list[str]) -> None:
        if (
            self._checking
            and len(fields) == len(self.header)
            and max(map(len, fields), default=0) <= MAX_FIELD
        ):
            self.count += 1  # a row like this one is built without error: not now
            return
        before = len(self.errors)
        super()._row(line, fields)
        if self._checking:
            self.count += len(self.errors) == before
            self.rows.clear()

    def again(self) -> Iterator[Row]:
        """The rows, read again one at a time (only after a first pass without error).

        Raises RosterError when the file is no longer what the first pass read."""
        self._checking = False
        changed = RosterError(
            [
                LoadError(
                    self.label, None, None, i18n.text("the file changed while it was being read")
                )
            ]
        )
        header = self.header
        self.header = []
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as fh:
                for start, fields in nonblank_rows(csv.reader(fh, strict=True)):
                    if not self.header:
                        self.header = [clean_cell(h).lower() for h in fields]
                        if self.header != header:
                            raise changed
                        continue
                    self._row(start, fields)
                    if self.errors:
                        raise changed
                    if self.rows:
                        yield self.rows.pop()
        except (OSError, UnicodeDecodeError, csv.Error):
            raise changed from None
        finally:
            self.header = header


class _Rows:
    """A table's rows, read from the file as they are iterated (see :class:`_StreamSheet`)."""

    def __init__(self, sheet: _StreamSheet | None) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[Row]:
        return self._sheet.again() if self._sheet is not None else iter(())

    def __len__(self) -> int:
        return self._sheet.count if self._sheet is not None else 0

    def __bool__(self) -> bool:
        return len(self) > 0


class Table:
    """The cells of a table's rows by column name, its errors and warnings, with their
    positions.

    Column names are matched without regard to case."""

    label: str
    errors: list[LoadError]
    warnings: list[LoadError]
    meta: dict[str, str]

    def err(self, row: Row, column: str, reason: str) -> None:
        self.errors.append(LoadError(self.label, row.line, row.columns.get(column.lower()), reason))

    def warn(self, row: Row, column: str, reason: str) -> None:
        self.warnings.append(
            LoadError(self.label, row.line, row.columns.get(column.lower()), reason)
        )

    def get(self, row: Row, column: str) -> str:
        return row.values.get(column.lower(), "")

    def required(self, row: Row, column: str) -> str:
        v = row.values.get(column.lower(), "")
        if not v:
            self.err(row, column, i18n.text("%(column)s is required", column=column))
        return v

    def extension(self, row: Row, name: str) -> tuple[str, str] | None:
        """The ``metadata.<name>`` column and its cell, when the file has that column."""
        column = self.meta.get(ext_key(name))
        return None if column is None else (column, row.values.get(column, ""))


def _unknown_columns(
    label: str, header: list[str], columns: tuple[str, ...], extensions: bool, line: int = 1
) -> list[LoadError]:
    """Warnings: a column the reader does not know is ignored, and named (with the column
    it probably means when it is a misspelling)."""
    known = {c.lower() for c in columns}
    out = []
    for i, h in enumerate(header, start=1):
        if h and h not in known and not (extensions and h.startswith("metadata.")):
            near = difflib.get_close_matches(h, known, n=1, cutoff=0.8)
            reason = (
                i18n.text(
                    "unknown column %(column)r ignored; did you mean %(near)s?",
                    column=h,
                    near=next(c for c in columns if c.lower() == near[0]),
                )
                if near
                else i18n.text("unknown column %(column)r ignored", column=h)
            )
            out.append(LoadError(label, line, i, reason))
    return out


def _header_case(
    label: str, raw: list[str], columns: tuple[str, ...], line: int
) -> list[LoadError]:
    """Warnings: a known column written in another case (``datalastmodified``)."""
    canonical = {c.lower(): c for c in columns}
    return [
        LoadError(
            label,
            line,
            i,
            i18n.text("column %(column)r read as %(name)s", column=h, name=canonical[h.lower()]),
        )
        for i, h in enumerate(raw, start=1)
        if h.lower() in canonical and h != canonical[h.lower()]
    ]


EMPTY_HEADER = "a header cell is empty"


def _metadata_columns(header: list[str]) -> dict[str, str]:
    # metadata.<name> columns by normalised name (economicallyDisadvantaged,
    # economically_disadvantaged and economically-disadvantaged are one name)
    return {ext_key(h.removeprefix("metadata.")): h for h in header if h.startswith("metadata.")}


def _csv_limit_worded(e: LoadError) -> LoadError:
    if "field larger than field limit" in e.reason:
        # csv's own limit stops the read before the cell is measured
        return LoadError(
            e.file,
            e.line,
            e.column,
            i18n.text(
                "a cell is longer than %(over)s characters (a cell may hold %(most)s)",
                over=f"{MAX_FIELD * 10:,}",
                most=f"{MAX_FIELD:,}",
            ),
        )
    return e


class TableReader(Table):
    """Reads one CSV file of an import, collecting every error with its position: the
    two-pass reader (a pass that checks the file, then ``rows`` reads it again as it is
    iterated; empty when the file has an error).

    The importers read with :class:`TableStream`, in one pass; this reader is the
    reference the tests hold it to.

    Column names are matched without regard to case; ``metadata.*`` columns (OneRoster's
    extension columns) are allowed when ``extensions`` is true, any other unknown column is
    refused so that a typo is not silently ignored.
    """

    def __init__(
        self,
        path: Path,
        label: str,
        columns: Iterable[str],
        required: Iterable[str],
        *,
        extensions: bool = True,
    ) -> None:
        self.label = label
        self.errors: list[LoadError] = []
        self.warnings: list[LoadError] = []
        self.rows = _Rows(None)
        self.meta = {}
        columns = tuple(columns)
        try:
            sheet = _StreamSheet(path, label, required=tuple(c.lower() for c in required))
        except OSError as exc:
            self.errors.append(
                LoadError(
                    label, None, None, i18n.text("cannot be read (%(why)s)", why=exc.strerror)
                )
            )
            return
        self.errors.extend(map(_csv_limit_worded, sheet.errors))
        self.warnings.extend(_unknown_columns(label, sheet.header, columns, extensions))
        self.meta = _metadata_columns(sheet.header)
        if not self.errors:
            self.rows = _Rows(sheet)


_strip = str.strip


class TableStream(Table):
    """One CSV file of an import, read in one pass: iterating it yields its rows as they
    are read, checked as :class:`TableReader` checks them (header, short and long rows,
    cells over :data:`~careerpaths.io.spreadsheet.MAX_FIELD`, CSV syntax, UTF-8), built
    as it builds them; the caller checks each row's values and adds its errors to
    ``errors``. Read once.

    An error in the file itself may turn up after rows were yielded (a truncated last row,
    a bad byte near the end). From there no row is yielded, the rest of the file is read
    for its other errors, and at the end ``broken`` is true and ``errors`` holds the file's
    errors only — those of :class:`TableReader`, which gives no row of such a file, so the
    rows' errors are dropped — and the caller drops what it made of the rows.
    """

    def __init__(
        self,
        path: Path,
        label: str,
        columns: Iterable[str],
        required: Iterable[str],
        *,
        extensions: bool = True,
    ) -> None:
        self.path = path
        self.label = label
        self.columns = tuple(columns)
        self._required = tuple(c.lower() for c in required)
        self._extensions = extensions
        self.errors: list[LoadError] = []  # the rows' errors, or the file's when broken
        self.warnings: list[LoadError] = []  # imported, and reported
        self.header: list[str] = []
        self.meta: dict[str, str] = {}
        self.count = 0  # rows read (not blank), each read without an error in the file
        self.broken = False
        self._read = False

    def __iter__(self) -> Iterator[Row]:
        if self._read:
            raise RuntimeError(f"{self.label} is read once")
        self._read = True
        file_errors: list[LoadError] = []  # as Sheet words them
        unknown: list[LoadError] = []
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as fh:
                yield from self._rows(fh, file_errors, unknown)
        except UnicodeDecodeError:
            # Read whole, as Sheet does, for the line and column of the first bad byte.
            self.header, self.meta, unknown = [], {}, []
            file_errors = Sheet(self.path, self.label, required=self._required).errors
            if not file_errors:  # not possible unless the file changed meanwhile
                file_errors = [self._changed()]
        except OSError as exc:
            self.header, self.meta, unknown = [], {}, []
            file_errors = [
                LoadError(
                    self.label, None, None, i18n.text("cannot be read (%(why)s)", why=exc.strerror)
                )
            ]
        if file_errors or unknown:
            self.broken = True
            self.count = 0
            self.errors[:] = [*map(_csv_limit_worded, file_errors), *unknown]

    def _changed(self) -> LoadError:
        return LoadError(
            self.label, None, None, i18n.text("the file changed while it was being read")
        )

    def _rows(
        self, fh: IO[str], file_errors: list[LoadError], unknown: list[LoadError]
    ) -> Iterator[Row]:
        label = self.label
        csv.field_size_limit(MAX_FIELD * 10)
        reader = csv.reader(fh, strict=True)
        last = 0
        try:
            for fields in reader:  # the header: the first row that holds something
                start = last + 1
                last = reader.line_num
                if any(map(_strip, fields)):
                    break
            else:
                return  # no header: the file is empty
            raw = [clean_cell(h) for h in fields]
            header = self.header = [h.lower() for h in raw]
            blank: list[int] = []  # empty header cells: warnings while their cells are empty
            for e in header_errors(label, start, header, self._required, None):
                if e.reason == EMPTY_HEADER and e.column is not None:
                    blank.append(e.column - 1)
                    self.warnings.append(
                        LoadError(
                            label,
                            start,
                            e.column,
                            i18n.text("an empty header cell; its column is ignored"),
                        )
                    )
                else:
                    file_errors.append(e)
            self.warnings.extend(_header_case(label, raw, self.columns, start))
            self.warnings.extend(
                _unknown_columns(label, header, self.columns, self._extensions, start)
            )
            self.meta = _metadata_columns(header)
            if file_errors:
                # A required column missing: the unknown columns (a misspelling, probably)
                # are part of the error.
                file_errors.extend(w for w in self.warnings if w.reason.startswith("unknown"))
                return  # as Sheet: nothing more is read
            n = len(header)
            columns = {name: i for i, name in enumerate(header, start=1) if name}
            new_row = tuple.__new__
            sound = True  # rows are yielded while the file is without error
            for fields in reader:
                start = last + 1
                last = reader.line_num
                if len(fields) == n:
                    cells = list(map(_strip, fields))
                    if not any(cells):
                        continue  # a blank row
                    if blank and any(cells[i] for i in blank):
                        i = next(i for i in blank if cells[i])
                        file_errors.append(
                            LoadError(
                                label,
                                start,
                                i + 1,
                                i18n.text(
                                    "a value under an empty header cell: name the column, "
                                    "or leave its cells empty"
                                ),
                            )
                        )
                        sound = False
                        continue
                    text = "".join(fields)  # no cell is longer than the row
                    odd = len(text) > MAX_FIELD and max(map(len, fields)) > MAX_FIELD
                else:
                    if not any(map(_strip, fields)):
                        continue
                    odd = True
                if odd:
                    kept = self._odd_row(start, fields, n, file_errors)
                    if kept is None:
                        sound = False
                        continue
                    cells = kept
                    text = "".join(cells)
                self.count += 1
                if not sound:
                    continue
                if '="' in text:  # Excel's ="0123": only where a cell may be one
                    cells = [clean_cell(v) if v[:2] == '="' else v for v in cells]
                yield new_row(Row, (start, dict(zip(header, cells, strict=True)), columns))
        except csv.Error as exc:
            file_errors.append(
                LoadError(
                    label,
                    reader.line_num,
                    None,
                    i18n.text("the CSV is malformed (%(why)s); is a quote unclosed?", why=str(exc)),
                )
            )
        finally:
            if not self.header:
                file_errors.append(
                    LoadError(
                        label,
                        1,
                        None,
                        i18n.text(
                            "the file is empty: a header row is needed (%(columns)s)",
                            columns=", ".join(self._required),
                        ),
                    )
                )

    def _odd_row(
        self, line: int, fields: list[str], n: int, file_errors: list[LoadError]
    ) -> list[str] | None:
        """A row of other than ``n`` cells, or with a cell too long (not blank): its first
        ``n`` cells stripped, or None with its error added, as the two-pass reader says."""
        if len(fields) < n:
            file_errors.append(
                LoadError(
                    self.label,
                    line,
                    len(fields) + 1 if fields else 1,
                    i18n.text(
                        "the row has %(cells)s cells but the header has %(header)s (is the file "
                        "truncated?)",
                        cells=len(fields),
                        header=n,
                    ),
                )
            )
            return None
        if len(fields) > n and any(f.strip() for f in fields[n:]):
            file_errors.append(
                LoadError(
                    self.label,
                    line,
                    n + 1,
                    i18n.text(
                        "the row has %(cells)s cells but the header has %(header)s",
                        cells=len(fields),
                        header=n,
                    ),
                )
            )
            return None
        for i, cell in enumerate(fields[:n]):
            if len(cell) > MAX_FIELD:
                file_errors.append(
                    LoadError(
                        self.label,
                        line,
                        i + 1,
                        i18n.text("the cell is %(n)s characters long", n=f"{len(cell):,}"),
                    )
                )
                return None
        return [f.strip() for f in fields[:n]]


def ext_key(name: str) -> str:
    """``economicallyDisadvantaged`` / ``economically_disadvantaged`` → one key."""
    return name.replace("_", "").replace("-", "").lower()


# --------------------------------------------------------------------------- the policy

DEFAULT_MAX_SKIPPED = 0.01  # rows of a file that may be left out (a share of its rows)


def enforce_policy(
    snapshot: RosterSnapshot, *, max_skipped: float = DEFAULT_MAX_SKIPPED, strict: bool = False
) -> None:
    """Errors and warnings, as the systems districts already use do it.

    Warnings are imported and reported. Rows that cannot be used are left out and listed
    when they are at most ``max_skipped`` of their file's rows (one row always may, unless
    ``max_skipped`` is 0); above that, or with
    ``strict`` (every warning and every row left out is then an error), RosterError lists
    them all and nothing is written.
    """
    problems: list[LoadError] = []
    if strict:
        problems += [
            LoadError(
                w.file,
                w.line,
                w.column,
                i18n.text("%(reason)s (refused: --strict)", reason=w.reason),
            )
            for w in (*snapshot.warnings, *snapshot.skipped_rows)
        ]
    else:
        by_file: dict[str, list[LoadError]] = {}
        for e in snapshot.skipped_rows:
            by_file.setdefault(e.file, []).append(e)
        for file, skipped in sorted(by_file.items()):
            total = max(snapshot.rows.get(file, 0), len(skipped))
            # One row may always be left out (a small file's one teacher enrollment),
            # unless none may (--max-skipped 0).
            allowed = max(max_skipped * total, 1.0 if max_skipped > 0 else 0.0)
            if len(skipped) > allowed:
                problems += skipped
                problems.append(
                    LoadError(
                        file,
                        None,
                        None,
                        i18n.text(
                            "%(n)s of its %(total)s rows cannot be used (%(share)s%%); at most "
                            "%(most)s%% may be left out (--max-skipped)",
                            n=f"{len(skipped):,}",
                            total=f"{total:,}",
                            share=f"{100 * len(skipped) / total:.1f}",
                            most=f"{100 * max_skipped:g}",
                        ),
                    )
                )
    if problems:
        raise RosterError(unique_errors(problems))
