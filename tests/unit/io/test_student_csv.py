"""The plain-CSV student template: reading it, bad input, and the students it becomes."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from careerpaths.core.model import Region
from careerpaths.demo.region import build_region
from careerpaths.io.roster import Kind, Mode, RecordStatus, RosterError, RosterState, to_students
from careerpaths.io.roster_merge import apply, merge
from careerpaths.io.student_csv import read_student_csv

DATA = Path(__file__).parents[2] / "data" / "student_csv"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def region() -> Region:
    return build_region(students=0)


def template(tmp_path: Path) -> Path:
    dst = tmp_path / "template"
    shutil.copytree(DATA, dst)
    return dst


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(root: Path, mode: Mode = Mode.BULK) -> list[str]:
    with pytest.raises(RosterError) as exc:
        read_student_csv(root, mode=mode)
    return [str(e) for e in exc.value.errors]


def test_reads_the_template() -> None:
    snap = read_student_csv(DATA)
    assert snap.source == "csv"
    assert snap.modes == {
        Kind.STUDENT: Mode.BULK,
        Kind.DEMOGRAPHICS: Mode.BULK,
        Kind.ATTEMPT: Mode.BULK,
        Kind.TRANSCRIPT: Mode.BULK,
    }
    assert [r.sourced_id for r in snap.of(Kind.ATTEMPT)] == [
        "SYN-910001|CRENG-100A|2023-24|FA",
        "SYN-910001|PSY-111|2025-26|FA",
        "SYN-910002|MAT-156|2025-26|SP",
    ]
    assert [r.sourced_id for r in snap.of(Kind.TRANSCRIPT)] == ["KCC-2025SU-0001"]


def test_the_template_becomes_students_with_attempts(region: Region) -> None:
    state = apply(RosterState(), merge(RosterState(), read_student_csv(DATA), now=NOW))
    out = to_students(state, region, as_of=date(2026, 3, 1))
    assert out.skipped == ()
    by_id = {s.id: s for s in out.students}
    a = by_id["SYN-910001"]
    assert (a.school, a.grade_level, a.cohort, a.pathway) == (
        "kennedy-hs",
        11,
        2027,
        "health-nursing",
    )
    assert dict(a.scores) == {"placement.math": 250.0, "gpa": 3.1}
    assert a.demographics["race_ethnicity"] == "Hispanic/Latino"
    assert a.demographics["economically_disadvantaged"] == "Y"
    assert [(x.course, x.term.id, x.grade, x.dual_credit) for x in a.attempts] == [
        ("CRENG-100A", "G9-FA", "A-", False),
        ("PSY-111", "G11-FA", "B+", True),
    ]
    b = by_id["SYN-910002"]
    # the 2024-25 summer is the summer after grade 11 (he is in grade 12 in 2025-26)
    assert [(x.course, x.term.id, x.grade, x.dual_credit, x.school_year) for x in b.attempts] == [
        ("ENG-105", "G11-SU", "A", True, "2024-25"),
        ("MAT-156", "G12-SP", "IP", True, "2025-26"),
    ]
    assert by_id["SYN-910003"].cohort == 2028  # computed from the grade level


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("students.csv", "kennedy-hs,11,", "kennedy-hs,8,",
         "students.csv:2:3: '8' is not a grade 9-14"),
        ("students.csv", "SYN-910003,", "SYN-910001,",
         "students.csv:4:1: 'SYN-910001' is listed twice (first on line 2)"),
        ("students.csv", ",Asian,X,", ",Martian,X,",
         "students.csv:4:9: 'Martian' is not one of Hispanic/Latino; Two or more races; "
         "American Indian or Alaska Native; Asian; Black or African American; "
         "Native Hawaiian or Other Pacific Islander; White"),
        ("students.csv", "placement.math=250;", "placement.math=high;",
         "students.csv:2:6: 'placement.math=high' is not a score like placement.math=250"),
        ("students.csv", "F,yes,no", "F,maybe,no",
         "students.csv:2:11: 'maybe' is not yes or no"),
        ("attempts.csv", "2023-24,FA", "2023-25,FA",
         "attempts.csv:2:4: '2023-24' is not a school year like 2025-26".replace(
             "'2023-24'", "'2023-25'")),
        ("attempts.csv", "2023-24,FA", "2023-24,WI",
         "attempts.csv:2:5: 'WI' is not FA, SP or SU"),
        ("attempts.csv", "FA,A-,1", "FA,E,1",
         "attempts.csv:2:6: 'E' is not a grade (A+ to F, P, NP, W, IP)"),
        ("attempts.csv", "FA,A-,1", "FA,A-,-1",
         "attempts.csv:2:7: '-1' is not a number of credits from 0 to 30"),
        # issue 12 item 6: a huge number is out of the domain, not infinity later
        ("attempts.csv", "FA,A-,1", "FA,A-,1e308",
         "attempts.csv:2:7: '1e308' is not a number of credits from 0 to 30"),
        ("attempts.csv", "FA,A-,1", "FA,A-,inf",
         "attempts.csv:2:7: 'inf' is not a number of credits from 0 to 30"),
        ("students.csv", "gpa=3.6", "gpa=7.5",
         "students.csv:3:6: 'gpa=7.5': gpa must be a GPA from 0 to 5"),
        ("students.csv", "placement.math=250", "placement.math=-250",
         "students.csv:2:6: 'placement.math=-250': placement.math must be a score from 0 to "
         "10,000"),
        ("attempts.csv", ",SYN-910001,CRENG-100A", ",SYN-999999,CRENG-100A",
         "attempts.csv:2:2: student 'SYN-999999' is not in students.csv"),
        ("attempts.csv", "CRENG-100A", "English 9",
         "attempts.csv:2:3: 'English 9' is not a course code (letters then a number, e.g. "
         "BIO-168 or MATH 1)"),
        ("college_transcripts.csv", "SU,A,3", "SU,,3",
         "college_transcripts.csv:2:7: grade is required"),
        ("students.csv", "Asian,X,,,,,,,,,,,", "Asian,X,,,,,,,,,,,2026-02-30",
         "students.csv:4:21: '2026-02-30' is not an ISO 8601 date-time (2025-08-20T14:03:00Z)"),
    ],
)  # fmt: skip
def test_bad_rows_are_reported_with_file_line_column(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    root = template(tmp_path)
    edit(root / file, old, new)
    assert errors_of(root) == [expected]


def test_duplicate_attempts_by_natural_key(tmp_path: Path) -> None:
    root = template(tmp_path)
    path = root / "attempts.csv"
    path.write_text(path.read_text() + ",SYN-910001,PSY-111,2025-26,FA,B,3,yes,kirkwood,,\n")
    assert errors_of(root) == [
        "attempts.csv:5:3: 'SYN-910001|PSY-111|2025-26|FA' is listed twice (first on line 3)"
    ]


def test_missing_and_extra_columns(tmp_path: Path) -> None:
    root = template(tmp_path)
    edit(root / "students.csv", "student_id,school,", "id,school,")
    errs = errors_of(root)
    assert errs[0] == "students.csv:1: required column 'student_id' is missing"
    assert errs[1] == "students.csv:1:1: unknown column 'id' ignored"


def test_students_csv_is_required_in_bulk(tmp_path: Path) -> None:
    root = template(tmp_path)
    (root / "students.csv").unlink()
    assert errors_of(root) == ["students.csv: the file is missing (it is required)"]


def test_bom_and_excel_cells_are_fine(tmp_path: Path) -> None:
    root = template(tmp_path)
    path = root / "students.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b",11,", b',="11",'))
    assert len(read_student_csv(root).of(Kind.STUDENT)) == 3


def test_non_utf8_and_truncated_and_huge(tmp_path: Path) -> None:
    root = template(tmp_path)
    (root / "students.csv").write_bytes(
        (root / "students.csv").read_bytes().replace(b"Asian", b"As\xefan")
    )
    text = (root / "attempts.csv").read_text()
    (root / "attempts.csv").write_text(text[: text.index("B+")])
    edit(root / "college_transcripts.csv", "KCC-2025SU-0001", "K" * 10_000_000)
    assert errors_of(root) == [
        "attempts.csv:3:7: the row has 6 cells but the header has 11 (is the file truncated?)",
        "college_transcripts.csv:2:1: the cell is 10,000,000 characters long",
        "students.csv:4:34: the file is not UTF-8 text (save it as CSV UTF-8)",
    ]


def test_delta_needs_status_and_date_and_checks_references_later(tmp_path: Path) -> None:
    root = tmp_path / "delta"
    root.mkdir()
    (root / "attempts.csv").write_text(
        "student_id,course,school_year,season,grade,status,date_last_modified\n"
        "SYN-910001,PSY-111,2025-26,FA,A,active,2026-01-10T00:00:00Z\n"
        "SYN-910001,CRENG-100A,2023-24,FA,,tobedeleted,2026-01-10T00:00:00Z\n"
        "SYN-910001,ENG-105,2025-26,SP,,,\n"
    )
    assert errors_of(root, Mode.DELTA) == [
        "attempts.csv:4:6: status is required in a delta import (active or tobedeleted)",
        "attempts.csv:4:7: date_last_modified is required in a delta import",
    ]
    edit(root / "attempts.csv", "SP,,,", "SP,,active,2026-01-10T00:00:00Z")
    snap = read_student_csv(root, mode=Mode.DELTA)
    assert [r.status for r in snap.records] == [
        RecordStatus.ACTIVE,
        RecordStatus.TOBEDELETED,
        RecordStatus.ACTIVE,
    ]
    assert (
        next(iter(snap.records)).refs[0].kind is Kind.STUDENT
    )  # checked against the state by merge
