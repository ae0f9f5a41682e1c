"""The region workspace: a folder a person can edit, loaded whole or not at all.

Layout (documented in docs/workspace.md; YAML files checked against the JSON Schemas
in ``careerpaths/io/schemas/``)::

    region.yaml              id, name, description, sources, settings
    institutions.csv         districts, high schools, career centers, colleges, universities, employers
    courses.csv              the regional course catalog (requisites as expressions)
    credentials/<id>.yaml    one credential each, with its requirement tree
    pathways/<id>.yaml       one pathway each: term grid, exits, on-ramps
    students/students.csv    optional: student records (synthetic in the demo)
    students/attempts.csv    optional: their course attempts

:func:`load_workspace` collects every error (file, line, column, reason) and raises
:class:`~careerpaths.io.errors.WorkspaceError` if there is any: nothing is returned
half-loaded. :func:`write_workspace` writes a region back; a round trip loses nothing.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import jsonschema

from careerpaths.core import grades
from careerpaths.core.i18n import (
    LANGUAGES,
    TRANSLATABLE,
    lookup,
    translations_from_data,
    translations_to_data,
)
from careerpaths.core.model import (
    Attempt,
    Course,
    Credential,
    CredentialKind,
    CreditUnit,
    Delivery,
    Exit,
    ExitKind,
    Institution,
    InstitutionKind,
    Level,
    OnRamp,
    Pathway,
    PathwayStatus,
    Placement,
    Region,
    RegionSettings,
    Student,
    split_code,
)
from careerpaths.core.numbers import (
    COURSE_CREDITS,
    GPA,
    HS_CREDITS,
    SCORE,
    TOTAL_CREDITS,
    TUITION,
    Domain,
    parse_number,
)
from careerpaths.core.requirements import (
    AllOf,
    CourseNode,
    Credits,
    NOf,
    Requirement,
    Selector,
    valid_pattern,
)
from careerpaths.core.requisites import (
    Expr,
    RequisiteSyntaxError,
    course_key,
    course_refs,
    parse,
    unparse,
)
from careerpaths.core.terms import Season, Term, TermError
from careerpaths.io.errors import LoadError, WorkspaceError
from careerpaths.io.spreadsheet import Row, Sheet, write_csv
from careerpaths.io.yamldoc import Doc, PathKey, dump_yaml, yaml_doc, yaml_text

FORMAT_VERSION = 1

INSTITUTION_COLUMNS = ("id", "name", "kind", "parent", "city", "state", "source", "illustrative")
#: Optional columns of institutions.csv, written only when some institution has a value.
INSTITUTION_OPTIONAL_COLUMNS = ("contact",)
COURSE_COLUMNS = (
    "code", "title", "provider", "credits", "unit", "level", "cip", "hs_credit_area",
    "hs_credits", "terms_offered", "grade_min", "grade_max", "eligibility", "prerequisites",
    "corequisites", "strict_corequisites", "delivery", "tuition_per_credit", "equipment",
    "tags", "equivalents", "description", "source", "illustrative",
)  # fmt: skip
#: Optional courses.csv columns with the title and description in another language.
COURSE_TRANSLATION_COLUMNS = tuple(
    f"{field}_{lang}" for lang in LANGUAGES for field in TRANSLATABLE["course"]
)
STUDENT_COLUMNS = (
    "id", "school", "grade_level", "cohort", "pathway", "scores", "flags", "credentials",
    "synthetic",
)  # fmt: skip
ATTEMPT_COLUMNS = (
    "student", "course", "term", "grade", "credits_earned", "dual_credit", "provider",
    "school_year",
)  # fmt: skip
DEMOGRAPHIC_COLUMNS = (
    "race_ethnicity", "sex", "economically_disadvantaged", "english_learner", "disability",
    "homeless", "foster_care", "migrant", "military_connected", "single_parent",
    "displaced_homemaker",
)  # fmt: skip

_TRUE = {"yes", "y", "true", "t", "1", "x"}
_FALSE = {"no", "n", "false", "f", "0", ""}
T = TypeVar("T")


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("careerpaths.io").joinpath(f"schemas/{name}.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# --------------------------------------------------------------------------- loading


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[LoadError] = []
        # ids of files that failed to load: references to them are not reported again
        self.broken: set[str] = set()

    # -- cells -------------------------------------------------------------
    def err(self, label: str, row: Row, column: str, reason: str) -> None:
        self.errors.append(LoadError(label, row.line, row.col(column), reason))

    def cell(
        self, label: str, row: Row, column: str, conv: Callable[[str], T], default: T, what: str
    ) -> T:
        raw = row.get(column)
        if raw == "":
            return default
        try:
            return conv(raw)
        except (ValueError, KeyError):
            self.err(label, row, column, f"{raw!r} is not {what}")
            return default

    def required(self, label: str, row: Row, column: str) -> str:
        v = row.get(column)
        if not v:
            self.err(label, row, column, f"{column} is required")
        return v

    def expr(self, label: str, row: Row, column: str) -> Expr | None:
        text = row.get(column)
        try:
            return parse(text)
        except RequisiteSyntaxError as exc:
            self.errors.append(
                LoadError(
                    label,
                    row.line,
                    row.col(column),
                    f"{column}: {exc.reason} at character {exc.column} of {text!r}",
                )
            )
            return None

    # -- files -------------------------------------------------------------
    def sheet(
        self,
        rel: str,
        required: tuple[str, ...],
        known: tuple[str, ...] | None,
        optional_file: bool = False,
    ) -> Sheet | None:
        path = self.root / rel
        if not path.exists():
            if not optional_file:
                self.errors.append(LoadError(rel, None, None, "the file is missing"))
            return None
        sheet = Sheet(path, rel, required=required, known=known)
        self.errors.extend(sheet.errors)
        return None if sheet.errors else sheet

    def doc(self, path: Path, schema_name: str) -> Doc | None:
        label = path.relative_to(self.root).as_posix()
        text = yaml_text(path, label)
        doc = text if isinstance(text, Doc) else yaml_doc(text, label)
        if isinstance(text, str) and doc.data is not None and not doc.errors:
            for where, message in _schema_findings(schema_name, text, doc.data):
                doc.error(where, message)
        self.errors.extend(doc.errors)
        if doc.errors:
            self.broken.add(path.stem)
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                self.broken.add(doc.data["id"])
            return None
        return doc


class _Findings:
    """What a schema finds in a document, by the document's text, for the documents read
    lately (up to :data:`MAX_CHARS` characters of them): a workspace's files are read again
    at each load, and validating is most of loading a document already read. The findings
    are the text's (its values are), so a document read again is found wanting as it was."""

    MAX_CHARS = 4_000_000

    def __init__(self) -> None:
        self._found: OrderedDict[tuple[str, str], tuple[tuple[PathKey, str], ...]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, schema_name: str, text: str, data: Any) -> tuple[tuple[PathKey, str], ...]:
        key = (schema_name, text)
        with self._lock:
            kept = self._found.get(key)
            if kept is not None:
                self._found.move_to_end(key)
                return kept
        validator = jsonschema.Draft202012Validator(schema(schema_name))
        errors = [_deepest(e) for e in validator.iter_errors(data)]
        found = tuple(
            (tuple(e.absolute_path), _schema_message(e))
            for e in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])
        )
        with self._lock:
            if key not in self._found and len(text) <= self.MAX_CHARS:
                self._found[key] = found
                self._chars += len(text)
                while self._chars > self.MAX_CHARS:
                    (_, dropped), _ = self._found.popitem(last=False)
                    self._chars -= len(dropped)
        return found


_schema_findings = _Findings()


def _deepest(e: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a failed oneOf, the error from the branch that got furthest into the data."""
    while e.validator in ("oneOf", "anyOf") and e.context:
        deeper = max(e.context, key=lambda c: len(c.absolute_path))
        if len(deeper.absolute_path) <= len(e.absolute_path):
            break
        e = deeper
    return e


def _schema_message(e: jsonschema.ValidationError) -> str:
    path = ".".join(str(p) for p in e.absolute_path) or "the document"
    if e.validator == "oneOf" and isinstance(e.instance, dict):
        keys = ", ".join(sorted(e.instance)) or "nothing"
        return (
            f"{path}: not a valid entry (has {keys}); a requirement is one of all_of, "
            "n_of + of, course, credits + from"
        )
    if e.validator == "additionalProperties":
        return f"{path}: {e.message}"
    return f"{path}: {e.message}"


def _bool(v: str) -> bool:
    s = v.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(v)


def _in(domain: Domain) -> Callable[[str], float]:
    """A cell converter for numbers of ``domain`` (refuses 1e308, inf, nan, negatives)."""
    return lambda v: parse_number(v, domain)


def _list(v: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in v.split(";") if p.strip())


def _seasons(v: str) -> frozenset[Season]:
    return frozenset(Season(p.upper()) for p in _list(v))


def _grade_level(v: str) -> int:
    g = int(v)
    if not 9 <= g <= 14:
        raise ValueError(v)
    return g


def load_workspace(root: Path | str) -> Region:
    """Load a region workspace; raise WorkspaceError listing every problem if any."""
    root = Path(root)
    if not root.is_dir():
        raise WorkspaceError([LoadError(str(root), None, None, "not a folder")])
    ld = _Loader(root)

    # region.yaml
    region_doc = ld.doc(root / "region.yaml", "region") if (root / "region.yaml").exists() else None
    if not (root / "region.yaml").exists():
        ld.errors.append(LoadError("region.yaml", None, None, "the file is missing"))

    institutions = _load_institutions(ld)
    courses = _load_courses(ld, institutions)
    credentials = _load_credentials(ld, courses)
    pathways = _load_pathways(ld, institutions, courses, credentials)
    students = _load_students(ld, institutions, courses, pathways, credentials)

    if ld.errors or region_doc is None:
        raise WorkspaceError(ld.errors or [LoadError("region.yaml", None, None, "unreadable")])
    data = region_doc.data
    settings = RegionSettings(**data.get("settings", {}))
    return Region(
        id=data["id"],
        name=data["name"],
        description=data.get("description", ""),
        sources=tuple(data.get("sources", [])),
        settings=settings,
        institutions=institutions,
        courses=courses,
        credentials=credentials,
        pathways=pathways,
        students=students,
    )


def _load_institutions(ld: _Loader) -> dict[str, Institution]:
    label = "institutions.csv"
    sheet = ld.sheet(
        label, ("id", "name", "kind"), INSTITUTION_COLUMNS + INSTITUTION_OPTIONAL_COLUMNS
    )
    out: dict[str, Institution] = {}
    if sheet is None:
        return out
    for row in sheet:
        iid = ld.required(label, row, "id")
        if iid in out:
            ld.err(label, row, "id", f"institution {iid!r} is listed twice")
            continue
        kind = ld.cell(
            label,
            row,
            "kind",
            InstitutionKind,
            InstitutionKind.HIGH_SCHOOL,
            "a kind (" + ", ".join(k.value for k in InstitutionKind) + ")",
        )
        out[iid] = Institution(
            id=iid,
            name=ld.required(label, row, "name"),
            kind=kind,
            parent=row.get("parent") or None,
            city=row.get("city"),
            state=row.get("state"),
            source=row.get("source"),
            illustrative=ld.cell(label, row, "illustrative", _bool, False, "yes or no"),
            contact=row.get("contact") or "",
        )
    for row in sheet:
        parent = row.get("parent")
        if parent and parent not in out:
            ld.err(label, row, "parent", f"parent {parent!r} is not an institution id")
    return out


def _load_courses(ld: _Loader, institutions: dict[str, Institution]) -> dict[str, Course]:
    label = "courses.csv"
    sheet = ld.sheet(
        label,
        ("code", "title", "provider", "credits", "unit", "level"),
        COURSE_COLUMNS + COURSE_TRANSLATION_COLUMNS,
    )
    out: dict[str, Course] = {}
    if sheet is None:
        return out
    rows_by_key: dict[str, Row] = {}
    for row in sheet:
        code = ld.required(label, row, "code")
        try:
            split_code(code)
        except ValueError as exc:
            ld.err(label, row, "code", str(exc))
            continue
        key = course_key(code)
        if key in out:
            ld.err(
                label,
                row,
                "code",
                f"course {code} is listed twice (first on line {rows_by_key[key].line})",
            )
            continue
        provider = ld.required(label, row, "provider")
        if provider and institutions and provider not in institutions:
            ld.err(label, row, "provider", f"provider {provider!r} is not an institution id")
        kinds = "one of " + ", ".join(d.value for d in Delivery)
        course = Course(
            code=code,
            title=ld.required(label, row, "title"),
            provider=provider,
            credits=ld.cell(
                label, row, "credits", _in(COURSE_CREDITS), 0.0, COURSE_CREDITS.describe()
            ),
            unit=ld.cell(
                label,
                row,
                "unit",
                CreditUnit,
                CreditUnit.SEMESTER_HOUR,
                "a unit (hs_credit, semester_hour, quarter_hour)",
            ),
            level=ld.cell(
                label,
                row,
                "level",
                Level,
                Level.POSTSECONDARY,
                "a level (secondary, postsecondary)",
            ),
            cip=_cip(ld, label, row),
            hs_credit_area=row.get("hs_credit_area") or None,
            hs_credits=ld.cell(
                label, row, "hs_credits", _in(HS_CREDITS), None, HS_CREDITS.describe()
            ),
            terms_offered=ld.cell(
                label,
                row,
                "terms_offered",
                _seasons,
                frozenset({Season.FALL, Season.SPRING}),
                "a list of FA, SP, SU separated by ;",
            ),
            grade_min=ld.cell(label, row, "grade_min", _grade_level, None, "a grade 9-14"),
            grade_max=ld.cell(label, row, "grade_max", _grade_level, None, "a grade 9-14"),
            eligibility=ld.expr(label, row, "eligibility"),
            prerequisites=ld.expr(label, row, "prerequisites"),
            corequisites=ld.expr(label, row, "corequisites"),
            strict_corequisites=ld.expr(label, row, "strict_corequisites"),
            delivery=ld.cell(
                label,
                row,
                "delivery",
                lambda v: frozenset(Delivery(d) for d in _list(v)),
                frozenset(),
                f"a list of delivery modes ({kinds}) separated by ;",
            ),
            tuition_per_credit=ld.cell(
                label, row, "tuition_per_credit", _in(TUITION), None, TUITION.describe()
            ),
            equipment=_list(row.get("equipment")),
            tags=frozenset(_list(row.get("tags"))),
            equivalents=_list(row.get("equivalents")),
            description=row.get("description"),
            source=row.get("source"),
            illustrative=ld.cell(label, row, "illustrative", _bool, False, "yes or no"),
            translations=tuple(
                sorted(
                    (lang, field, text)
                    for lang in LANGUAGES
                    for field in TRANSLATABLE["course"]
                    if (text := row.get(f"{field}_{lang}"))
                )
            ),
        )
        if course.grade_min and course.grade_max and course.grade_min > course.grade_max:
            ld.err(label, row, "grade_max", "grade_max is below grade_min")
        out[key] = course
        rows_by_key[key] = row
    for key, course in out.items():
        row = rows_by_key[key]
        for column in ("prerequisites", "corequisites", "strict_corequisites", "eligibility"):
            expr = getattr(course, column)
            for ref in course_refs(expr):
                if ref.key not in out:
                    ld.err(
                        label,
                        row,
                        column,
                        f"{column} names {ref.code}, which is not in courses.csv",
                    )
                if ref.min_grade and not grades.is_known(ref.min_grade):
                    ld.err(label, row, column, f"{ref.min_grade!r} is not a letter grade")
        for eq in course.equivalents:
            if course_key(eq) not in out:
                ld.err(label, row, "equivalents", f"equivalent {eq} is not in courses.csv")
    return out


def _cip(ld: _Loader, label: str, row: Row) -> str | None:
    v = row.get("cip")
    if not v:
        return None
    if re.fullmatch(r"\d{1,2}\.\d{4}", v):
        return v.zfill(7)
    ld.err(label, row, "cip", f"{v!r} is not a CIP 2020 code like 51.3901")
    return None


def _load_credentials(ld: _Loader, courses: dict[str, Course]) -> dict[str, Credential]:
    out: dict[str, Credential] = {}
    folder = ld.root / "credentials"
    if not folder.is_dir():
        ld.errors.append(LoadError("credentials/", None, None, "the folder is missing"))
        return out
    docs: dict[str, Doc] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = ld.doc(path, "credential")
        if doc is None:
            continue
        d = doc.data
        if d["id"] in out:
            ld.errors.append(doc.error(("id",), f"credential {d['id']!r} is defined twice"))
            continue
        req = (
            requirement_from_data(
                d["requirements"], path=("requirements",), on_error=doc.error, courses=courses
            )
            if "requirements" in d
            else None
        )
        out[d["id"]] = Credential(
            id=d["id"],
            name=d["name"],
            kind=CredentialKind(d["kind"]),
            issuer=d["issuer"],
            cip=d.get("cip"),
            requirements=req,
            stacks_into=tuple(d.get("stacks_into", [])),
            total_credits=d.get("total_credits"),
            semester_course_credits=float(d.get("semester_course_credits", 1.0)),
            exam=d.get("exam", ""),
            description=d.get("description", ""),
            source=d.get("source", ""),
            illustrative=bool(d.get("illustrative", False)),
            translations=translations_from_data(d.get("translations"), TRANSLATABLE["credential"]),
        )
        ld.errors.extend(doc.errors)
        docs[d["id"]] = doc
    for cid, cred in out.items():
        for i, target in enumerate(cred.stacks_into):
            if target not in out:
                ld.errors.append(
                    docs[cid].error(
                        ("stacks_into", i), f"stacks_into names unknown credential {target}"
                    )
                )
    return out


def _term(doc: Doc, path: PathKey, text: str) -> Term | None:
    try:
        return Term.parse(text)
    except TermError as exc:
        doc.error(path, str(exc))
        return None


def _load_pathways(
    ld: _Loader,
    institutions: dict[str, Institution],
    courses: dict[str, Course],
    credentials: dict[str, Credential],
) -> dict[str, Pathway]:
    out: dict[str, Pathway] = {}
    folder = ld.root / "pathways"
    if not folder.is_dir():
        ld.errors.append(LoadError("pathways/", None, None, "the folder is missing"))
        return out
    for path in sorted(folder.glob("*.yaml")):
        doc = ld.doc(path, "pathway")
        if doc is None:
            continue
        d = doc.data
        before = len(doc.errors)
        for field in ("owner", "college"):
            if institutions and d[field] not in institutions:
                doc.error((field,), f"{field} {d[field]!r} is not an institution id")
        for i, s in enumerate(d.get("schools", [])):
            if institutions and s not in institutions:
                doc.error(("schools", i), f"school {s!r} is not an institution id")
        if (
            "hs_diploma" in d
            and d["hs_diploma"] not in credentials
            and d["hs_diploma"] not in ld.broken
        ):
            doc.error(("hs_diploma",), f"diploma {d['hs_diploma']!r} is not a credential id")
        placements: list[Placement] = []
        for term_id, entries in (d.get("terms") or {}).items():
            term = _term(doc, ("terms", term_id), term_id)
            for i, entry in enumerate(entries):
                where = ("terms", term_id, i)
                if isinstance(entry, str):
                    entry = {"course": entry}
                for code in [entry["course"], *entry.get("alternatives", [])]:
                    if course_key(code) not in courses:
                        doc.error(where, f"course {code} is not in courses.csv")
                if term is not None:
                    placements.append(
                        Placement(
                            entry["course"],
                            term,
                            tuple(entry.get("alternatives", [])),
                            entry.get("note", ""),
                            translations_from_data(
                                entry.get("translations"), TRANSLATABLE["placement"]
                            ),
                        )
                    )
        exits: list[Exit] = []
        for i, e in enumerate(d.get("exits", [])):
            term = _term(doc, ("exits", i, "term"), e["term"])
            if e["credential"] not in credentials and e["credential"] not in ld.broken:
                doc.error(
                    ("exits", i, "credential"),
                    f"credential {e['credential']!r} is not defined in credentials/",
                )
            if term is not None:
                exits.append(
                    Exit(
                        e["credential"],
                        term,
                        ExitKind(e.get("kind", "off_ramp")),
                        tuple(e.get("occupations", [])),
                        e.get("note", ""),
                        translations_from_data(e.get("translations"), TRANSLATABLE["exit"]),
                    )
                )
        ramps: list[OnRamp] = []
        for i, r in enumerate(d.get("on_ramps", [])):
            term = _term(doc, ("on_ramps", i, "term"), r["term"])
            requires = None
            try:
                requires = parse(r.get("requires", ""))
            except RequisiteSyntaxError as exc:
                doc.error(
                    ("on_ramps", i, "requires"), f"requires: {exc.reason}", offset=exc.column - 1
                )
            if term is not None:
                ramps.append(
                    OnRamp(
                        term,
                        r["label"],
                        requires,
                        translations_from_data(r.get("translations"), TRANSLATABLE["on_ramp"]),
                    )
                )
        ld.errors.extend(doc.errors[before:])
        if d["id"] in out:
            ld.errors.append(doc.error(("id",), f"pathway {d['id']!r} is defined twice"))
            continue
        out[d["id"]] = Pathway(
            id=d["id"],
            name=d["name"],
            cluster=d["cluster"],
            owner=d["owner"],
            college=d["college"],
            schools=tuple(d.get("schools", [])),
            occupations=tuple(d.get("occupations", [])),
            hs_diploma=d.get("hs_diploma"),
            summers=bool(d.get("summers", False)),
            placements=tuple(sorted(placements, key=lambda p: (p.term, course_key(p.course)))),
            exits=tuple(exits),
            on_ramps=tuple(ramps),
            status=PathwayStatus(d.get("status", "draft")),
            description=d.get("description", ""),
            source=d.get("source", ""),
            illustrative=bool(d.get("illustrative", False)),
            translations=translations_from_data(d.get("translations"), TRANSLATABLE["pathway"]),
        )
    return out


def _scores(v: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in _list(v):
        name, _, value = part.partition("=")
        if not name.strip() or not value.strip():
            raise ValueError(part)
        domain = GPA if name.strip().lower() == "gpa" else SCORE
        out[name.strip()] = parse_number(value, domain)
    return out


def _load_students(
    ld: _Loader,
    institutions: dict[str, Institution],
    courses: dict[str, Course],
    pathways: dict[str, Pathway],
    credentials: dict[str, Credential],
) -> dict[str, Student]:
    label = "students/students.csv"
    sheet = ld.sheet(
        label,
        ("id", "school", "grade_level", "cohort"),
        STUDENT_COLUMNS + DEMOGRAPHIC_COLUMNS,
        optional_file=True,
    )
    if sheet is None:
        if (ld.root / "students" / "attempts.csv").exists() and not (ld.root / label).exists():
            ld.errors.append(
                LoadError(label, None, None, "attempts.csv is present but students.csv is missing")
            )
        return {}
    base: dict[str, dict[str, Any]] = {}
    for row in sheet:
        sid = ld.required(label, row, "id")
        if sid in base:
            ld.err(label, row, "id", f"student {sid!r} is listed twice")
            continue
        school = ld.required(label, row, "school")
        if school and school not in institutions:
            ld.err(label, row, "school", f"school {school!r} is not an institution id")
        pathway = row.get("pathway") or None
        if pathway and pathway not in pathways and pathway not in ld.broken:
            ld.err(label, row, "pathway", f"pathway {pathway!r} is not defined in pathways/")
        held = frozenset(_list(row.get("credentials")))
        for c in held:
            if c not in credentials and c not in ld.broken:
                ld.err(label, row, "credentials", f"credential {c!r} is not defined")
        base[sid] = dict(
            id=sid,
            school=school,
            grade_level=ld.cell(label, row, "grade_level", _grade_level, 9, "a grade 9-14"),
            cohort=ld.cell(label, row, "cohort", int, 0, "a graduation year"),
            pathway=pathway,
            scores=MappingProxyType(
                ld.cell(label, row, "scores", _scores, {}, "scores like placement.math=250;gpa=3.1")
            ),
            flags=frozenset(_list(row.get("flags"))),
            credentials=held,
            demographics=MappingProxyType(
                {k: row.get(k) for k in DEMOGRAPHIC_COLUMNS if row.get(k)}
            ),
            synthetic=ld.cell(label, row, "synthetic", _bool, False, "yes or no"),
        )
    attempts: dict[str, list[Attempt]] = {sid: [] for sid in base}
    alabel = "students/attempts.csv"
    asheet = ld.sheet(
        alabel, ("student", "course", "term", "grade"), ATTEMPT_COLUMNS, optional_file=True
    )
    for row in asheet or []:
        sid = ld.required(alabel, row, "student")
        if sid and sid not in base:
            ld.err(alabel, row, "student", f"student {sid!r} is not in students.csv")
            continue
        code = ld.required(alabel, row, "course")
        if code and course_key(code) not in courses:
            ld.err(alabel, row, "course", f"course {code} is not in courses.csv")
        term = ld.cell(alabel, row, "term", Term.parse, None, "a term like G10-SP")
        grade = row.get("grade").upper() or None
        if grade and not grades.is_known(grade):
            ld.err(alabel, row, "grade", f"{grade!r} is not a grade (A+ to F, P, NP, W, IP)")
        if term is None or not sid:
            if not row.get("term"):
                ld.err(alabel, row, "term", "term is required")
            continue
        attempts[sid].append(
            Attempt(
                course=code,
                term=term,
                grade=grade,
                credits_earned=ld.cell(
                    alabel,
                    row,
                    "credits_earned",
                    _in(COURSE_CREDITS),
                    0.0,
                    COURSE_CREDITS.describe(),
                ),
                dual_credit=ld.cell(alabel, row, "dual_credit", _bool, False, "yes or no"),
                provider=row.get("provider"),
                school_year=row.get("school_year"),
            )
        )
    return {sid: Student(**fields, attempts=tuple(attempts[sid])) for sid, fields in base.items()}


# --------------------------------------------------------------------------- writing


def _n(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else repr(x)


def _yn(b: bool) -> str:
    return "yes" if b else ""


def requirement_to_data(node: Requirement) -> dict[str, Any]:
    """A requirement tree in the workspace YAML shape (the inverse of requirement_from_data)."""
    out: dict[str, Any]
    if isinstance(node, AllOf):
        out = {"all_of": [requirement_to_data(c) for c in node.children]}
    elif isinstance(node, NOf):
        out = {"n_of": node.n, "of": [requirement_to_data(c) for c in node.children]}
    elif isinstance(node, CourseNode):
        out = {"course": node.course}
        if node.min_grade:
            out["min_grade"] = node.min_grade
    else:
        frm: dict[str, Any] = {}
        for name in ("courses", "patterns", "tags", "areas", "exclude"):
            if getattr(node.select, name):
                frm[name] = list(getattr(node.select, name))
        if node.select.level:
            frm["level"] = node.select.level
        out = {
            "credits": node.credits if node.credits != int(node.credits) else int(node.credits),
            "from": frm,
        }
        if node.min_grade:
            out["min_grade"] = node.min_grade
    if node.label:
        out["label"] = node.label
    return out


def _common(obj: Any, data: dict[str, Any]) -> dict[str, Any]:
    for name in ("description", "source"):
        if getattr(obj, name):
            data[name] = getattr(obj, name)
    if obj.illustrative:
        data["illustrative"] = True
    if getattr(obj, "translations", ()):
        data["translations"] = translations_to_data(obj.translations)
    return data


def _translations_of(obj: Any) -> dict[str, Any]:
    """``{"translations": …}`` for an entry that has some, else nothing."""
    if not obj.translations:
        return {}
    return {"translations": translations_to_data(obj.translations)}


def write_workspace(
    region: Region,
    root: Path | str,
    *,
    progress: Callable[[str], None] | None = None,
    extra: Callable[[Path], None] | None = None,
) -> None:
    """Write ``region`` as a workspace folder (replacing the folder's managed files).

    Written to a temporary sibling first and swapped in, so a failure leaves the old
    folder as it was; ``extra`` writes more files into that sibling before the swap.
    """
    root = Path(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{root.name}-", dir=root.parent))
    try:
        _write(region, tmp, progress)
        if extra is not None:
            extra(tmp)
        if root.exists():
            backup = root.with_name(f".{root.name}-old")
            if backup.exists():
                shutil.rmtree(backup)
            root.rename(backup)
            tmp.rename(root)
            shutil.rmtree(backup)
        else:
            tmp.rename(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write(region: Region, root: Path, progress: Callable[[str], None] | None) -> None:
    say = progress or (lambda _m: None)
    s = region.settings
    region_data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "id": region.id,
        "name": region.name,
    }
    if region.description:
        region_data["description"] = region.description
    if region.sources:
        region_data["sources"] = list(region.sources)
    region_data["settings"] = {k: getattr(s, k) for k in RegionSettings.__dataclass_fields__}
    (root / "region.yaml").write_text(dump_yaml(region_data), encoding="utf-8")

    say("institutions")
    # the contact column only when some institution has one (files stay as they were)
    contact = any(i.contact for i in region.institutions.values())
    write_csv(
        root / "institutions.csv",
        list(INSTITUTION_COLUMNS) + (["contact"] if contact else []),
        [
            [
                i.id,
                i.name,
                i.kind.value,
                i.parent or "",
                i.city,
                i.state,
                i.source,
                _yn(i.illustrative),
                *([i.contact] if contact else []),
            ]
            for i in sorted(region.institutions.values(), key=lambda i: i.id)
        ],
    )
    say("courses")
    # translation columns only when some course has a translation (files stay as they were)
    translated = [
        column
        for column in COURSE_TRANSLATION_COLUMNS
        if any(
            lookup(c.translations, column.rsplit("_", 1)[1], column.rsplit("_", 1)[0])
            for c in region.courses.values()
        )
    ]
    write_csv(
        root / "courses.csv",
        list(COURSE_COLUMNS) + translated,
        [
            [
                c.code,
                c.title,
                c.provider,
                _n(c.credits),
                c.unit.value,
                c.level.value,
                c.cip or "",
                c.hs_credit_area or "",
                _n(c.hs_credits),
                ";".join(x.value for x in Season if x in c.terms_offered),
                _n(c.grade_min),
                _n(c.grade_max),
                unparse(c.eligibility),
                unparse(c.prerequisites),
                unparse(c.corequisites),
                unparse(c.strict_corequisites),
                ";".join(d.value for d in Delivery if d in c.delivery),
                _n(c.tuition_per_credit),
                ";".join(c.equipment),
                ";".join(sorted(c.tags)),
                ";".join(c.equivalents),
                c.description,
                c.source,
                _yn(c.illustrative),
                *(
                    lookup(c.translations, col.rsplit("_", 1)[1], col.rsplit("_", 1)[0])
                    for col in translated
                ),
            ]
            for c in sorted(region.courses.values(), key=lambda c: (c.provider, c.key))
        ],
    )
    say("credentials")
    (root / "credentials").mkdir()
    for cred in sorted(region.credentials.values(), key=lambda c: c.id):
        data: dict[str, Any] = {
            "id": cred.id,
            "name": cred.name,
            "kind": cred.kind.value,
            "issuer": cred.issuer,
        }
        if cred.cip:
            data["cip"] = cred.cip
        if cred.total_credits is not None:
            data["total_credits"] = cred.total_credits
        if cred.kind is CredentialKind.HS_DIPLOMA:
            data["semester_course_credits"] = cred.semester_course_credits
        if cred.stacks_into:
            data["stacks_into"] = list(cred.stacks_into)
        if cred.exam:
            data["exam"] = cred.exam
        _common(cred, data)
        if cred.requirements is not None:
            data["requirements"] = requirement_to_data(cred.requirements)
        (root / "credentials" / f"{cred.id}.yaml").write_text(dump_yaml(data), encoding="utf-8")
    say("pathways")
    (root / "pathways").mkdir()
    for p in sorted(region.pathways.values(), key=lambda p: p.id):
        pdata = pathway_to_data(p)
        (root / "pathways" / f"{p.id}.yaml").write_text(dump_yaml(pdata), encoding="utf-8")
    if region.students:
        say("students")
        (root / "students").mkdir()
        write_student_files(root / "students", region.students.values())


def write_student_files(folder: Path, students: Iterable[Student]) -> None:
    """``students.csv`` and ``attempts.csv`` of ``students`` (sorted by id) into ``folder``."""
    ordered = sorted(students, key=lambda s: s.id)
    write_csv(
        folder / "students.csv",
        list(STUDENT_COLUMNS + DEMOGRAPHIC_COLUMNS),
        [
            [
                s.id,
                s.school,
                str(s.grade_level),
                str(s.cohort),
                s.pathway or "",
                ";".join(f"{k}={_n(v)}" for k, v in sorted(s.scores.items())),
                ";".join(sorted(s.flags)),
                ";".join(sorted(s.credentials)),
                _yn(s.synthetic),
                *[s.demographics.get(k, "") for k in DEMOGRAPHIC_COLUMNS],
            ]
            for s in ordered
        ],
    )
    write_csv(
        folder / "attempts.csv",
        list(ATTEMPT_COLUMNS),
        [
            [
                s.id,
                a.course,
                a.term.id,
                a.grade or "",
                _n(a.credits_earned),
                _yn(a.dual_credit),
                a.provider,
                a.school_year,
            ]
            for s in ordered
            for a in s.attempts
        ],
    )


def pathway_to_data(p: Pathway) -> dict[str, Any]:
    """A pathway in the workspace YAML shape (the inverse of :func:`pathway_from_data`)."""
    pdata: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "cluster": p.cluster,
        "status": p.status.value,
        "owner": p.owner,
        "college": p.college,
        "schools": list(p.schools),
        "occupations": list(p.occupations),
    }
    if p.hs_diploma:
        pdata["hs_diploma"] = p.hs_diploma
    if p.summers:
        pdata["summers"] = True
    _common(p, pdata)
    terms: dict[str, list[Any]] = {}
    for term, placed in p.placements_by_term().items():
        entries: list[Any] = []
        for pl in sorted(placed, key=lambda x: course_key(x.course)):
            if pl.alternatives or pl.note or pl.translations:
                e: dict[str, Any] = {"course": pl.course}
                if pl.alternatives:
                    e["alternatives"] = list(pl.alternatives)
                if pl.note:
                    e["note"] = pl.note
                e.update(_translations_of(pl))
                entries.append(e)
            else:
                entries.append(pl.course)
        terms[term.id] = entries
    pdata["terms"] = terms
    pdata["exits"] = []
    for ex in p.exits:
        ed: dict[str, Any] = {
            "credential": ex.credential,
            "term": ex.term.id,
            "kind": ex.kind.value,
        }
        if ex.occupations:
            ed["occupations"] = list(ex.occupations)
        if ex.note:
            ed["note"] = ex.note
        ed.update(_translations_of(ex))
        pdata["exits"].append(ed)
    if p.on_ramps:
        pdata["on_ramps"] = []
        for r in p.on_ramps:
            rd: dict[str, Any] = {"term": r.term.id, "label": r.label}
            if r.requires is not None:
                rd["requires"] = unparse(r.requires)
            rd.update(_translations_of(r))
            pdata["on_ramps"].append(rd)
    return pdata


def requirement_from_data(
    node: dict[str, Any],
    *,
    path: PathKey = (),
    on_error: Callable[[PathKey, str], object] | None = None,
    courses: Container[str] | None = None,
) -> Requirement:
    """A requirement tree from the workspace YAML shape (already checked against the schema).

    The one builder for both the workspace reader and the designer's form. With
    ``on_error`` it also reports, at the path of the offending value, an ``n_of`` larger
    than its options, unknown letter grades and invalid patterns, and (with ``courses``,
    the catalog's course keys) courses not in the catalog.

    >>> requirement_from_data({"all_of": [{"course": "BIO-168"}]}).children[0].course
    'BIO-168'
    """

    def report(where: PathKey, reason: str) -> None:
        if on_error is not None:
            on_error(where, reason)

    label = node.get("label", "")
    if "all_of" in node:
        kids = tuple(
            requirement_from_data(c, path=(*path, "all_of", i), on_error=on_error, courses=courses)
            for i, c in enumerate(node["all_of"])
        )
        return AllOf(kids, label)
    if "n_of" in node:
        kids = tuple(
            requirement_from_data(c, path=(*path, "of", i), on_error=on_error, courses=courses)
            for i, c in enumerate(node["of"])
        )
        if node["n_of"] > len(kids):
            report((*path, "n_of"), f"n_of is {node['n_of']} but only {len(kids)} options")
        return NOf(node["n_of"], kids, label)
    min_grade = node.get("min_grade")
    if min_grade is not None and not grades.is_known(min_grade):
        report((*path, "min_grade"), f"{min_grade!r} is not a letter grade")
    if "course" in node:
        if courses is not None and course_key(node["course"]) not in courses:
            report((*path, "course"), f"course {node['course']} is not in courses.csv")
        return CourseNode(node["course"], min_grade, label)
    frm = node["from"]
    if courses is not None:
        for i, c in enumerate(frm.get("courses", [])):
            if course_key(c) not in courses:
                report((*path, "from", "courses", i), f"course {c} is not in courses.csv")
    for i, p in enumerate(frm.get("patterns", [])):
        if not valid_pattern(p):
            report((*path, "from", "patterns", i), f"{p!r} is not a pattern like 'CIS 1**'")
    select = Selector(
        courses=tuple(frm.get("courses", [])),
        patterns=tuple(frm.get("patterns", [])),
        tags=tuple(frm.get("tags", [])),
        areas=tuple(frm.get("areas", [])),
        level=frm.get("level"),
        exclude=tuple(frm.get("exclude", [])),
    )
    credits = float(node["credits"])
    if not math.isfinite(credits):
        report((*path, "credits"), f"credits: {credits} is not {TOTAL_CREDITS.describe()}")
        credits = 0.0
    return Credits(credits, select, min_grade, label)


def pathway_from_data(d: dict[str, Any]) -> Pathway:
    """A pathway from the workspace YAML shape, already checked (ids, terms, requisites).

    Raises ValueError (TermError, RequisiteSyntaxError) on a malformed term or expression.
    """
    placements: list[Placement] = []
    for term_id, entries in (d.get("terms") or {}).items():
        term = Term.parse(term_id)
        for entry in entries:
            if isinstance(entry, str):
                entry = {"course": entry}
            placements.append(
                Placement(
                    entry["course"],
                    term,
                    tuple(entry.get("alternatives", [])),
                    entry.get("note", ""),
                    translations_from_data(entry.get("translations"), TRANSLATABLE["placement"]),
                )
            )
    return Pathway(
        id=d["id"],
        name=d["name"],
        cluster=d["cluster"],
        owner=d["owner"],
        college=d["college"],
        schools=tuple(d.get("schools", [])),
        occupations=tuple(d.get("occupations", [])),
        hs_diploma=d.get("hs_diploma"),
        summers=bool(d.get("summers", False)),
        placements=tuple(sorted(placements, key=lambda p: (p.term, course_key(p.course)))),
        exits=tuple(
            Exit(
                e["credential"],
                Term.parse(e["term"]),
                ExitKind(e.get("kind", "off_ramp")),
                tuple(e.get("occupations", [])),
                e.get("note", ""),
                translations_from_data(e.get("translations"), TRANSLATABLE["exit"]),
            )
            for e in d.get("exits", [])
        ),
        on_ramps=tuple(
            OnRamp(
                Term.parse(r["term"]),
                r["label"],
                parse(r.get("requires", "")),
                translations_from_data(r.get("translations"), TRANSLATABLE["on_ramp"]),
            )
            for r in d.get("on_ramps", [])
        ),
        status=PathwayStatus(d.get("status", "draft")),
        description=d.get("description", ""),
        source=d.get("source", ""),
        illustrative=bool(d.get("illustrative", False)),
        translations=translations_from_data(d.get("translations"), TRANSLATABLE["pathway"]),
    )
