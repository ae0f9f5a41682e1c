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
