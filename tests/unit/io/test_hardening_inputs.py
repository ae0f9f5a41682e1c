"""Regression tests for issue 12 items 5 and 7: YAML alias bombs and deep requisites."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpaths.core.requisites import MAX_NESTING, RequisiteSyntaxError, parse
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.workspace import load_workspace, write_workspace
from careerpaths.io.yamldoc import YamlError, load_yaml_text
from tests.factories import mini_region

# 9 * 9 * ... : under 600 bytes, a billion-laughs expansion to 9**8 (43 million) strings.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, n in zip("abcdefg", "bcdefgh", strict=True)
)


def test_an_alias_bomb_is_refused_at_its_first_alias() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_text(BOMB, "form.yaml")
    err = info.value.error
    assert (err.file, err.line, err.column) == ("form.yaml", 2, 8)
    assert "aliases (*a) are not allowed" in err.reason


def test_deep_yaml_nesting_is_refused_with_a_position() -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_text("[" * 5000 + "]" * 5000, "deep.yaml")
    assert info.value.error.line == 1 and "nested more than" in info.value.error.reason


def test_oversized_yaml_is_refused() -> None:
    with pytest.raises(YamlError, match="larger than"):
        load_yaml_text("a: " + "x" * 2_000_000, "big.yaml")


def test_ordinary_yaml_still_reads() -> None:
    assert load_yaml_text("all_of:\n  - course: CIS-101\n", "x") == {
        "all_of": [{"course": "CIS-101"}]
    }


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    write_workspace(mini_region(), tmp_path / "ws")
    return tmp_path / "ws"


def test_a_workspace_credential_with_an_alias_bomb_names_file_and_line(ws: Path) -> None:
    (ws / "credentials" / "cert.yaml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    errs = [str(e) for e in info.value.errors]
    assert "credentials/cert.yaml:2:8: aliases (*a) are not allowed" in errs[0]


def test_the_validate_command_refuses_an_alias_bomb(ws: Path) -> None:
    from typer.testing import CliRunner

    from careerpaths.cli.main import app

    (ws / "pathways" / "it.yaml").write_text(BOMB, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(ws)])
    assert result.exit_code != 0
    assert "pathways/it.yaml:2:8" in result.output and "aliases" in result.output


def test_requisites_nested_a_thousand_deep_give_a_positioned_error() -> None:
    text = "(" * 1000 + "CIS-101" + ")" * 1000
    with pytest.raises(RequisiteSyntaxError) as info:
        parse(text)
    assert info.value.column == MAX_NESTING + 1
    assert "nested more than" in info.value.reason


def test_deep_requisites_in_the_workspace_are_a_finding_not_a_traceback(ws: Path) -> None:
    courses = ws / "courses.csv"
    lines = courses.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("prerequisites")
    cells = lines[2].split(",")
    cells[col] = "(" * 1000 + "CIS-101" + ")" * 1000
    lines[2] = ",".join(cells)
    courses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    (err,) = [str(e) for e in info.value.errors]
    assert err.startswith(f"courses.csv:3:{col + 1}: prerequisites: parentheses nested")


# --- item 6: numbers bounded by their domain ----------------------------------------


def test_course_credits_of_1e308_are_refused_with_a_position(ws: Path) -> None:
    courses = ws / "courses.csv"
    lines = courses.read_text(encoding="utf-8").splitlines()
    col = lines[0].split(",").index("credits")
    cells = lines[1].split(",")
    cells[col] = "1e308"
    lines[1] = ",".join(cells)
    courses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    (err,) = [str(e) for e in info.value.errors]
    assert err.startswith(f"courses.csv:2:{col + 1}: '1e308' is not a number of credits")


def test_a_requirement_of_infinite_credits_is_refused(ws: Path) -> None:
    path = ws / "credentials" / "cert.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- credits: 6", "- credits: .inf"), encoding="utf-8")
    with pytest.raises(WorkspaceError) as info:
        load_workspace(ws)
    (err,) = [str(e) for e in info.value.errors]
    assert err.startswith("credentials/cert.yaml:") and "credits" in err


def test_curricular_analytics_credit_hours_are_bounded() -> None:
    from careerpaths.io.curricular_analytics import CsvFormatError, parse_csv

    text = (
        "Curriculum,Test\nInstitution,X\nDegree Type,AS\nSystem Type,semester\nCIP,11.0101\n"
        "Courses\nCourse ID,Course Name,Prefix,Number,Prerequisites,Corequisites,"
        "Strict-Corequisites,Credit Hours,Institution,Canonical Name\n"
        "1,Intro,CIS,101,,,,1e308,,\n"
    )
    with pytest.raises(CsvFormatError) as info:
        parse_csv(text, file="ca.csv")
    assert info.value.line == 8 and "Credit Hours must be a number of credits" in str(info.value)


def test_labor_wages_of_1e308_are_a_problem_not_a_figure(tmp_path: Path) -> None:
    from careerpaths.labor import importers as imp

    src = Path(__file__).parents[2] / "data" / "labor" / "oews_may2025_sample.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("a_median")
    cells = lines[1].split(",")
    cells[col] = "1e308"
    bad = tmp_path / "oews_may2025.csv"
    bad.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(imp.ImportFailed) as info:
        imp.parse("oews", bad)
    assert any(
        p.line == 2 and p.column == col + 1 and "annual wage" in p.reason
        for p in info.value.problems
    )


# --- item 7: long cells, cut-off files, UTF-16, gzip bombs -----------------------------


def test_a_labor_csv_cell_over_131072_characters_is_a_positioned_error(tmp_path: Path) -> None:
    from careerpaths.labor import importers as imp

    src = Path(__file__).parents[2] / "data" / "labor" / "oews_may2025_sample.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "oews_may2025.csv"
    bad.write_text("\n".join([lines[0], lines[1], '"' + "x" * 200_000 + '"']) + "\n")
    with pytest.raises(imp.ImportFailed) as info:
        imp.parse("oews", bad)
    assert "oews_may2025.csv:3: a cell is longer than 131,072 characters" in str(info.value)
    assert [p.line for p in info.value.problems] == [3]


def test_a_utf16_labor_file_is_read_by_its_byte_order_mark(tmp_path: Path) -> None:
    from careerpaths.labor import importers as imp

    src = Path(__file__).parents[2] / "data" / "labor" / "oews_may2025_sample.csv"
    utf16 = tmp_path / "oews_may2025.csv"
    utf16.write_bytes(src.read_text(encoding="utf-8").encode("utf-16"))
    got, want = imp.parse("oews", utf16), imp.parse("oews", src)
    assert got.oews == want.oews and got.oews


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    import gzip

    from careerpaths.labor.tables import TableError, read_bytes

    bomb = tmp_path / "oews.csv.gz"
    with gzip.open(bomb, "wb") as gz:
        for _ in range(16):
            gz.write(b"\0" * (1 << 20))  # 16 MB of zeros (twice the cap), ~16 KB on disk
    assert bomb.stat().st_size < 200_000
    with pytest.raises(TableError, match="decompresses to more than 8,000,000 bytes"):
        read_bytes(bomb, limit=8_000_000)


def test_a_workbook_that_expands_beyond_the_cap_is_refused_unopened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from careerpaths.labor import tables

    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["x" * 1000] * 50)
    wb.save(path)
    monkeypatch.setattr(tables, "MAX_XLSX_UNCOMPRESSED", 10_000)
    with pytest.raises(tables.TableError, match="expands to"):
        tables.open_table(path)


def test_workbook_rows_keep_their_sheet_row_numbers(tmp_path: Path) -> None:
    import openpyxl

    from careerpaths.labor.tables import open_table

    path = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["B4"], ws["C6"] = "h1", "h2", 1.5, 7
    wb.save(path)
    got = [(r, c) for r, c in open_table(path).rows if c]
    assert got == [(3, ["", "h1", "h2"]), (4, ["", "1.5"]), (6, ["", "", "7"])]


def test_a_curricular_analytics_cell_over_131072_characters_is_positioned() -> None:
    from careerpaths.io.curricular_analytics import CsvFormatError, parse_csv

    with pytest.raises(CsvFormatError) as info:
        parse_csv("Curriculum,Test\nInstitution," + "x" * 200_000 + "\n", file="ca.csv")
    assert info.value.line == 2 and "longer than 131,072" in str(info.value)


CA_PLAN = (
    "Curriculum,Test\nInstitution,X\nDegree Type,AS\nSystem Type,semester\nCIP,11.0101\n"
    "Courses\nCourse ID,Course Name,Prefix,Number,Prerequisites,Corequisites,"
    "Strict-Corequisites,Credit Hours,Institution,Canonical Name\n"
    "1,Intro,CIS,101,,,,3,,\n"
    "2,Next,CIS,102,1,,,3,,\n"
)


@pytest.mark.parametrize("cut", ["2,Next,CIS,1", '2,"Next'])
def test_a_curricular_analytics_file_cut_off_mid_row_is_an_error(cut: str) -> None:
    from careerpaths.io.curricular_analytics import CsvFormatError, parse_csv

    parse_csv(CA_PLAN, file="ca.csv")  # whole: reads
    truncated = CA_PLAN[: CA_PLAN.index("2,Next")] + cut
    with pytest.raises(CsvFormatError) as info:
        parse_csv(truncated, file="ca.csv")
    assert info.value.line == 9 and "cut off" in str(info.value)
