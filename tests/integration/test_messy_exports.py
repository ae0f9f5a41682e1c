"""Real exports' mess imports with warnings, idempotently; ``--strict`` and
``--max-skipped`` refuse it (issue 13: errors and warnings).

The corpus is ``tests/data/oneroster/messy`` (see its README): one of each quirk."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpaths.cli.import_cmd import import_app
from careerpaths.demo.region import build_region
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import Kind, RosterError, RosterState, enforce_policy
from careerpaths.io.roster_merge import apply, merge
from careerpaths.io.roster_store import import_into_workspace
from careerpaths.io.workspace import write_workspace

MESSY = Path(__file__).parents[1] / "data" / "oneroster" / "messy"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
TEACHER_ENROLLMENT = "f0000000-0000-4000-8000-000000000098"
runner = CliRunner()


def _reasons() -> list[str]:
    snapshot = read_oneroster(MESSY)
    return [str(w) for w in (*snapshot.warnings, *snapshot.skipped_rows)]


def test_every_quirk_is_a_warning_with_its_position() -> None:
    got = _reasons()
    expected_starts = [
        "academicSessions.csv:3:8: parentSourcedId '7c1d0000-aaaa-4bbb-8ccc-000000002025' is "
        "not in academicSessions.csv",
        "classes.csv:1:15: an empty header cell",
        "classes.csv:1:16: an empty header cell",
        "enrollments.csv:8:2: status 'inactive' (OneRoster 1.0) read as tobedeleted",
        "manifest.csv:15:2: file.userProfiles has no value; read as absent",
        "manifest.csv:16:2: file.scoreScales has no value; read as absent",
        "orgs.csv:1:1: column 'sourcedid' read as sourcedId",
        "orgs.csv:2:7: parentSourcedId '3f6a1c2e-0d4b-4e0a-9a51-000000000001' is not in orgs.csv",
        "users.csv:1:19: unknown column 'prefferedgivenname' ignored; did you mean "
        "preferredGivenName?",
        "users.csv:1:20: unknown column 'datalastmodified' ignored; did you mean dateLastModified?",
        "enrollments.csv:7:6: userSourcedId 'e0000000-0000-4000-8000-000000000099' is in "
        "users.csv but is not a student; the row is left out",
    ]
    assert len(got) == len(expected_starts)
    for line, start in zip(got, expected_starts, strict=True):
        assert line.startswith(start), (line, start)


def test_the_mess_imports_and_again_changes_nothing() -> None:
    snapshot = read_oneroster(MESSY)
    enforce_policy(snapshot)  # the default policy lets it in
    state = apply(RosterState(), merge(RosterState(), snapshot, now=NOW))
    enrollments = {s.sourced_id for s in state.of(Kind.ENROLLMENT)}
    assert TEACHER_ENROLLMENT not in enrollments and len(enrollments) == 4
    assert merge(state, read_oneroster(MESSY), now=NOW).empty


def test_strict_refuses_every_warning() -> None:
    with pytest.raises(RosterError) as exc:
        enforce_policy(read_oneroster(MESSY), strict=True)
    assert len(exc.value.errors) == len(_reasons())
    assert all(e.reason.endswith("(refused: --strict)") for e in exc.value.errors)


def test_rows_left_out_over_the_threshold_refuse_the_import() -> None:
    snapshot = read_oneroster(MESSY)
    with pytest.raises(RosterError) as exc:
        enforce_policy(snapshot, max_skipped=0)
    assert str(exc.value.errors[0]) == (
        "enrollments.csv: 1 of its 7 rows cannot be used (14.3%); at most 0% may be left "
        "out (--max-skipped)"
    )
    enforce_policy(snapshot, max_skipped=0.5)  # 1 of 7 is within half


def test_a_second_row_left_out_of_a_small_file_is_over_1_percent(tmp_path: Path) -> None:
    root = tmp_path / "messy"
    shutil.copytree(MESSY, root)
    path = root / "enrollments.csv"
    path.write_text(
        path.read_text() + f"{TEACHER_ENROLLMENT[:-2]}96,,,d0000000-0000-4000-8000-000000000003,"
        "3f6a1c2e-0d4b-4e0a-9a51-000000000002,e0000000-0000-4000-8000-000000000099,student,"
        "false,2026-01-06,2026-06-03\n"
    )
    with pytest.raises(RosterError) as exc:
        enforce_policy(read_oneroster(root))
    assert "2 of its 8 rows cannot be used" in str(exc.value.errors[0])


def test_a_re_import_after_the_fix_lands_the_row_left_out(tmp_path: Path) -> None:
    state = apply(RosterState(), merge(RosterState(), read_oneroster(MESSY), now=NOW))
    fixed = tmp_path / "fixed"
    shutil.copytree(MESSY, fixed)
    path = fixed / "enrollments.csv"
    path.write_text(
        path.read_text().replace(
            "e0000000-0000-4000-8000-000000000099,student,false,2025-08-20",
            "e0000000-0000-4000-8000-000000000004,student,false,2025-08-20",
        )
    )
    snapshot = read_oneroster(fixed)
    assert not snapshot.skipped_rows
    plan = merge(state, snapshot, now=NOW)
    assert [(c.action.value, c.sourced_id) for c in plan.changes] == [
        ("insert", TEACHER_ENROLLMENT)
    ]


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    write_workspace(build_region(students=0), root)
    return root


def test_the_cli_reports_the_warnings_and_strict_exits_2(ws: Path) -> None:
    args = ["oneroster", str(MESSY), "--workspace", str(ws), "--as-of", "2026-03-01"]
    result = runner.invoke(import_app, [*args, "--strict"])
    assert result.exit_code == 2
    assert "(refused: --strict)" in result.output and "nothing was written" in result.output
    result = runner.invoke(import_app, args)
    assert result.exit_code == 0, result.output
    assert "warning: enrollments.csv:7:6: userSourcedId" in result.output
    assert "warning: users.csv:1:19: unknown column 'prefferedgivenname'" in result.output
    result = runner.invoke(import_app, [*args, "-f", "json"])
    out = json.loads(result.output)
    assert out["counts"] == {} and len(out["warnings"]) == 11
    result = runner.invoke(import_app, [*args, "--max-skipped", "0"])
    assert result.exit_code == 2 and "--max-skipped" in result.output


def test_workspace_import_gives_the_warnings_in_its_outcome(ws: Path) -> None:
    outcome = import_into_workspace(read_oneroster(MESSY), ws, now=NOW, as_of=date(2026, 3, 1))
    assert outcome.applied and len(outcome.warnings) == 11
