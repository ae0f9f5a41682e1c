"""The Curricular Analytics CSV format: reading, errors with positions, round trips."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.cli.metrics_cmd import (
    MetricsInputError,
    compute_metrics_for_csv,
    render_csv,
    render_json,
    render_table,
)
from careerpaths.core.metrics import CurriculumGraph, Edge
from careerpaths.io.curricular_analytics import (
    CaCourse,
    CsvFormatError,
    CurricularAnalyticsFile,
    RawSection,
    document_from_graph,
    parse_csv,
    read_csv,
    write_csv,
)

DATA = Path(__file__).parents[2] / "data" / "curricular_analytics"

HEADER = "Curriculum,UBW\nInstitution,ACME\nDegree Type,AA\nSystem Type,semester\nCIP,50.0712\n"
COLUMNS = (
    "Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,"
    "Strict-Corequisites,Credit Hours,Institution,Canonical Name"
)


def curriculum(*rows: str, header: str = HEADER) -> str:
    return header + "Courses\n" + COLUMNS + "\n" + "\n".join(rows) + "\n"


def error_of(text: str, tmp_path: Path, name: str = "bad.csv") -> CsvFormatError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CsvFormatError) as info:
        read_csv(path)
    assert info.value.file == str(path)
    return info.value


# --- reading --------------------------------------------------------------------------


def test_reads_the_ubw_curriculum() -> None:
    doc = read_csv(DATA / "ubw_curriculum.csv")
    assert (doc.curriculum, doc.institution, doc.degree_type, doc.system_type, doc.cip) == (
        "Underwater Basket Weaving",
        "ACME State University",
        "AA",
        "semester",
        "445786",
    )
    assert not doc.is_degree_plan and doc.terms == {}
    assert doc.graph.ids == tuple("12345678")
    assert doc.courses[2] == CaCourse(
        id="3",
        name="Basic Basket Forms",
        prefix="BW",
        number="111",
        prerequisites=("1", "2"),
        corequisites=("4",),
        credit_hours=3.0,
        institution="ACME State University",
        canonical_name="Baskets I",
    )
    assert Edge("4", "3", "coreq") in doc.graph.edges
    totals = doc.metrics().totals.as_dict()
    assert totals == {"delay": 19, "blocking": 8, "centrality": 9, "complexity": 27}


def test_reads_a_quarter_system_degree_plan_with_additional_courses() -> None:
    doc = read_csv(DATA / "ubw_plan_quarter.csv")
    assert doc.is_degree_plan and doc.degree_plan == "Precalc Ready Students"
    assert doc.system_type == "quarter" and doc.graph.system == "quarter"
    assert dict(doc.terms) == {
        "1": 1, "2": 1, "3": 2, "4": 2, "5": 3, "6": 3, "7": 3, "8": 4, "9": 1
    }  # fmt: skip
    assert [c.id for c in doc.courses if c.additional] == ["9"]
    assert doc.courses[-1].credit_hours == 4.5
    assert Edge("4", "3", "strict_coreq") in doc.graph.edges
    m = doc.metrics()  # the additional course is part of the graph, as in the reference
    assert m.course("9").blocking == 1
    assert [c.complexity for c in m.courses] == [3.3, 3.3, 2.7, 4.0, 2.0, 1.3, 0.7, 1.3, 2.0]
    assert m.totals.as_dict() == {"delay": 22, "blocking": 9, "centrality": 9, "complexity": 20.6}


def test_reads_what_spreadsheets_write() -> None:
    # BOM, CRLF, blank rows, a comment row, spaces around values, keywords in other
    # letter cases, reordered columns, an unknown column, ="..." cells, 2.0 as an id,
    # a trailing ';' and a learning-outcomes section.
    raw = (DATA / "excel_export.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    doc = read_csv(DATA / "excel_export.csv")
    assert doc.curriculum == "Underwater Basket Weaving"
    assert doc.degree_type == "AA"
    assert doc.system_type == "semester"
    assert doc.cip == "01.0101"
    assert [c.id for c in doc.courses] == ["1", "2", "3"]
    assert doc.courses[0].name == "Introduction to Baskets"
    assert doc.courses[0].number == "0101"
    assert doc.courses[0].extra == (("Notes", "first course"),)
    assert doc.courses[1].prerequisites == ("1",)
    assert doc.courses[2].name == "Weaving, Advanced"
    assert doc.courses[2].prerequisites == ("2",)
    assert doc.courses[2].extra == (("Notes", 'needs "wet" room'),)
    assert doc.other_sections == (
        RawSection(
            "Course Learning Outcomes",
            (
                ("Course ID", "Learning Outcome ID", "Learning Outcome", "Description",
                 "Requisites", "Hours"),
                ("1", "101", "Weave", "Weave a basket", "", "3"),
            ),
        ),
    )  # fmt: skip


def test_metric_columns_are_ignored_when_read() -> None:
    text = curriculum("1,A,,,,,,3,,,99,99,99,99", "2,B,,,1,,,3,,,1,1,1,1").replace(
        "Canonical Name", "Canonical Name,Complexity,Blocking,Delay,Centrality"
    )
    doc = parse_csv(text)
    assert doc.courses[0].extra == ()
    assert doc.metrics().course("1").blocking == 1


# --- errors: file, line, column, reason -------------------------------------------------


def test_error_str_is_file_line_column_reason() -> None:
    e = CsvFormatError("plan.csv", 12, 3, "something is wrong")
    assert str(e) == "plan.csv:12:3: something is wrong"
    assert (e.file, e.line, e.column, e.reason) == ("plan.csv", 12, 3, "something is wrong")
    assert str(pickle.loads(pickle.dumps(e))) == str(e)


def test_missing_curriculum_header_row(tmp_path: Path) -> None:
    text = curriculum("1,A,,,,,,3,,").replace("Curriculum,UBW\n", "")
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (1, 1)
    assert "missing the 'Curriculum,<name>' header row" in e.reason
    assert str(e) == f"{tmp_path / 'bad.csv'}:1:1: {e.reason}"


def test_missing_column_header_row(tmp_path: Path) -> None:
    text = HEADER + "Courses\n1,Intro,BW,101,,,,3,,\n"
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (7, 1)
    assert "no 'Course ID' column" in e.reason


def test_section_without_any_row_after_it(tmp_path: Path) -> None:
    e = error_of(HEADER + "Courses\n", tmp_path)
    assert (e.line, e.column) == (7, 1)
    assert "must be followed by a column header row" in e.reason


def test_unknown_requisite_id(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", "2,B,,,1;7,,,3,,"), tmp_path)
    assert (e.line, e.column) == (9, 5)
    assert e.reason == "Prerequisites: no course has the Course ID '7'"


def test_unknown_strict_corequisite_id(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", "2,B,,,,,x,3,,"), tmp_path)
    assert (e.line, e.column) == (9, 7)
    assert "Strict-Corequisites" in e.reason and "'x'" in e.reason


def test_non_numeric_credit_hours(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", "2,B,,,,,,three,,"), tmp_path)
    assert (e.line, e.column) == (9, 8)
    assert e.reason == "Credit Hours must be a number, not 'three'"


def test_negative_credit_hours(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,-3,,"), tmp_path)
    assert (e.line, e.column) == (8, 8)


def test_duplicate_course_id(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", "2,B,,,,,,3,,", "02,C,,,,,,3,,"), tmp_path)
    assert (e.line, e.column) == (10, 1)
    assert e.reason == "duplicate Course ID '2' (first on line 9)"


def test_empty_course_id(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", ",B,,,,,,3,,"), tmp_path)
    assert (e.line, e.column) == (9, 1)
    assert "Course ID is empty" in e.reason


def test_positions_count_blank_rows_and_the_bom(tmp_path: Path) -> None:
    text = "\ufeff" + curriculum("", "1,A,,,,,,3,,", ",,,,,,,,,", "", "2,B,,,,,,3 hours,,")
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (12, 8)


def test_excel_text_cells_in_errors(tmp_path: Path) -> None:
    e = error_of(curriculum('1,A,,,,,,"=""x""",,'), tmp_path)
    assert (e.line, e.column) == (8, 8)
    assert e.reason == "Credit Hours must be a number, not 'x'"


def test_an_unknown_system_type_is_read_as_semester_with_a_warning_not_refused() -> None:
    doc = parse_csv(curriculum("1,A,,,,,,3,,").replace("semester", "weekly"), file="w.csv")
    assert doc.system_type == "semester"
    [warning] = doc.warnings
    assert (warning.line, warning.column) == (4, 2)
    assert "neither 'semester' nor 'quarter'" in warning.reason


def test_term_in_a_curriculum(tmp_path: Path) -> None:
    text = curriculum("1,A,,,,,,3,,,2").replace("Canonical Name", "Canonical Name,Term")
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (8, 11)
    assert "a curriculum has no terms" in e.reason


def test_degree_plan_course_without_term(tmp_path: Path) -> None:
    header = "Curriculum,UBW\nDegree Plan,Four terms\n"
    text = curriculum("1,A,,,,,,3,,,1", "2,B,,,,,,3,,,", header=header).replace(
        "Canonical Name", "Canonical Name,Term"
    )
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (6, 11)
    assert e.reason == "course '2' has no Term (every course of a degree plan needs one)"


def test_degree_plan_without_term_column(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", header="Curriculum,UBW\nDegree Plan,P\n"), tmp_path)
    assert (e.line, e.column) == (4, 11)
    assert "needs a 'Term' column" in e.reason


def test_additional_courses_in_a_curriculum(tmp_path: Path) -> None:
    text = curriculum("1,A,,,,,,3,,") + "Additional Courses\n" + COLUMNS + "\n2,B,,,,,,3,,\n"
    e = error_of(text, tmp_path)
    assert (e.line, e.column) == (9, 1)
    assert "only a degree plan" in e.reason


def test_value_beyond_the_last_column(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,,surprise"), tmp_path)
    assert (e.line, e.column) == (8, 11)


def test_header_row_after_the_sections(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,") + "Institution,Other\n", tmp_path)
    assert (e.line, e.column) == (9, 1)
    assert "must come before the sections" in e.reason


def test_repeated_header_row(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,", header=HEADER + "CIP,11.0101\n"), tmp_path)
    assert (e.line, e.column) == (6, 1)
    assert e.reason == "'CIP' is given twice (first on line 5)"


def test_duplicate_column(tmp_path: Path) -> None:
    e = error_of(curriculum("1,A,,,,,,3,,").replace("Prefix", "Number"), tmp_path)
    assert (e.line, e.column) == (7, 4)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(curriculum("1,Caf\xe9,,,,,,3,,").encode("latin-1"))
    with pytest.raises(CsvFormatError) as info:
        read_csv(path)
    assert (info.value.line, info.value.column) == (8, 6)
    assert "UTF-8" in info.value.reason


def test_empty_file_and_no_courses(tmp_path: Path) -> None:
    assert (error_of("", tmp_path).line, error_of("\n\n", tmp_path).column) == (1, 1)
    e = error_of(HEADER, tmp_path)
    assert e.line == 6 and "no 'Courses' section" in e.reason


# --- writing and round trips ------------------------------------------------------------


@pytest.mark.parametrize("name", ["ubw_curriculum.csv", "ubw_plan_quarter.csv", "excel_export.csv"])
def test_read_write_read_loses_nothing(name: str, tmp_path: Path) -> None:
    doc = read_csv(DATA / name)
    out = tmp_path / name
    text = write_csv(doc, out)
    assert out.read_text(encoding="utf-8") == text
    again = read_csv(out)
    assert again == doc
    assert write_csv(again) == text  # and the writer is stable


def test_write_with_metrics_adds_the_reference_columns() -> None:
    doc = read_csv(DATA / "ubw_curriculum.csv")
    text = write_csv(doc, metrics=True)
    lines = text.splitlines()
    assert lines[6].endswith("Canonical Name,Complexity,Blocking,Delay,Centrality")
    assert (
        lines[7] == "1,Introduction to Baskets,BW,101,,,,3,ACME State University,Baskets I,5,2,3,0"
    )
    assert lines[9].endswith("Baskets I,4,1,3,9")  # Basic Basket Forms
    assert parse_csv(text) == doc  # metrics are derived: reading them back changes nothing


def test_write_degree_plan_with_metrics() -> None:
    doc = read_csv(DATA / "ubw_plan_quarter.csv")
    lines = write_csv(doc, metrics=doc.metrics()).splitlines()
    assert lines[7].endswith(",Canonical Name,Term,Complexity,Blocking,Delay,Centrality")
    assert lines[8] == "1,Introduction to Baskets,BW,101,,,,3,,,1,3.3,2,3,0"
    assert lines[16] == "Additional Courses,,,,,,,,,,,,,,"
    assert lines[18] == "9,Precalculus w/ Basketry Applications,MA,110,,,,4.5,,,1,2.0,1,2,0"


def test_document_from_graph() -> None:
    g = CurriculumGraph(
        ids=("10", "20", "30"),
        names={"10": "Alpha", "20": "Beta, the second", "30": "Gamma"},
        edges=(Edge("10", "20"), Edge("10", "30", "coreq"), Edge("20", "30", "strict_coreq")),
        system="quarter",
    )
    doc = document_from_graph(g, curriculum="Greek", credit_hours={"10": 3})
    back = parse_csv(write_csv(doc))
    assert back == doc
    assert back.graph == g
    plan = document_from_graph(
        g, curriculum="Greek", degree_plan="Fast", terms={"10": 1, "20": 2, "30": 2}
    )
    assert parse_csv(write_csv(plan)).terms == {"10": 1, "20": 2, "30": 2}
    with pytest.raises(ValueError, match="no term"):
        document_from_graph(g, curriculum="Greek", degree_plan="Fast", terms={"10": 1})


_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=12
).map(str.strip)
_id = st.one_of(
    st.integers(0, 10_000).map(str),
    st.from_regex(r"[A-Z]{2,4}-[0-9]{3}[A-Z]?", fullmatch=True),
)


@st.composite
def documents(draw: st.DrawFn) -> CurricularAnalyticsFile:
    ids = draw(st.lists(_id, min_size=1, max_size=8, unique=True))
    plan = draw(st.booleans())
    courses = []
    for i, cid in enumerate(ids):
        earlier = st.lists(st.sampled_from(ids[:i]), unique=True, max_size=3) if i else st.just([])
        courses.append(
            CaCourse(
                id=cid,
                name=draw(_text),
                prefix=draw(_text),
                number=draw(_text),
                prerequisites=tuple(draw(earlier)),
                corequisites=tuple(draw(earlier)),
                strict_corequisites=tuple(draw(earlier)),
                credit_hours=draw(st.none() | st.floats(0, 20).map(lambda x: round(x, 2))),
                institution=draw(_text),
                canonical_name=draw(_text),
                term=draw(st.integers(1, 12)) if plan else None,
                additional=plan and draw(st.booleans()),
            )
        )
    return CurricularAnalyticsFile(
        curriculum=draw(_text.filter(bool)),
        courses=tuple(courses),
        institution=draw(_text),
        degree_type=draw(_text),
        system_type=draw(st.sampled_from(["semester", "quarter"])),
        cip=draw(st.sampled_from(["", "50.0712", "01.0101"])),
        degree_plan=draw(_text.filter(bool)) if plan else None,
    )


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(documents())
def test_write_then_read_is_the_identity(doc: CurricularAnalyticsFile) -> None:
    assert parse_csv(write_csv(doc)) == doc
    assert parse_csv(write_csv(doc, metrics=True)) == doc


# --- the metrics command's functions ---------------------------------------------------


def test_compute_and_render(tmp_path: Path) -> None:
    m = compute_metrics_for_csv(DATA / "ubw_curriculum.csv")
    data = json.loads(render_json(m))
    assert data["totals"] == {"delay": 19, "blocking": 8, "centrality": 9, "complexity": 27}
    assert data["courses"][2]["name"] == "Basic Basket Forms"
    rows = render_csv(m).splitlines()
    assert rows[0] == "Course ID,Course Name,Complexity,Blocking,Delay,Centrality"
    assert rows[3] == "3,Basic Basket Forms,4,1,3,9"
    assert rows[-1] == ",Total,27,8,19,9"
    table = render_table(m)
    assert "Basic Basket Forms" in table and "Total" in table and "27" in table
    assert "\x1b[" not in table


def test_compute_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "cycle.csv"
    bad.write_text(curriculum("1,A,,,2,,,3,,", "2,B,,,1,,,3,,"), encoding="utf-8")
    with pytest.raises(
        MetricsInputError, match=r"cycle\.csv: requisite cycle: 1 \(A\) → 2 \(B\) → 1 \(A\)"
    ):
        compute_metrics_for_csv(bad)
    bad.write_text(curriculum("1,A,,,9,,,3,,"), encoding="utf-8")
    with pytest.raises(MetricsInputError, match=r"cycle\.csv:8:5: "):
        compute_metrics_for_csv(bad)


# --- System Type as real files spell it (issue 13) ------------------------------------


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("semster", "semester"),
        ("Semesters", "semester"),
        ("sem", "semester"),
        ("quater", "quarter"),
        ("Qtr", "quarter"),
        ("trimester", "semester"),
    ],
)
def test_a_misspelled_system_type_is_read_as_the_reference_reads_it_with_a_warning(
    written: str, read_as: str
) -> None:
    header = HEADER.replace("System Type,semester", f"System Type,{written}")
    doc = parse_csv(curriculum("1,A,,,,,,3,,", header=header), file="real.csv")
    assert doc.system_type == read_as
    [warning] = doc.warnings
    assert (warning.file, warning.line, warning.column) == ("real.csv", 4, 2)
    assert repr(written) in warning.reason and read_as in warning.reason


@pytest.mark.parametrize("written", ["semester", "SEMESTER", "quarter", "Quarter", ""])
def test_the_two_spellings_need_no_warning(written: str) -> None:
    header = HEADER.replace("System Type,semester", f"System Type,{written}")
    doc = parse_csv(curriculum("1,A,,,,,,3,,", header=header))
    assert doc.system_type == (written.lower() or "semester")
    assert doc.warnings == ()


def test_metrics_of_a_semster_file_print_the_metrics_and_the_warning(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from careerpaths.cli.main import app

    path = tmp_path / "real.csv"
    header = HEADER.replace("System Type,semester", "System Type,semster")
    path.write_text(curriculum("1,A,,,,,,3,,", "2,B,,,1,,,3,,", header=header), "utf-8")
    result = CliRunner().invoke(app, ["metrics", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"careerpaths: warning: {path}:4:2: System Type 'semster' read as 'semester'" in (
        result.stderr
    )
    assert json.loads(result.stdout)["totals"]["delay"] == 4
