"""Benchmark: importing student data (OneRoster 1.2 bulk and delta, the plain-CSV template).

Generates a **synthetic** state-scale export — every person invented, ``Synthetic`` names —
for the demo region's high schools, districts and catalog (its courses' codes, Kirkwood's
college courses as dual credit), seeded, with realistic shapes: grades 9-12 in equal
shares, five classes a semester from grade 9 to the current spring semester, one homeroom a
year (not in the catalog: skipped, as a real export's homerooms are), dual credit from
grade 11 with a take-up lower for economically disadvantaged students, English learners
and students with disabilities, a final-grade line item per class and a result per
completed enrollment (a letter, or only a percentage score for some).

Then times the workspace import path (``careerpaths.io.roster_store.import_into_workspace``,
the command line's) stage by stage — reading (``read_oneroster`` / ``read_student_csv``,
records staged in DuckDB), copying the records kept (``records.duckdb``), loading the
workspace, staging the import beside the records, merging (SQL), mapping to students and
writing ``students.csv`` / ``attempts.csv``, keeping ``records.duckdb`` — then the same
import again (idempotent: nothing changes) and a delta (re-graded results, dropped
classes, changed demographics), and prints the peak resident memory beside a plain DuckDB
``read_csv`` of the same files (the floor), as a ratio.

    .venv/bin/python benchmarks/bench_import.py                 # 10,000 students
    .venv/bin/python benchmarks/bench_import.py --students 100000
    .venv/bin/python benchmarks/bench_import.py --state         # 1,000,000 students
    .venv/bin/python benchmarks/bench_import.py --state --keep DIR  # keep the exports
    .venv/bin/python benchmarks/bench_import.py --state --exports DIR --formats oneroster --no-again

A state-scale export (about 51 million rows, 6 GB) is staged in DuckDB, which spills to its
temporary folder past its 1 GB memory limit; the disk needs room for the export, DuckDB's
spill and the workspace's ``records.duckdb`` and its working copy.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from careerpaths.core.model import InstitutionKind, Region
from careerpaths.demo.region import build_region
from careerpaths.io.oneroster import COLUMNS, read_oneroster
from careerpaths.io.roster import RosterSnapshot
from careerpaths.io.roster_store import import_into_workspace
from careerpaths.io.student_csv import ATTEMPT_COLUMNS, STUDENT_COLUMNS, read_student_csv
from careerpaths.io.workspace import write_workspace

AS_OF = date(2026, 3, 1)  # spring 2026: fall 2025 graded, spring 2026 in progress
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DELTA_NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DELTA_MODIFIED = "2026-03-02T10:00:00.000Z"
CURRENT_END_YEAR = 2026
CLASSES_PER_SEMESTER = 5
PERKINS_COLUMNS = (
    ("economicallyDisadvantaged", 0.42),
    ("englishLearner", 0.09),
    ("disability", 0.14),
    ("homeless", 0.015),
    ("fosterCare", 0.004),
    ("migrant", 0.002),
    ("militaryConnected", 0.015),
    ("singleParent", 0.006),
    ("displacedHomemaker", 0.0005),
)
RACES = (  # (OneRoster flag, share); Hispanic/Latino is the ethnicity flag
    ("white", 0.58),
    ("hispanicOrLatinoEthnicity", 0.15),
    ("blackOrAfricanAmerican", 0.14),
    ("asian", 0.05),
    ("demographicRaceTwoOrMoreRaces", 0.05),
    ("americanIndianOrAlaskaNative", 0.02),
    ("nativeHawaiianOrOtherPacificIslander", 0.01),
)
LETTERS = (("A", 0.30), ("B", 0.28), ("C", 0.22), ("D", 0.09), ("F", 0.07), ("W", 0.04))
SCORE_OF = {"A": "94", "B": "85", "C": "76", "D": "65", "F": "48"}


def _uuid(kind: int, n: int) -> str:
    """A stable UUID-shaped sourcedId (kind and serial number; invented)."""
    return f"{kind:08x}-5e1d-4000-8000-{n:012x}"


def _pick(rng: random.Random, shares: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for value, share in shares:
        if x < share:
            return value
        x -= share
    return shares[-1][0]


def _semesters(end_year: int) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(title, start, end) of the fall and spring semesters of the school year ending then."""
    return (
        (f"Fall {end_year - 1}", f"{end_year - 1}-08-20", f"{end_year - 1}-12-19"),
        (f"Spring {end_year}", f"{end_year}-01-06", f"{end_year}-06-03"),
    )


@dataclass
class Export:
    """What was generated (row counts per file) and what the delta changes."""

    rows: dict[str, int] = field(default_factory=dict)
    students: int = 0
    results: int = 0
    enrollments: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class _Files:
    """One CSV writer per file, with the spec's header (plus extension columns)."""

    def __init__(self, root: Path, headers: dict[str, tuple[str, ...]]) -> None:
        self.root = root
        self.headers = headers
        self._handles = {
            n: (root / f"{n}.csv").open("w", newline="", encoding="utf-8") for n in headers
        }
        self.writers = {n: csv.writer(h, lineterminator="\n") for n, h in self._handles.items()}
        self.counts = dict.fromkeys(headers, 0)
        for n, header in headers.items():
            self.writers[n].writerow(header)

    def row(self, name: str, values: dict[str, str]) -> None:
        self.writers[name].writerow([values.get(c, "") for c in self.headers[name]])
        self.counts[name] += 1

    def close(self) -> None:
        for h in self._handles.values():
            h.close()


def _manifest(root: Path, modes: dict[str, str]) -> None:
    with (root / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["propertyName", "value"])
        w.writerow(["manifest.version", "1.0"])
        w.writerow(["oneroster.version", "1.2"])
        for name, mode in modes.items():
            w.writerow([f"file.{name}", mode])
        w.writerow(["source.systemName", "Synthetic SIS (careerpaths benchmark)"])


@dataclass
class _Plan:
    """The generated students and their classes, shared by both formats."""

    schools: dict[str, str]  # high school -> district
    hs_courses: dict[str, list[str]]  # district -> catalog codes
    college_courses: list[str]
    college: str


def _plan(region: Region) -> _Plan:
    schools = {
        i.id: i.parent or i.id
        for i in region.institutions.values()
        if i.kind is InstitutionKind.HIGH_SCHOOL
    }
    hs_courses: dict[str, list[str]] = {}
    college_courses: list[str] = []
    for c in region.courses.values():
        if c.is_college:
            college_courses.append(c.code)
        else:
            hs_courses.setdefault(c.provider, []).append(c.code)
    college = next(i.id for i in region.institutions.values() if i.kind is InstitutionKind.COLLEGE)
    return _Plan(schools, hs_courses, sorted(college_courses), college)


@dataclass(frozen=True)
class _Enrollment:
    student: int
    school: str
    course: str
    end_year: int
    season: int  # 0 fall, 1 spring
    letter: str  # "" while in progress
    numeric_only: bool


@dataclass(frozen=True)
class _Student:
    n: int
    school: str
    grade: int
    sex: str
    race: str
    flags: dict[str, bool]


def _students(plan: _Plan, count: int, seed: int) -> Iterator[tuple[_Student, list[_Enrollment]]]:
    rng = random.Random(seed)
    schools = sorted(plan.schools)
    for n in range(count):
        school = schools[rng.randrange(len(schools))]
        grade = 9 + rng.randrange(4)
        flags = {name: rng.random() < share for name, share in PERKINS_COLUMNS}
        st = _Student(
            n, school, grade, "female" if rng.random() < 0.49 else "male", _pick(rng, RACES), flags
        )
        p_dual = 0.35
        p_dual *= 0.6 if flags["economicallyDisadvantaged"] else 1.0
        p_dual *= 0.5 if flags["englishLearner"] else 1.0
        p_dual *= 0.5 if flags["disability"] else 1.0
        courses = plan.hs_courses[plan.schools[school]]
        enrollments: list[_Enrollment] = []
        for g in range(9, grade + 1):
            end_year = CURRENT_END_YEAR - (grade - g)
            for season in (0, 1):
                current = end_year == CURRENT_END_YEAR and season == 1
                n_dual = 0
                if g >= 11 and rng.random() < p_dual:
                    n_dual = 1 + (rng.random() < 0.3)
                picks = [*rng.sample(plan.college_courses, n_dual)]
                picks += rng.sample(courses, CLASSES_PER_SEMESTER - n_dual)
                for code in picks:
                    letter = "" if current else _pick(rng, LETTERS)
                    numeric = letter in SCORE_OF and rng.random() < 0.3
                    enrollments.append(
                        _Enrollment(n, school, code, end_year, season, letter, numeric)
                    )
        yield st, enrollments


def generate_oneroster(region: Region, root: Path, *, students: int, seed: int) -> Export:
    """A OneRoster 1.2 bulk export (synthetic) of ``students`` students."""
    root.mkdir(parents=True, exist_ok=True)
    plan = _plan(region)
    headers = {
        name: COLUMNS[name]
        for name in (
            "orgs",
            "academicSessions",
            "courses",
            "classes",
            "users",
            "roles",
            "enrollments",
            "lineItems",
            "results",
        )
    }
    headers["demographics"] = (
        *COLUMNS["demographics"],
        *[f"metadata.{c}" for c, _ in PERKINS_COLUMNS],
    )
    headers["courses"] = (*COLUMNS["courses"], "metadata.dual_credit")
    files = _Files(root, headers)
    org_id: dict[str, str] = {}
    for i, inst in enumerate(
        sorted(region.institutions.values(), key=lambda x: (x.parent is not None, x.id))
    ):
        if inst.kind not in (
            InstitutionKind.DISTRICT,
            InstitutionKind.HIGH_SCHOOL,
            InstitutionKind.COLLEGE,
        ):
            continue
        org_id[inst.id] = _uuid(0x0A, i)
        files.row(
            "orgs",
            {
                "sourcedId": org_id[inst.id],
                "name": inst.name,
                "type": "district" if inst.kind is InstitutionKind.DISTRICT else "school",
                "identifier": inst.id,
                "parentSourcedId": org_id.get(inst.parent or "", ""),
            },
        )
    sessions: dict[tuple[int, int], str] = {}
    end_years = range(CURRENT_END_YEAR - 3, CURRENT_END_YEAR + 1)
    for end_year in end_years:
        year_id = _uuid(0x0B, end_year * 10)
        files.row(
            "academicSessions",
            {
                "sourcedId": year_id,
                "title": f"{end_year - 1}-{end_year % 100:02d}",
                "type": "schoolYear",
                "startDate": f"{end_year - 1}-08-20",
                "endDate": f"{end_year}-06-03",
                "schoolYear": str(end_year),
            },
        )
        for season, (title, start, end) in enumerate(_semesters(end_year)):
            sessions[(end_year, season)] = _uuid(0x0B, end_year * 10 + 1 + season)
            files.row(
                "academicSessions",
                {
                    "sourcedId": sessions[(end_year, season)],
                    "title": title,
                    "type": "semester",
                    "startDate": start,
                    "endDate": end,
                    "parentSourcedId": year_id,
                    "schoolYear": str(end_year),
                },
            )
    course_id: dict[str, str] = {}
    homeroom = "HOMEROOM"
    for i, code in enumerate(
        [homeroom, *plan.college_courses, *sorted(c for cs in plan.hs_courses.values() for c in cs)]
    ):
        course = region.courses.get(code)
        course_id[code] = _uuid(0x0C, i)
        owner = course.provider if course is not None else sorted(set(plan.schools.values()))[0]
        files.row(
            "courses",
            {
                "sourcedId": course_id[code],
                "title": course.title if course is not None else "Homeroom",
                "courseCode": code,
                "orgSourcedId": org_id[owner],
                "metadata.dual_credit": "true"
                if course is not None and course.is_college
                else "false",
            },
        )
    class_id: dict[tuple[str, str, int, int], str] = {}
    item_of: dict[str, str] = {}

    def class_of(school: str, code: str, end_year: int, season: int) -> str:
        key = (school, code, end_year, season)
        cid = class_id.get(key)
        if cid is None:
            cid = class_id[key] = _uuid(0x0D, len(class_id))
            title, start, end = _semesters(end_year)[season]
            files.row(
                "classes",
                {
                    "sourcedId": cid,
                    "title": f"{code} {title} ({school})",
                    "courseSourcedId": course_id[code],
                    "classCode": f"{code}-{end_year}{'FS'[season]}",
                    "classType": "homeroom" if code == homeroom else "scheduled",
                    "schoolSourcedId": org_id[school],
                    "termSourcedIds": sessions[(end_year, season)],
                },
            )
            if code != homeroom:
                item_of[cid] = _uuid(0x0E, len(item_of))
                files.row(
                    "lineItems",
                    {
                        "sourcedId": item_of[cid],
                        "title": "Final grade",
                        "assignDate": start,
                        "dueDate": end,
                        "classSourcedId": cid,
                        "categorySourcedId": "final",
                        "academicSessionSourcedId": sessions[(end_year, season)],
                        "schoolSourcedId": org_id[school],
                        "resultValueMin": "0",
                        "resultValueMax": "100",
                    },
                )
        return cid

    out = Export()
    n_enr = n_res = 0
    for st, enrollments in _students(plan, students, seed):
        uid = _uuid(0x1, st.n)
        files.row(
            "users",
            {
                "sourcedId": uid,
                "enabledUser": "true",
                "username": f"syn.{st.n}",
                "givenName": "Synthetic",
                "familyName": f"Student{st.n}",
                "identifier": f"SYN-{st.n:07d}",
                "grades": f"{st.grade:02d}",
                "primaryOrgSourcedId": org_id[st.school],
            },
        )
        files.row(
            "roles",
            {
                "sourcedId": _uuid(0x2, st.n),
                "userSourcedId": uid,
                "roleType": "primary",
                "role": "student",
                "orgSourcedId": org_id[st.school],
            },
        )
        demo = {
            "sourcedId": uid,
            "sex": st.sex,
            **{flag: "true" if flag == st.race else "false" for flag, _ in RACES},
            **{f"metadata.{c}": "true" if v else "false" for c, v in st.flags.items()},
        }
        files.row("demographics", demo)
        for end_year in {e.end_year for e in enrollments}:
            cid = class_of(st.school, homeroom, end_year, 0)
            _, start, _ = _semesters(end_year)[0]
            files.row(
                "enrollments",
                {
                    "sourcedId": _uuid(0x3, n_enr),
                    "classSourcedId": cid,
                    "schoolSourcedId": org_id[st.school],
                    "userSourcedId": uid,
                    "role": "student",
                    "primary": "false",
                    "beginDate": start,
                    "endDate": f"{end_year}-06-03",
                },
            )
            n_enr += 1
        for e in enrollments:
            cid = class_of(e.school, e.course, e.end_year, e.season)
            _, start, end = _semesters(e.end_year)[e.season]
            files.row(
                "enrollments",
                {
                    "sourcedId": _uuid(0x3, n_enr),
                    "classSourcedId": cid,
                    "schoolSourcedId": org_id[e.school],
                    "userSourcedId": uid,
                    "role": "student",
                    "primary": "false",
                    "beginDate": start,
                    "endDate": end,
                },
            )
            n_enr += 1
            if e.letter:
                files.row(
                    "results",
                    {
                        "sourcedId": _uuid(0x4, n_res),
                        "lineItemSourcedId": item_of[cid],
                        "studentSourcedId": uid,
                        "classSourcedId": cid,
                        "scoreStatus": "fully graded",
                        "score": SCORE_OF.get(e.letter, ""),
                        "textScore": "" if e.numeric_only else e.letter,
                        "scoreDate": end,
                    },
                )
                n_res += 1
    files.close()
    _manifest(root, {name: "bulk" for name in headers})
    out.rows = dict(files.counts)
    out.students, out.results, out.enrollments = students, n_res, n_enr
    return out


def generate_oneroster_delta(bulk: Path, root: Path, *, share: float, seed: int) -> Export:
    """A delta on ``bulk``: re-graded results, dropped classes and changed demographics
    (``share`` of each file's rows), newer ``dateLastModified``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    out = Export()
    modes: dict[str, str] = {}
    for name in ("results", "enrollments", "demographics"):
        with (bulk / f"{name}.csv").open(encoding="utf-8", newline="") as src:
            reader = csv.reader(src)
            header = next(reader)
            status, modified = header.index("status"), header.index("dateLastModified")
            with (root / f"{name}.csv").open("w", encoding="utf-8", newline="") as dst:
                w = csv.writer(dst, lineterminator="\n")
                w.writerow(header)
                n = 0
                for row in reader:
                    if rng.random() >= share:
                        continue
                    row[status], row[modified] = "active", DELTA_MODIFIED
                    if name == "results":
                        row[header.index("textScore")] = "B"
                        row[header.index("score")] = "85"
                    elif name == "enrollments":
                        if row[header.index("beginDate")] != "2026-01-06":
                            continue  # only this semester's classes are dropped
                        row = [row[0], "tobedeleted", DELTA_MODIFIED] + [""] * (len(header) - 3)
                    else:
                        column = header.index("metadata.economicallyDisadvantaged")
                        row[column] = "false" if row[column] == "true" else "true"
                    w.writerow(row)
                    n += 1
        out.rows[name] = n
        modes[name] = "delta"
    for name in ("orgs", "academicSessions", "courses", "classes", "users", "roles", "lineItems"):
        modes[name] = "absent"
    _manifest(root, modes)
    return out


def generate_template(region: Region, root: Path, *, students: int, seed: int) -> Export:
    """The plain-CSV template (students.csv, attempts.csv) with the same students."""
    root.mkdir(parents=True, exist_ok=True)
    plan = _plan(region)
    race_label = {
        "white": "White",
        "hispanicOrLatinoEthnicity": "Hispanic/Latino",
        "blackOrAfricanAmerican": "Black or African American",
        "asian": "Asian",
        "demographicRaceTwoOrMoreRaces": "Two or more races",
        "americanIndianOrAlaskaNative": "American Indian or Alaska Native",
        "nativeHawaiianOrOtherPacificIslander": "Native Hawaiian or Other Pacific Islander",
    }
    perkins = dict(zip((c for c, _ in PERKINS_COLUMNS), STUDENT_COLUMNS[10:19], strict=True))
    files = _Files(root, {"students": STUDENT_COLUMNS, "attempts": ATTEMPT_COLUMNS})
    n_att = 0
    for st, enrollments in _students(plan, students, seed):
        sid = f"SYN-{st.n:07d}"
        files.row(
            "students",
            {
                "student_id": sid,
                "school": st.school,
                "grade_level": str(st.grade),
                "race_ethnicity": race_label[st.race],
                "sex": "F" if st.sex == "female" else "M",
                **{perkins[c]: "yes" if v else "no" for c, v in st.flags.items()},
            },
        )
        for e in enrollments:
            files.row(
                "attempts",
                {
                    "student_id": sid,
                    "course": e.course,
                    "school_year": f"{e.end_year - 1}-{e.end_year % 100:02d}",
                    "season": ("FA", "SP")[e.season],
                    "grade": e.letter or "IP",
                    "dual_credit": "yes" if e.course in plan.college_courses else "",
                },
            )
            n_att += 1
    files.close()
    out = Export(rows=dict(files.counts), students=students, results=n_att)
    return out


# -- timing -----------------------------------------------------------------------------------


def _rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def _timed(f: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t = time.perf_counter()
    out = f(*args, **kwargs)
    return out, time.perf_counter() - t


def timed_import(snapshot: RosterSnapshot, ws: Path, **kwargs: Any) -> tuple[Any, dict[str, float]]:
    """``import_into_workspace``, with the seconds of each of its stages."""
    stages: dict[str, float] = {}
    outcome = import_into_workspace(snapshot, ws, timings=stages, **kwargs)
    return outcome, stages


def _report(
    label: str, export: Export, read_s: float, outcome: Any, stages: dict[str, float]
) -> None:
    total = read_s + sum(stages.values())
    print(f"  {label}: {export.total_rows:,} rows; {outcome.students:,} students written")
    print(f"    read            {read_s:8.1f} s  ({export.total_rows / read_s:,.0f} rows/s)")
    for name, s in stages.items():
        print(f"    {name:<40} {s:8.1f} s")
    print(
        f"    total           {total:8.1f} s  ({export.total_rows / total:,.0f} rows/s, "
        f"{export.results / total:,.0f} results/s); peak memory so far {_rss_gb():.2f} GB"
    )


_FLOOR = """
import sys, time, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")  # a slow query's bar would go to stdout
t = time.perf_counter()
n = 0
for i, path in enumerate(sys.argv[1:]):
    con.execute(
        f"CREATE TABLE t{i} AS SELECT row_number() OVER () + 1 AS line, * "
        "FROM read_csv(?, all_varchar = true, header = true)",
        [path],
    )
    n += con.execute(f"SELECT count(*) FROM t{i}").fetchone()[0]
print(time.perf_counter() - t, n)
"""


def duckdb_floor(root: Path) -> tuple[float, int, float]:
    """The peer: a plain DuckDB ``read_csv`` of every file of the export (all text, a line
    number per row, into tables), in a process of its own: (seconds, rows, peak GB)."""
    files = [str(p) for p in sorted(root.glob("*.csv")) if p.name != "manifest.csv"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, "-c", _FLOOR, *files], check=True, capture_output=True, text=True
    ).stdout.split()[-2:]
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return float(out[0]), int(out[1]), peak / 1024 / 1024


def _rows_of(root: Path) -> Export:
    """The row counts of an export kept by an earlier run (``--exports``)."""
    out = Export()
    for path in sorted(root.glob("*.csv")):
        if path.name == "manifest.csv":
            continue
        with path.open("rb") as fh:
            out.rows[path.stem] = max(sum(1 for _ in fh) - 1, 0)
    out.students = out.rows.get("users", out.rows.get("students", 0))
    out.results = out.rows.get("results", out.rows.get("attempts", 0))
    out.enrollments = out.rows.get("enrollments", 0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--students", type=int, default=10_000)
    ap.add_argument(
        "--state", action="store_true", help="1,000,000 students (about 20,000,000 results)"
    )
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--delta-share", type=float, default=0.01)
    ap.add_argument("--keep", type=Path, help="write the generated exports here and keep them")
    ap.add_argument(
        "--exports",
        type=Path,
        help="use the exports an earlier run wrote with --keep (same --students, --seed)",
    )
    ap.add_argument(
        "--formats",
        default="oneroster,template",
        help="which exports to import: oneroster, template or both (comma-separated)",
    )
    ap.add_argument(
        "--no-again",
        action="store_true",
        help="skip importing the same files a second time (at state scale, most of an hour)",
    )
    args = ap.parse_args()
    n = 1_000_000 if args.state else args.students
    formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    region = build_region(students=0)
    tmp = Path(tempfile.mkdtemp(prefix="careerpaths-bench-import-"))
    base = args.exports or args.keep or tmp
    try:
        t = time.perf_counter()
        if args.exports:
            export, delta = _rows_of(base / "oneroster"), _rows_of(base / "oneroster-delta")
            template = _rows_of(base / "template") if (base / "template").is_dir() else Export()
            print(f"exports of {export.students:,} students read from {base}")
        else:
            export = generate_oneroster(region, base / "oneroster", students=n, seed=args.seed)
            delta = generate_oneroster_delta(
                base / "oneroster",
                base / "oneroster-delta",
                share=args.delta_share,
                seed=args.seed + 1,
            )
            template = (
                generate_template(region, base / "template", students=n, seed=args.seed)
                if "template" in formats
                else Export()
            )
            print(
                f"generated (synthetic) {n:,} students: OneRoster 1.2 {export.total_rows:,} rows "
                f"({export.enrollments:,} enrollments, {export.results:,} results), delta "
                f"{delta.total_rows:,} rows, template {template.total_rows:,} rows, in "
                f"{time.perf_counter() - t:.1f} s"
            )
        baseline_gb = _rss_gb()
        for label, reader, src, exp in (
            ("OneRoster 1.2 bulk", read_oneroster, base / "oneroster", export),
            ("plain-CSV template", read_student_csv, base / "template", template),
        ):
            if label.split()[0].lower().replace("plain-csv", "template") not in formats:
                continue
            ws = tmp / f"ws-{label.split()[0].lower()}"
            write_workspace(region, ws)
            gc.collect()
            floor_s, floor_rows, floor_gb = duckdb_floor(src)
            snapshot, read_s = _timed(reader, src)
            outcome, stages = timed_import(snapshot, ws, now=NOW, as_of=AS_OF)
            _report(label, exp, read_s, outcome, stages)
            total = read_s + sum(stages.values())
            print(
                f"    side by side: careerpaths read {read_s:.1f} s, whole import {total:.1f} s; "
                f"plain DuckDB read_csv of the same files {floor_s:.1f} s ({floor_rows:,} rows, "
                f"peak {floor_gb:.2f} GB) -> read {read_s / floor_s:.0f}x, "
                f"import {total / floor_s:.0f}x the floor"
            )
            del snapshot, outcome  # as the command line does: one import's records at a time
            gc.collect()
            if not args.no_again:
                again, again_read = _timed(reader, src)
                outcome, stages = timed_import(again, ws, now=NOW, as_of=AS_OF)
                assert outcome.plan.empty and not outcome.applied, (
                    "a second identical import changed something"
                )
                print(
                    f"    same import again: read {again_read:.1f} s + import "
                    f"{sum(stages.values()):.1f} s, nothing changed ({outcome.plan.total} changes)"
                )
                print("      " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
                del again, outcome
                gc.collect()
            if label.startswith("OneRoster"):
                snap, d_read = _timed(read_oneroster, base / "oneroster-delta")
                outcome, stages = timed_import(snap, ws, now=DELTA_NOW, as_of=AS_OF)
                counts = {k: v for k, v in outcome.plan.counts().items() if v}
                print(
                    f"    delta ({delta.total_rows:,} rows): read {d_read:.1f} s + import "
                    f"{sum(stages.values()):.1f} s; applied={outcome.applied}, changes {counts}"
                )
                print("      " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
                del snap, outcome
        size = (
            sum(f.stat().st_size for f in (tmp / "ws-oneroster" / "students").iterdir())
            if (tmp / "ws-oneroster" / "students").is_dir()
            else 0
        )
        grown = _rss_gb() - baseline_gb
        print(
            f"  peak memory {_rss_gb():.2f} GB ({grown:.2f} GB over the process before the "
            f"imports); workspace students/ {size / 1024**3:.1f} GB"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
