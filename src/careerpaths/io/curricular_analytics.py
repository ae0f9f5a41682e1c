"""The Curricular Analytics CSV format: curricula and degree plans.

The format of CurricularAnalytics.jl (and curricularanalytics.org) is a few header rows,
then sections, each a keyword row followed by a column-header row and data rows::

    Curriculum,Underwater Basket Weaving
    Degree Plan,Precalc Ready Students        (degree plans only)
    Institution,ACME State University
    Degree Type,AA
    System Type,semester                      (semester or quarter)
    CIP,50.0712
    Courses
    Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,Credit Hours,Institution,Canonical Name,Term
    1,Introduction to Baskets,BW,101,,,,3,,,1
    4,Basic Basket Forms,BW,111,1,,5,3,,,2
    Additional Courses                        (degree plans only)
    Course ID,Course Name,...

Requisite cells list Course IDs separated by ``;``. ``Term`` (1, 2, ...) is required in
degree plans and not allowed in curricula. ``Course Learning Outcomes`` and
``Curriculum Learning Outcomes`` sections are kept as they are and written back.

The reader accepts everything the reference ``read_csv`` accepts and is forgiving where
spreadsheets get in the way: a UTF-8 byte-order mark, blank rows, ``#`` comment rows,
surrounding spaces, any column order, keywords in any letter case, Excel's text-forcing
``="01.0101"`` cells, ``3.0`` for an integer id, a misspelled ``System Type`` (read as
the reference tools read it, with a positioned warning in ``warnings``). Course IDs that are integers are
compared as integers (``007`` is ``7``, as in the reference); other ids are kept as
text (the reference and the website need integer ids). Every problem raises
:class:`CsvFormatError` with the file, line, column and reason.

:func:`write_csv` writes the same layout and, with ``metrics``, adds the reference's
``Complexity, Blocking, Delay, Centrality`` columns (ignored when read back). Reading,
writing and reading again gives an equal :class:`CurricularAnalyticsFile`.
"""

from __future__ import annotations

import difflib
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from careerpaths.core.metrics import (
    CurriculumGraph,
    CurriculumMetrics,
    Edge,
    EdgeKind,
    curriculum_metrics,
)
from careerpaths.core.numbers import COURSE_CREDITS, OutOfDomain, check_number
from careerpaths.io import csvsafe


class CsvFormatError(ValueError):
    """A Curricular Analytics CSV that cannot be read; positions are 1-based."""

    def __init__(self, file: str, line: int, column: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.reason}"

    def __reduce__(self) -> tuple[type[CsvFormatError], tuple[str, int, int, str]]:
        return (CsvFormatError, (self.file, self.line, self.column, self.reason))


@dataclass(frozen=True)
class CsvWarning:
    """Something read with an interpretation, where it was and how it was read."""

    file: str
    line: int
    column: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}


def system_type_of(value: str) -> tuple[str, str | None]:
    """The term system a header's ``System Type`` names, and why, when it was interpreted.

    Exact ``semester``/``quarter`` (any case) need no word. Anything else is read the way the
    reference toolbox and curricularanalytics.org read it: ``quarter`` when it plainly means
    quarters (a misspelling such as ``quater``, ``qtr``), otherwise ``semester``
    (``semster``, ``sem``, ``semesters``, or an unknown word) — with the reason, so the
    choice is visible.
    """
    text = value.strip().lower()
    if text in ("", SEMESTER, QUARTER):
        return text or SEMESTER, None
    squeezed = "".join(ch for ch in text if ch.isalpha())
    quarterish = (
        squeezed.startswith(("q", "qtr"))
        or difflib.SequenceMatcher(None, squeezed, QUARTER).ratio() >= 0.75
    )
    if quarterish:
        return QUARTER, f"System Type {value!r} read as 'quarter'"
    if (
        squeezed.startswith("sem")
        or difflib.SequenceMatcher(None, squeezed, SEMESTER).ratio() >= 0.75
    ):
        return SEMESTER, f"System Type {value!r} read as 'semester'"
    return SEMESTER, (
        f"System Type {value!r} is neither 'semester' nor 'quarter': read as 'semester', "
        "as the reference tools do"
    )


@dataclass(frozen=True)
class CaCourse:
    """One course row. ``additional`` marks a degree plan's "Additional Courses"."""

    id: str
    name: str
    prefix: str = ""
    number: str = ""
    prerequisites: tuple[str, ...] = ()
    corequisites: tuple[str, ...] = ()
    strict_corequisites: tuple[str, ...] = ()
    credit_hours: float | None = None
    institution: str = ""
    canonical_name: str = ""
    term: int | None = None
    additional: bool = False
    extra: tuple[tuple[str, str], ...] = ()  # columns this module does not know, kept


@dataclass(frozen=True)
class RawSection:
    """A section kept as text (learning outcomes): its keyword and its rows."""

    name: str
    rows: tuple[tuple[str, ...], ...]


SEMESTER = "semester"
QUARTER = "quarter"


@dataclass(frozen=True)
class CurricularAnalyticsFile:
    """A curriculum or degree plan read from (or to be written as) a CSV file.

    ``graph`` is the curriculum graph of all the courses (a degree plan's additional
    courses included, as in the reference); ``terms`` the term of each course of a
    degree plan (empty for a curriculum).
    """

    curriculum: str
    courses: tuple[CaCourse, ...]
    institution: str = ""
    degree_type: str = ""
    system_type: str = SEMESTER
    cip: str = ""
    degree_plan: str | None = None
    other_sections: tuple[RawSection, ...] = ()
    source: str = field(default="", compare=False)
    #: what was read with an interpretation (a misspelled System Type): file, line, column
    warnings: tuple[CsvWarning, ...] = field(default=(), compare=False)
    graph: CurriculumGraph = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # the file lists a plan's courses first, its additional courses after
        ordered = tuple(sorted(self.courses, key=lambda c: c.additional))
        object.__setattr__(self, "courses", ordered)
        for c in self.courses:
            if (
                not c.id
                or c.id != c.id.strip()
                or ";" in c.id
                or c.id.startswith("#")
                or _keyword(c.id)
            ):
                raise ValueError(f"{c.id!r} cannot be a Course ID in a Curricular Analytics CSV")
            if _canonical_id(c.id) != c.id:
                raise ValueError(
                    f"Course ID {c.id!r} is an integer and reads back as {_canonical_id(c.id)!r}"
                )
        kinds: tuple[tuple[EdgeKind, str], ...] = (
            ("prereq", "prerequisites"),
            ("coreq", "corequisites"),
            ("strict_coreq", "strict_corequisites"),
        )
        edges = [
            Edge(req, c.id, kind)
            for c in self.courses
            for kind, attr in kinds
            for req in getattr(c, attr)
        ]
        graph = CurriculumGraph(
            ids=tuple(c.id for c in self.courses),
            names={c.id: c.name for c in self.courses},
            edges=tuple(edges),
            system=self.system_type,
        )
        object.__setattr__(self, "graph", graph)

    @property
    def is_degree_plan(self) -> bool:
        return self.degree_plan is not None

    @property
    def terms(self) -> Mapping[str, int]:
        return MappingProxyType({c.id: c.term for c in self.courses if c.term is not None})

    def metrics(self) -> CurriculumMetrics:
        return curriculum_metrics(self.graph)


# --- reading ----------------------------------------------------------------------------

_HEADER_KEYS = {
    "curriculum": "Curriculum",
    "degreeplan": "Degree Plan",
    "institution": "Institution",
    "degreetype": "Degree Type",
    "systemtype": "System Type",
    "cip": "CIP",
}
_SECTIONS = {
    "courses": "Courses",
    "additionalcourses": "Additional Courses",
    "courselearningoutcomes": "Course Learning Outcomes",
    "curriculumlearningoutcomes": "Curriculum Learning Outcomes",
}
COURSE_COLUMNS = (
    "Course ID",
    "Course Name",
    "Prefix",
    "Number",
    "Prerequisites",
    "Corequisites",
    "Strict-Corequisites",
    "Credit Hours",
    "Institution",
    "Canonical Name",
)
METRIC_COLUMNS = ("Complexity", "Blocking", "Delay", "Centrality")
_REQUIRED_COLUMNS = ("Course ID", "Course Name")


_SEPARATORS = re.compile(r"[\s\-_]+")


def _norm(name: str) -> str:
    """Keyword and column matching: case and spaces, hyphens, underscores ignored."""
    return _SEPARATORS.sub("", name).casefold()


_COLUMN_BY_NORM = {_norm(c): c for c in (*COURSE_COLUMNS, "Term")}
_METRIC_NORMS = {_norm(c) for c in METRIC_COLUMNS}
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_INT_ID = re.compile(r"^\+?0*(\d+)(?:\.0*)?$")


def _clean(value: str) -> str:
    v = csvsafe.restore(value.strip())
    if not v.startswith('="'):
        return v
    m = _EXCEL_TEXT.match(v)
    return m.group(1).strip() if m else v


def _canonical_id(value: str) -> str:
    """An integer id compares as an integer (``007`` and ``7.0`` are ``7``)."""
    if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
        return value  # the usual case, already canonical
    m = _INT_ID.match(value)
    return str(int(m.group(1))) if m else value


@dataclass(frozen=True)
class _Row:
    line: int
    cells: tuple[str, ...]
    key: str  # the first cell as a keyword ("" when it cannot be one)

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


def _keyword(first: str) -> str:
    if not first[:1].isalpha():
        return ""  # course ids and other data: no keyword starts with a digit
    n = _norm(first)
    return n if n in _SECTIONS or n in _HEADER_KEYS else ""


def _rows(text: str, file: str) -> Iterator[_Row]:
    records = csvsafe.rows(text)
    previous_width = 0
    while True:
        try:
            start, raw = next(records)
        except StopIteration:
            return
        except csvsafe.CsvReadError as exc:
            raise CsvFormatError(file, exc.line, 1, exc.reason) from None
        if (
            not text.endswith(("\n", "\r"))
            and text.count("\n") + 1 == start
            and 0 < len(raw) < previous_width
        ):
            raise CsvFormatError(
                file,
                start,
                len(raw),
                f"the file ends in the middle of a row ({len(raw)} of {previous_width} cells): "
                "it looks cut off",
            )
        previous_width = len(raw)
        cells = tuple(_clean(c) for c in raw)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not cells or cells[0].startswith("#"):
            continue  # blank rows and comment rows
        yield _Row(start, cells, _keyword(cells[0]))


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CsvFormatError(
            file, line, column, "not UTF-8 text (in Excel, save as 'CSV UTF-8')"
        ) from None


def read_csv(path: str | Path) -> CurricularAnalyticsFile:
    """Read a Curricular Analytics curriculum or degree plan CSV file."""
    p = Path(path)
    return parse_csv(_decode(p.read_bytes(), str(path)), file=str(path))


def parse_csv(text: str, *, file: str = "<string>") -> CurricularAnalyticsFile:
    """Parse the text of a Curricular Analytics CSV; ``file`` names it in errors."""
    return _Parser(file, list(_rows(text.removeprefix("\ufeff"), file))).parse()


class _Parser:
    def __init__(self, file: str, rows: list[_Row]) -> None:
        self.file = file
        self.rows = rows
        self.pos = 0

    def error(self, line: int, column: int, reason: str) -> CsvFormatError:
        return CsvFormatError(self.file, line, column, reason)

    def parse(self) -> CurricularAnalyticsFile:
        if not self.rows:
            raise self.error(1, 1, "the file is empty (expected a 'Curriculum,<name>' row)")
        header = self._header()
        is_plan = "Degree Plan" in header
        courses: list[CaCourse] = []
        where: dict[str, int] = {}  # course id -> line
        refs: list[tuple[str, int, int, str]] = []  # (id, line, column, column name)
        others: list[RawSection] = []
        seen_sections: dict[str, int] = {}
        while self.pos < len(self.rows):
            row = self.rows[self.pos]
            section = _SECTIONS.get(row.key)
            if section is None:
                if row.key in _HEADER_KEYS:
                    raise self.error(
                        row.line,
                        1,
                        f"the '{_HEADER_KEYS[row.key]}' row must come before the sections",
                    )
                raise self.error(
                    row.line,
                    1,
                    f"expected a section keyword ({', '.join(_SECTIONS.values())}), "
                    f"found {row.cell(0)!r}",
                )
            if section in seen_sections:
                raise self.error(
                    row.line,
                    1,
                    f"a second '{section}' section (the first is on line {seen_sections[section]})",
                )
            seen_sections[section] = row.line
            self.pos += 1
            if section in ("Courses", "Additional Courses"):
                if section == "Additional Courses" and not is_plan:
                    raise self.error(
                        row.line,
                        1,
                        "only a degree plan (with a 'Degree Plan,<name>' row) can have "
                        "'Additional Courses'",
                    )
                courses.extend(
                    self._courses(
                        row,
                        additional=section == "Additional Courses",
                        is_plan=is_plan,
                        where=where,
                        refs=refs,
                    )
                )
            else:
                others.append(RawSection(section, tuple(r.cells for r in self._body())))
        if "Courses" not in seen_sections:
            last = self.rows[-1].line
            raise self.error(last + 1, 1, "no 'Courses' section")
        for ref, line, column, name in refs:
            if ref not in where:
                raise self.error(line, column, f"{name}: no course has the Course ID {ref!r}")
        system = header.get("System Type", ("", 0, 0))
        system_type, why = system_type_of(system[0])
        warnings = (CsvWarning(self.file, system[1], system[2], why),) if why else ()
        return CurricularAnalyticsFile(
            curriculum=header["Curriculum"][0],
            courses=tuple(courses),
            institution=header.get("Institution", ("", 0, 0))[0],
            degree_type=header.get("Degree Type", ("", 0, 0))[0],
            system_type=system_type,
            cip=header.get("CIP", ("", 0, 0))[0],
            degree_plan=header["Degree Plan"][0] if is_plan else None,
            other_sections=tuple(others),
            source=self.file,
            warnings=warnings,
        )

    def _header(self) -> dict[str, tuple[str, int, int]]:
        fields: dict[str, tuple[str, int, int]] = {}
        while self.pos < len(self.rows) and self.rows[self.pos].key in _HEADER_KEYS:
            row = self.rows[self.pos]
            key = _HEADER_KEYS[row.key]
            if key in fields:
                raise self.error(
                    row.line, 1, f"'{key}' is given twice (first on line {fields[key][1]})"
                )
            fields[key] = (row.cell(1), row.line, 2)
            self.pos += 1
        first = self.rows[0]
        if "Curriculum" not in fields:
            raise self.error(
                first.line,
                1,
                "missing the 'Curriculum,<name>' header row (the file should start with "
                f"it; found {first.cell(0)!r})",
            )
        if "Degree Plan" in fields and not fields["Degree Plan"][0]:
            raise self.error(fields["Degree Plan"][1], 2, "the degree plan has no name")
        if self.pos >= len(self.rows):
            raise self.error(self.rows[-1].line + 1, 1, "no 'Courses' section")
        return fields

    def _body(self) -> Iterator[_Row]:
        while self.pos < len(self.rows) and not (
            self.rows[self.pos].key in _SECTIONS or self.rows[self.pos].key in _HEADER_KEYS
        ):
            yield self.rows[self.pos]
            self.pos += 1

    def _columns(self, keyword: _Row) -> tuple[dict[str, int], list[tuple[str, int]], int]:
        if self.pos >= len(self.rows) or self.rows[self.pos].key in _SECTIONS:
            raise self.error(
                keyword.line + 1,
                1,
                f"the '{keyword.cell(0)}' row must be followed by a column header row "
                f"({', '.join(COURSE_COLUMNS)})",
            )
        head = self.rows[self.pos]
        self.pos += 1
        known: dict[str, int] = {}
        extra: list[tuple[str, int]] = []
        seen: dict[str, int] = {}
        for i, name in enumerate(head.cells):
            if not name:
                continue
            n = _norm(name)
            if n in seen:
                raise self.error(
                    head.line, i + 1, f"column {name!r} appears twice (also column {seen[n]})"
                )
            seen[n] = i + 1
            if n in _COLUMN_BY_NORM:
                known[_COLUMN_BY_NORM[n]] = i
            elif n not in _METRIC_NORMS:  # metric columns are recomputed, not read
                extra.append((name, i))
        for required in _REQUIRED_COLUMNS:
            if required not in known:
                raise self.error(
                    head.line,
                    1,
                    f"the column header row has no {required!r} column (found "
                    f"{', '.join(repr(c) for c in head.cells if c) or 'nothing'})",
                )
        return known, extra, len(head.cells)

    def _courses(
        self,
        keyword: _Row,
        *,
        additional: bool,
        is_plan: bool,
        where: dict[str, int],
        refs: list[tuple[str, int, int, str]],
    ) -> Iterator[CaCourse]:
        cols, extra, width = self._columns(keyword)
        term_col = cols.get("Term")
        if is_plan and term_col is None:
            raise self.error(
                self.rows[self.pos - 1].line,
                len(self.rows[self.pos - 1].cells) + 1,
                "a degree plan needs a 'Term' column",
            )

        def col(name: str) -> int:
            return cols[name] + 1

        # column indexes; a missing optional column reads as the empty cell past the end
        at = {name: cols.get(name, width) for name in (*COURSE_COLUMNS, "Term")}
        req_columns = [
            (name, at[name], col(name))
            for name in ("Prerequisites", "Corequisites", "Strict-Corequisites")
            if name in cols
        ]
        for row in self._body():
            cells = row.cells
            if len(cells) > width:
                raise self.error(
                    row.line, width + 1, f"a value beyond the last column: {cells[width]!r}"
                )
            cells += ("",) * (width + 1 - len(cells))

            cid = _canonical_id(cells[at["Course ID"]])
            if not cid:
                raise self.error(row.line, col("Course ID"), "the Course ID is empty")
            if ";" in cid:
                raise self.error(
                    row.line, col("Course ID"), f"a Course ID cannot contain ';': {cid!r}"
                )
            if cid in where:
                raise self.error(
                    row.line,
                    col("Course ID"),
                    f"duplicate Course ID {cid!r} (first on line {where[cid]})",
                )
            where[cid] = row.line
            requisites: dict[str, tuple[str, ...]] = {}
            for name, i, column in req_columns:
                ids: list[str] = []
                if cells[i]:
                    for item in cells[i].split(";"):
                        ref = _canonical_id(item.strip())
                        if ref and ref not in ids:
                            ids.append(ref)
                            refs.append((ref, row.line, column, name))
                requisites[name] = tuple(ids)
            term: int | None = None
            if term_col is not None:
                text = cells[term_col]
                if not is_plan:
                    if text:
                        raise self.error(
                            row.line,
                            term_col + 1,
                            "a curriculum has no terms (a degree plan starts with a "
                            "'Degree Plan,<name>' row)",
                        )
                else:
                    term = self._term(text, row.line, term_col + 1, cid)
            yield CaCourse(
                id=cid,
                name=cells[at["Course Name"]],
                prefix=cells[at["Prefix"]],
                number=cells[at["Number"]],
                prerequisites=requisites.get("Prerequisites", ()),
                corequisites=requisites.get("Corequisites", ()),
                strict_corequisites=requisites.get("Strict-Corequisites", ()),
                credit_hours=self._hours(cells[at["Credit Hours"]], row.line, cols),
                institution=cells[at["Institution"]],
                canonical_name=cells[at["Canonical Name"]],
                term=term,
                additional=additional,
                extra=tuple((name, cells[i]) for name, i in extra if cells[i]),
            )

    def _hours(self, text: str, line: int, cols: dict[str, int]) -> float | None:
        if not text:
            return None
        column = cols["Credit Hours"] + 1
        try:
            value = float(text)
        except ValueError:
            raise self.error(line, column, f"Credit Hours must be a number, not {text!r}") from None
        if not math.isfinite(value) or value < 0:
            raise self.error(line, column, f"Credit Hours must be 0 or more, not {text!r}")
        try:
            return check_number(value, COURSE_CREDITS)
        except OutOfDomain as exc:
            raise self.error(
                line, column, f"Credit Hours must be {exc.domain.describe()}, not {text!r}"
            ) from None

    def _term(self, text: str, line: int, column: int, cid: str) -> int:
        if not text:
            raise self.error(
                line,
                column,
                f"course {cid!r} has no Term (every course of a degree plan needs one)",
            )
        m = _INT_ID.match(text)
        if not m or int(m.group(1)) < 1:
            raise self.error(line, column, f"Term must be a whole number from 1, not {text!r}")
        return int(m.group(1))


# --- writing ----------------------------------------------------------------------------


def _hours_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _metric_text(value: float) -> str:
    return str(value)


def write_csv(
    doc: CurricularAnalyticsFile,
    path: str | Path | None = None,
    *,
    metrics: bool | CurriculumMetrics = False,
) -> str:
    """The CSV text of ``doc`` (also written to ``path`` when given, as UTF-8).

    With ``metrics`` (``True`` to compute them, or precomputed metrics of ``doc.graph``)
    each course row ends with ``Complexity, Blocking, Delay, Centrality``, like the
    reference's ``write_csv(..., metrics=True)``.
    """
    computed: CurriculumMetrics | None
    if metrics is True:
        computed = doc.metrics()
    elif metrics is False:
        computed = None
    else:
        computed = metrics
    by_id = {m.id: m for m in computed.courses} if computed is not None else {}
    extra_names = list(dict.fromkeys(name for c in doc.courses for name, _ in c.extra))
    columns = [*COURSE_COLUMNS, *(["Term"] if doc.is_degree_plan else []), *extra_names]
    if computed is not None:
        columns.extend(METRIC_COLUMNS)
    width = len(columns)

    out = io.StringIO()
    w = csvsafe.writer(out, lineterminator="\n")

    def row(*cells: str) -> None:
        w.writerow([*cells, *([""] * (width - len(cells)))])

    row("Curriculum", doc.curriculum)
    if doc.degree_plan is not None:
        row("Degree Plan", doc.degree_plan)
    row("Institution", doc.institution)
    row("Degree Type", doc.degree_type)
    row("System Type", doc.system_type)
    row("CIP", doc.cip)

    def course_row(c: CaCourse) -> None:
        extra = dict(c.extra)
        cells = [
            c.id,
            c.name,
            c.prefix,
            c.number,
            ";".join(c.prerequisites),
            ";".join(c.corequisites),
            ";".join(c.strict_corequisites),
            _hours_text(c.credit_hours),
            c.institution,
            c.canonical_name,
            *([str(c.term) if c.term is not None else ""] if doc.is_degree_plan else []),
            *(extra.get(name, "") for name in extra_names),
        ]
        if computed is not None:
            m = by_id[c.id]
            cells += [_metric_text(m.complexity), str(m.blocking), str(m.delay), str(m.centrality)]
        row(*cells)

    sections: list[tuple[str, Iterable[CaCourse]]] = [
        ("Courses", [c for c in doc.courses if not c.additional])
    ]
    if doc.is_degree_plan:
        sections.append(("Additional Courses", [c for c in doc.courses if c.additional]))
    for name, section_courses in sections:
        row(name)
        row(*columns)
        for c in section_courses:
            course_row(c)
    for section in doc.other_sections:
        row(section.name)
        for cells in section.rows:
            w.writerow(cells)
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="")
    return text


def document_from_graph(
    graph: CurriculumGraph,
    *,
    curriculum: str,
    institution: str = "",
    degree_type: str = "",
    cip: str = "",
    degree_plan: str | None = None,
    terms: Mapping[str, int] | None = None,
    credit_hours: Mapping[str, float] | None = None,
) -> CurricularAnalyticsFile:
    """A curriculum (or, with ``degree_plan`` and ``terms``, a degree plan) of ``graph``."""
    if degree_plan is not None:
        missing = [i for i in graph.ids if not terms or i not in terms]
        if missing:
            raise ValueError(f"course {missing[0]!r} has no term in the degree plan")
    reqs: dict[str, dict[str, list[str]]] = {i: {} for i in graph.ids}
    for e in graph.edges:
        reqs[e.target].setdefault(e.kind, []).append(e.source)
    courses = tuple(
        CaCourse(
            id=i,
            name=graph.names.get(i, ""),
            prerequisites=tuple(reqs[i].get("prereq", ())),
            corequisites=tuple(reqs[i].get("coreq", ())),
            strict_corequisites=tuple(reqs[i].get("strict_coreq", ())),
            credit_hours=(credit_hours or {}).get(i),
            term=terms[i] if degree_plan is not None and terms else None,
        )
        for i in graph.ids
    )
    return CurricularAnalyticsFile(
        curriculum=curriculum,
        courses=courses,
        institution=institution,
        degree_type=degree_type,
        system_type=graph.system,
        cip=cip,
        degree_plan=degree_plan,
    )
