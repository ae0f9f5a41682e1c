from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from careerpaths.core.model import Attempt, Student
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.workspace import load_workspace, write_workspace
from tests.factories import mini_region, t


def region_with_students():  # type: ignore[no-untyped-def]
    s = Student(
        id="SYN-000001",
        school="hs1",
        grade_level=12,
        cohort=2027,
        pathway="it",
        scores=MappingProxyType({"placement.math": 250.0, "gpa": 3.25}),
        flags=frozenset({"proficient.reading"}),
        demographics=MappingProxyType({"sex": "F", "english_learner": "N"}),
        attempts=(
            Attempt("HSE-101", t("G9-FA"), "A", 1, school_year="2023-24"),
            Attempt("CIS-101", t("G11-FA"), "B+", 3, True, "cc", "2025-26"),
            Attempt("CIS-102", t("G12-FA"), "IP", 0, True, "cc", "2026-27"),
        ),
        synthetic=True,
    )
    return mini_region(students={s.id: s})


def test_round_trip_loses_nothing(tmp_path: Path) -> None:
    region = region_with_students()
    write_workspace(region, tmp_path / "ws")
    loaded = load_workspace(tmp_path / "ws")
    assert loaded == region
    write_workspace(loaded, tmp_path / "ws2")
    for f in sorted((tmp_path / "ws").rglob("*")):
        if f.is_file():
            twin = tmp_path / "ws2" / f.relative_to(tmp_path / "ws")
            assert twin.read_text() == f.read_text(), f


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write_workspace(region_with_students(), tmp_path / "ws")
    return tmp_path / "ws"


def errors_of(ws: Path) -> list[str]:
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    return [str(e) for e in info.value.errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_spreadsheet_habits_are_accepted(ws: Path) -> None:
    courses = ws / "courses.csv"
    text = courses.read_text()
    lines = text.splitlines()
    # a BOM, a blank row, trailing spaces, and an Excel-forced text cell
    lines[1] = lines[1].replace("CIS-101,", '="CIS-101"  ,', 1)
    mangled = "\ufeff" + "\n".join([lines[0], "", *[ln + "  " for ln in lines[1:]], ",,,"]) + "\n"
    courses.write_text(mangled, encoding="utf-8")
    assert load_workspace(ws) == region_with_students()


def test_requisite_syntax_error_points_at_file_line_and_column(ws: Path) -> None:
    edit(ws / "courses.csv", "CIS-101 or CIS-102", "CIS-101 or or CIS-102")
    (err,) = errors_of(ws)
    line = next(
        i for i, ln in enumerate((ws / "courses.csv").read_text().splitlines(), 1) if "or or" in ln
    )
    assert err.startswith(f"courses.csv:{line}:14: prerequisites: unexpected 'or'")
    assert "at character 12" in err


def test_every_error_is_reported_and_nothing_loads(ws: Path) -> None:
    edit(ws / "courses.csv", ",3,semester_hour,", ",three,semester_hour,")
    edit(ws / "institutions.csv", "district,District,district", "district,District,distrct")
    edit(ws / "pathways/it.yaml", "- CIS-130", "- CIS-999")
    errs = errors_of(ws)
    assert any("courses.csv:" in e and "'three' is not a number of credits" in e for e in errs)
    assert any("institutions.csv:" in e and "'distrct' is not a kind" in e for e in errs)
    assert any(
        e.startswith("pathways/it.yaml:") and "CIS-999 is not in courses.csv" in e for e in errs
    )


def test_yaml_schema_errors_carry_line_and_column(ws: Path) -> None:
    edit(ws / "credentials/cert.yaml", "- course: CIS-102", "- cours: CIS-102")
    (err,) = errors_of(ws)
    lines = (ws / "credentials/cert.yaml").read_text().splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if "cours:" in ln)
    assert err.startswith(f"credentials/cert.yaml:{line}:")
    assert "not a valid entry" in err


def test_yaml_syntax_error(ws: Path) -> None:
    (ws / "pathways/it.yaml").write_text("id: it\nname: [unclosed\n")
    (err,) = errors_of(ws)
    assert err.startswith("pathways/it.yaml:3:1: YAML syntax")


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("courses.csv", b"code,title\n\xff\xfe,x\n", "courses.csv:2:1: the file is not UTF-8"),
        ("courses.csv", b"", "courses.csv:1: the file is empty"),
        (
            "courses.csv",
            b'code,title,provider,credits,unit,level\n"A-1,x\n',
            "the CSV is malformed",
        ),
        (
            "institutions.csv",
            b"id,name,kind,color\n",
            "institutions.csv:1:4: unknown column 'color'",
        ),
        (
            "students/attempts.csv",
            b"student,course,term,grade\nSYN-000001,CIS-101,G11-XX,A\n",
            "students/attempts.csv:2:3: 'G11-XX' is not a term like G10-SP",
        ),
        (
            "students/attempts.csv",
            b"student,course,term,grade\nSYN-000002,CIS-101,G11-FA,A\n",
            "students/attempts.csv:2:1: student 'SYN-000002' is not in students.csv",
        ),
        (
            "students/attempts.csv",
            b"student,course,term,grade\nSYN-000001,CIS-101,G11-FA,Q\n",
            "students/attempts.csv:2:4: 'Q' is not a grade",
        ),
    ],
)
def test_bad_files(ws: Path, file: str, content: bytes, expected: str) -> None:
    (ws / file).write_bytes(content)
    errs = errors_of(ws)
    assert any(expected in e for e in errs), errs


def test_missing_files_and_duplicates(ws: Path) -> None:
    (ws / "institutions.csv").unlink()
    text = (ws / "courses.csv").read_text().splitlines()
    (ws / "courses.csv").write_text("\n".join([*text, text[-1]]) + "\n")
    errs = errors_of(ws)
    assert "institutions.csv: the file is missing" in errs
    assert any("is listed twice (first on line" in e for e in errs)


def test_write_is_atomic(tmp_path: Path) -> None:
    region = region_with_students()
    write_workspace(region, tmp_path / "ws")
    broken = replace(region, pathways={"it": None})  # type: ignore[dict-item]
    with pytest.raises(AttributeError):
        write_workspace(broken, tmp_path / "ws")
    assert load_workspace(tmp_path / "ws") == region
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]
