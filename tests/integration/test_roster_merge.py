"""Merging imports into the records kept: idempotence, delta ordering, deactivation, the hold;
and the ``import oneroster`` / ``import csv`` commands over a workspace."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import duckdb
import pytest
from typer.testing import CliRunner

from careerpaths.cli.import_cmd import import_app
from careerpaths.demo.region import build_region
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import (
    Kind,
    Mode,
    Record,
    RecordStatus,
    Ref,
    RosterError,
    RosterSnapshot,
    RosterState,
)
from careerpaths.io.roster_merge import Action, HeldForConfirmation, apply, merge
from careerpaths.io.roster_store import OLD_STATE_FILE, import_into_workspace, records_path
from careerpaths.io.workspace import load_workspace, write_workspace

DATA = Path(__file__).parents[1] / "data"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
T0 = datetime(2025, 8, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 1, tzinfo=UTC)
T2 = datetime(2026, 2, 1, tzinfo=UTC)


def student(
    sid: str,
    school: str = "hs1",
    *,
    modified: datetime | None = None,
    status: RecordStatus = RecordStatus.ACTIVE,
    grade: str = "10",
) -> Record:
    data = {} if status is RecordStatus.TOBEDELETED else {"school": school, "grade": grade}
    return Record(Kind.STUDENT, sid, status, modified, MappingProxyType(data))


def snap(*records: Record, mode: Mode = Mode.BULK) -> RosterSnapshot:
    return RosterSnapshot("test", {Kind.STUDENT: mode}, records)


def school_of(n: int, school: str = "hs1") -> list[Record]:
    return [student(f"S{i:03d}", school) for i in range(n)]


def imported(*records: Record) -> RosterState:
    return apply(RosterState(), merge(RosterState(), snap(*records), now=NOW))


def test_first_import_inserts_and_the_same_import_again_changes_nothing() -> None:
    incoming = snap(*school_of(3))
    plan = merge(RosterState(), incoming, now=NOW)
    assert [c.action for c in plan.changes] == [Action.INSERT] * 3
    state = apply(RosterState(), plan)
    again = merge(state, incoming, now=NOW + timedelta(days=1))
    assert again.empty and again.changes == ()


@pytest.mark.parametrize("version", ["v1p1", "v1p2"])
def test_a_real_export_twice_changes_nothing(version: str) -> None:
    incoming = read_oneroster(DATA / "oneroster" / version)
    state = apply(RosterState(), merge(RosterState(), incoming, now=NOW))
    assert merge(state, read_oneroster(DATA / "oneroster" / version), now=NOW).empty


def test_a_newer_export_updates_by_sourced_id() -> None:
    state = imported(student("S1", grade="10", modified=T1))
    plan = merge(state, snap(student("S1", grade="11", modified=T2)), now=NOW)
    assert [(c.action, c.after.data["grade"]) for c in plan.changes] == [(Action.UPDATE, "11")]
    assert apply(state, plan).get(Kind.STUDENT, "S1").modified == T2  # type: ignore[union-attr]


def test_an_older_delta_never_overwrites_newer_data() -> None:
    state = imported(student("S1", grade="11", modified=T2))
    older = snap(student("S1", grade="10", modified=T1), mode=Mode.DELTA)
    plan = merge(state, older, now=NOW)
    assert plan.empty and plan.stale == 1
    older_delete = snap(
        student("S1", modified=T1, status=RecordStatus.TOBEDELETED), mode=Mode.DELTA
    )
    assert merge(state, older_delete, now=NOW).empty


def test_regression_a_later_delete_of_an_inactive_record_keeps_its_date() -> None:
    # Found by the hypothesis test below: deleted at T1, deleted again at T3, then an
    # older row (T2) arrived and brought the record back, because T3 was not kept.
    t3 = T2 + timedelta(days=1)
    state = imported(student("S1", modified=T0))
    for row in (
        student("S1", modified=T1, status=RecordStatus.TOBEDELETED),
        student("S1", modified=t3, status=RecordStatus.TOBEDELETED),
        student("S1", modified=T2, grade="12"),
    ):
        state = apply(state, merge(state, snap(row, mode=Mode.DELTA), now=NOW), confirm=True)
    kept = state.get(Kind.STUDENT, "S1")
    assert kept is not None and not kept.active and kept.modified == t3


def test_tobedeleted_makes_inactive_and_nothing_is_removed() -> None:
    state = imported(*school_of(20))
    delta = snap(student("S001", modified=T2, status=RecordStatus.TOBEDELETED), mode=Mode.DELTA)
    plan = merge(state, delta, now=NOW)
    assert [(c.action, c.sourced_id) for c in plan.changes] == [(Action.DEACTIVATE, "S001")]
    after = apply(state, plan)
    kept = after.get(Kind.STUDENT, "S001")
    assert kept is not None and not kept.active and kept.data["school"] == "hs1"
    assert len(after.records) == 20
    # deleting it again changes nothing; an unknown id to delete is ignored
    assert merge(after, delta, now=NOW).empty
    unknown = snap(student("X", modified=T2, status=RecordStatus.TOBEDELETED), mode=Mode.DELTA)
    assert merge(after, unknown, now=NOW).empty


def test_a_bulk_file_deactivates_what_it_no_longer_lists_and_a_return_reactivates() -> None:
    state = imported(*school_of(20))
    plan = merge(state, snap(*school_of(20)[1:]), now=NOW)
    assert [(c.action, c.sourced_id) for c in plan.changes] == [(Action.DEACTIVATE, "S000")]
    assert not plan.held  # 1 of 20 is 5%
    state = apply(state, plan)
    back = merge(state, snap(*school_of(20)), now=NOW)
    assert [(c.action, c.sourced_id) for c in back.changes] == [(Action.REACTIVATE, "S000")]


def test_a_delta_does_not_deactivate_what_it_does_not_list() -> None:
    state = imported(*school_of(5))
    assert merge(state, snap(student("S000"), mode=Mode.DELTA), now=NOW).empty


def test_more_than_ten_percent_of_a_school_is_held_until_confirmed() -> None:
    # hs1: 20 active students, a truncated export lists 17 (3 = 15% would go);
    # hs2: 10 students, all still there.
    state = imported(*school_of(20), *[student(f"T{i}", "hs2") for i in range(10)])
    truncated = snap(*school_of(17), *[student(f"T{i}", "hs2") for i in range(10)])
    plan = merge(state, truncated, now=NOW)
    assert plan.held
    assert [(h.school, h.active, h.deactivated) for h in plan.holds] == [("hs1", 20, 3)]
    assert "3 of its 20 active students (15.0%)" in plan.holds[0].reason
    with pytest.raises(HeldForConfirmation):
        apply(state, plan)
    after = apply(state, plan, confirm=True)
    assert len(after.of(Kind.STUDENT)) == 27 and len(after.records) == 30


def test_exactly_ten_percent_is_not_held() -> None:
    state = imported(*school_of(20))
    assert not merge(state, snap(*school_of(18)), now=NOW).held


def test_a_delta_reference_must_exist_in_the_import_or_the_state() -> None:
    state = imported(student("S1"))
    enrollment = Record(
        Kind.ENROLLMENT,
        "E1",
        RecordStatus.ACTIVE,
        T2,
        MappingProxyType({"user": "S2"}),
        (Ref(Kind.STUDENT, "S2", "userSourcedId", 6),),
        "enrollments.csv",
        2,
    )
    incoming = RosterSnapshot("test", {Kind.ENROLLMENT: Mode.DELTA}, (enrollment,))
    with pytest.raises(RosterError) as exc:
        merge(state, incoming, now=NOW)
    assert [str(e) for e in exc.value.errors] == [
        "enrollments.csv:2:6: userSourcedId 'S2' is neither in this import nor in the records "
        "already imported"
    ]


def kept(ws: Path) -> dict[str, bool]:
    """The students kept in the workspace's records database: sourcedId -> active."""
    con = duckdb.connect(str(records_path(ws)), read_only=True)
    try:
        rows = con.execute("SELECT sourced_id, active FROM records WHERE kind = 'student'")
        return dict(rows.fetchall())
    finally:
        con.close()


def test_an_earlier_releases_state_file_is_converted_by_the_next_import(tmp_path: Path) -> None:
    ws = tmp_path / "region"
    write_workspace(build_region(students=0), ws)
    state = imported(student("S1", modified=T1), student("S2"))
    old = {"format_version": 1, "records": [s.as_dict() for s in state.records.values()]}
    (ws / "students").mkdir(exist_ok=True)
    (ws / "students" / OLD_STATE_FILE).write_text(json.dumps(old), encoding="utf-8")
    outcome = import_into_workspace(
        snap(student("S1", modified=T1), student("S3"), mode=Mode.DELTA),
        ws,
        now=NOW,
        as_of=date(2026, 3, 1),
    )
    assert outcome.plan.counts() == {"student": {"insert": 1}}  # S1 unchanged, S2 kept
    assert kept(ws) == {"S1": True, "S2": True, "S3": True}
    assert not (ws / "students" / OLD_STATE_FILE).exists()


def test_a_state_file_that_is_not_one_is_an_error(tmp_path: Path) -> None:
    ws = tmp_path / "region"
    write_workspace(build_region(students=0), ws)
    (ws / "students").mkdir(exist_ok=True)
    (ws / "students" / OLD_STATE_FILE).write_text('{"format_version": 9}', encoding="utf-8")
    with pytest.raises(RosterError, match="not a state file"):
        import_into_workspace(snap(student("S1")), ws, now=NOW, as_of=date(2026, 3, 1))


# ------------------------------------------------------------------ the commands

runner = CliRunner()


@pytest.fixture(scope="module")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("ws") / "region"
    write_workspace(build_region(students=3), ws)
    return ws


@pytest.fixture
def ws(base_workspace: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "region"
    shutil.copytree(base_workspace, dst)
    return dst


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(import_app, [*args, "--as-of", "2026-03-01"])
    return result.exit_code, result.output


def test_import_oneroster_into_a_workspace(ws: Path) -> None:
    synthetic = set(load_workspace(ws).students)
    code, out = invoke("oneroster", str(DATA / "oneroster" / "v1p2"), "--workspace", str(ws))
    assert code == 0, out
    assert "student 5 insert" in out and "Written: 4 students" in out
    region = load_workspace(ws)  # the workspace still loads
    assert set(region.students) == synthetic | {
        f"e0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5)
    }
    ben = region.students["e0000000-0000-4000-8000-000000000002"]
    assert [(a.course, a.term.id, a.grade, a.dual_credit) for a in ben.attempts] == [
        ("ENG-105", "G11-FA", "A-", True),
        ("BIO-168", "G12-SP", "IP", True),
    ]
    before = (ws / "students" / "students.csv").read_bytes()
    code, out = invoke(
        "oneroster", str(DATA / "oneroster" / "v1p2"), "--workspace", str(ws), "-f", "json"
    )
    report = json.loads(out)
    assert code == 0 and report["changes"] == [] and report["applied"] is False
    assert (ws / "students" / "students.csv").read_bytes() == before


def test_import_csv_dry_run_writes_nothing(ws: Path) -> None:
    before = (ws / "students" / "students.csv").read_bytes()
    code, out = invoke("csv", str(DATA / "student_csv"), "--workspace", str(ws), "--dry-run")
    assert code == 0 and "Dry run" in out
    assert (ws / "students" / "students.csv").read_bytes() == before
    assert not records_path(ws).exists()


def test_bad_input_exits_2_with_every_position(ws: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(DATA / "student_csv", broken)
    path = broken / "attempts.csv"
    path.write_text(path.read_text().replace("2023-24,FA", "2023-24,WI"))
    code, out = invoke("csv", str(broken), "--workspace", str(ws))
    assert code == 2
    assert "attempts.csv:2:5: 'WI' is not FA, SP or SU" in out
    assert not records_path(ws).exists()


def test_a_held_import_exits_1_until_confirmed(ws: Path, tmp_path: Path) -> None:
    assert invoke("csv", str(DATA / "student_csv"), "--workspace", str(ws))[0] == 0
    smaller = tmp_path / "smaller"
    shutil.copytree(DATA / "student_csv", smaller)
    rows = (smaller / "students.csv").read_text().splitlines()
    (smaller / "students.csv").write_text("\n".join(rows[:2]) + "\n")  # only SYN-910001
    (smaller / "college_transcripts.csv").unlink()
    path = smaller / "attempts.csv"
    path.write_text("\n".join(path.read_text().splitlines()[:3]) + "\n")
    before = records_path(ws).read_bytes()
    code, out = invoke("csv", str(smaller), "--workspace", str(ws))
    assert code == 1 and "HELD: school kennedy-hs: 1 of its 2 active students (50.0%)" in out
    assert records_path(ws).read_bytes() == before
    code, out = invoke("csv", str(smaller), "--workspace", str(ws), "--confirm")
    assert code == 0, out
    students = load_workspace(ws).students
    assert "SYN-910002" not in students and "SYN-910001" in students
    assert kept(ws) == {
        "SYN-910001": True,
        "SYN-910002": False,
        "SYN-910003": False,
    }


def test_check_only_reads_the_export_and_writes_nothing() -> None:
    code, out = invoke("oneroster", str(DATA / "oneroster" / "v1p1"), "--check")
    assert code == 0 and "oneroster-1.1: readable" in out and "5 student" in out
    assert "nothing was written" in out


def test_plain_import_dir_routes_to_the_workspace_command_when_registered() -> None:
    import typer

    from careerpaths.cli.import_cmd import DefaultToWorkspace

    app = typer.Typer(cls=DefaultToWorkspace, no_args_is_help=True)
    seen: list[str] = []

    @app.command("workspace")
    def workspace_cmd(folder: Path) -> None:
        seen.append(f"workspace {folder}")

    @app.command("csv")
    def csv_cmd(folder: Path) -> None:
        seen.append(f"csv {folder}")

    for args in (["demo-region"], ["csv", "x"], ["workspace", "csv"]):
        assert runner.invoke(app, args).exit_code == 0
    assert seen == ["workspace demo-region", "csv x", "workspace csv"]
    # without a workspace command registered, an unknown name is the usual usage error
    bare = typer.Typer(cls=DefaultToWorkspace, no_args_is_help=True)

    @bare.command("csv")
    def bare_csv(folder: Path) -> None:
        seen.append(f"bare {folder}")

    @bare.command("oneroster")
    def bare_oneroster(folder: Path) -> None:
        seen.append(f"bare {folder}")

    assert runner.invoke(bare, ["demo-region"]).exit_code == 2


# ------------------------------------------------------------------ school-year rollover

BEN = "e0000000-0000-4000-8000-000000000002"
ENROLLMENT_HEADER = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate"
)


def ben_attempts(state: RosterState, as_of: str) -> list[tuple[str, str | None]]:
    from datetime import date

    from careerpaths.io.roster import to_students

    out = to_students(state, build_region(students=0), as_of=date.fromisoformat(as_of))
    ben = next(s for s in out.students if s.id == BEN)
    return [(a.course, a.grade) for a in ben.attempts]


def test_last_years_completed_courses_survive_an_export_of_this_year_only(
    tmp_path: Path,
) -> None:
    state = apply(
        RosterState(), merge(RosterState(), read_oneroster(DATA / "oneroster" / "v1p2"), now=NOW)
    )
    assert ben_attempts(state, "2026-03-01") == [("ENG-105", "A-"), ("BIO-168", "IP")]
    later = tmp_path / "later"
    shutil.copytree(DATA / "oneroster" / "v1p2", later)
    for name, gone in (("enrollments.csv", "-000000000002,"), ("results.csv", "-000000000001,")):
        path = later / name
        path.write_text("".join(x for x in path.read_text().splitlines(True) if gone not in x))
    plan = merge(state, read_oneroster(later), now=datetime(2026, 8, 25, tzinfo=UTC))
    assert {(c.kind, c.action) for c in plan.changes} == {
        (Kind.ENROLLMENT, Action.DEACTIVATE),
        (Kind.RESULT, Action.DEACTIVATE),
    }
    assert ben_attempts(apply(state, plan), "2026-03-01") == [("ENG-105", "A-"), ("BIO-168", "IP")]


def test_a_class_dropped_during_the_term_leaves_no_attempt(tmp_path: Path) -> None:
    state = apply(
        RosterState(), merge(RosterState(), read_oneroster(DATA / "oneroster" / "v1p2"), now=NOW)
    )
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.2\nfile.enrollments,delta\n"
    )
    (delta / "enrollments.csv").write_text(
        ENROLLMENT_HEADER + "\n"
        "f0000000-0000-4000-8000-000000000003,tobedeleted,2026-02-15T09:00:00Z,,,,,,,\n"
    )
    state = apply(state, merge(state, read_oneroster(delta), now=NOW))
    assert ben_attempts(state, "2026-03-01") == [("ENG-105", "A-")]


def test_a_1_2_delta_user_without_roles_updates_a_known_student_only(tmp_path: Path) -> None:
    state = apply(
        RosterState(), merge(RosterState(), read_oneroster(DATA / "oneroster" / "v1p2"), now=NOW)
    )
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.2\nfile.users,delta\n"
    )
    header = (DATA / "oneroster" / "v1p2" / "users.csv").read_text().splitlines()[0]
    school = "3f6a1c2e-0d4b-4e0a-9a51-000000000002"
    (delta / "users.csv").write_text(
        header + "\n"
        f"{BEN},active,2026-02-20T00:00:00Z,true,syn.ben,,Ben,Synthetic,,SYN-900002,,,,,13,"
        f",,,,,,{school},\n"
        f"e0000000-0000-4000-8000-0000000000aa,active,2026-02-20T00:00:00Z,true,syn.new,,New,"
        f"Synthetic,,T-2,,,,,,,,,,,,{school},\n"
    )
    plan = merge(state, read_oneroster(delta), now=NOW)
    assert [(c.action, c.sourced_id, c.after.data["grade"]) for c in plan.changes] == [
        (Action.UPDATE, BEN, "13")
    ]
    assert plan.dropped == 1


# ------------------------------------------------------------------ properties (hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

event = st.tuples(st.booleans(), st.sampled_from(["9", "10", "11", "12"]))


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    st.lists(event, min_size=1, max_size=6),
    st.randoms(use_true_random=False),
)
def test_deltas_in_any_order_end_where_the_newest_says(
    events: list[tuple[bool, str]], rnd: object
) -> None:
    # One student, imported at T0; then deltas with distinct, later dates, applied in a
    # shuffled order: the newest row decides (older rows arriving later change nothing).
    base = apply(
        RosterState(),
        merge(RosterState(), snap(student("S1", modified=T0), mode=Mode.DELTA), now=NOW),
    )
    rows = [
        student(
            "S1",
            modified=T0 + timedelta(days=i + 1),
            grade=grade,
            status=RecordStatus.ACTIVE if active else RecordStatus.TOBEDELETED,
        )
        for i, (active, grade) in enumerate(events)
    ]
    order = list(rows)
    rnd.shuffle(order)  # type: ignore[attr-defined]
    state = base
    for row in order:
        plan = merge(state, snap(row, mode=Mode.DELTA), now=NOW)
        state = apply(state, plan, confirm=True)
        assert merge(state, snap(row, mode=Mode.DELTA), now=NOW).empty  # idempotent
        assert len(state.records) == 1  # never deleted
    newest = rows[-1]
    kept = state.get(Kind.STUDENT, "S1")
    assert kept is not None
    assert kept.active == (newest.status is RecordStatus.ACTIVE)
    assert kept.modified == newest.modified
    if kept.active:
        assert dict(kept.data) == dict(newest.data)


@pytest.mark.slow
@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 12), st.sampled_from(["hs1", "hs2"])), max_size=12),
        min_size=1,
        max_size=4,
    )
)
def test_bulk_imports_never_delete_and_repeat_as_no_ops(
    exports: list[list[tuple[int, str]]],
) -> None:
    state = RosterState()
    seen: set[str] = set()
    for rows in exports:
        incoming = snap(*{f"S{i}": student(f"S{i}", school) for i, school in rows}.values())
        plan = merge(state, incoming, now=NOW)
        state = apply(state, plan, confirm=True)
        seen |= {r.sourced_id for r in incoming.records}
        assert {sid for _, sid in state.records} == seen  # nothing ever removed
        assert {s.sourced_id for s in state.of(Kind.STUDENT)} == {
            r.sourced_id for r in incoming.records
        }
        assert merge(state, incoming, now=NOW).empty


def test_bad_input_as_json(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(DATA / "oneroster" / "v1p1", broken)
    (broken / "manifest.csv").write_text("propertyName,value\noneroster.version,3\n")
    code, out = invoke("oneroster", str(broken), "--check", "--format", "json")
    assert code == 2
    assert {
        "file": "manifest.csv",
        "line": None,
        "column": None,
        "reason": "orgs.csv is present but file.orgs is not listed",
    } in json.loads(out)["errors"]
    assert json.loads(out)["errors"][-1] == {
        "file": "manifest.csv",
        "line": 2,
        "column": 2,
        "reason": "oneroster.version '3' is not 1.1 or 1.2",
    }


def test_a_date_last_modified_in_the_future_is_read_as_now_with_a_warning() -> None:
    """Issue 12 item 8: a row dated 2099 must not freeze its record."""
    future = datetime(2099, 1, 1, tzinfo=UTC)
    row = Record(
        Kind.STUDENT,
        "S1",
        RecordStatus.ACTIVE,
        future,
        MappingProxyType({"school": "hs1", "grade": "10"}),
        file="users.csv",
        line=7,
    )
    plan = merge(RosterState(), snap(row, mode=Mode.DELTA), now=NOW)
    assert [c.after.modified for c in plan.changes] == [NOW]
    assert [(w.file, w.line) for w in plan.warnings] == [("users.csv", 7)]
    assert "2099-01-01" in plan.warnings[0].reason and "future" in plan.warnings[0].reason
    state = apply(RosterState(), plan)
    # The same row again changes nothing (still warned about); a later correct delta and a
    # tobedeleted land.
    again = merge(state, snap(row, mode=Mode.DELTA), now=NOW + timedelta(hours=1))
    assert again.empty and len(again.warnings) == 1
    later = NOW + timedelta(days=1)
    fix = student("S1", grade="11", modified=later)
    state = apply(state, merge(state, snap(fix, mode=Mode.DELTA), now=later))
    assert state.records[(Kind.STUDENT, "S1")].data["grade"] == "11"
    gone = student("S1", modified=later + timedelta(hours=1), status=RecordStatus.TOBEDELETED)
    plan = merge(state, snap(gone, mode=Mode.DELTA), now=later + timedelta(hours=2))
    assert [c.action for c in plan.changes] == [Action.DEACTIVATE]


def test_a_future_date_within_the_clock_skew_is_kept() -> None:
    soon = NOW + timedelta(minutes=2)
    plan = merge(RosterState(), snap(student("S1", modified=soon), mode=Mode.DELTA), now=NOW)
    assert [c.after.modified for c in plan.changes] == [soon] and plan.warnings == ()


def test_a_record_kept_with_a_future_date_no_longer_freezes() -> None:
    """A record stored before the fix, dated 2099, compares as now."""
    frozen = Record(
        Kind.STUDENT,
        "S1",
        RecordStatus.ACTIVE,
        datetime(2099, 1, 1, tzinfo=UTC),
        MappingProxyType({"school": "hs1", "grade": "10"}),
    )
    state = apply(
        RosterState(), merge(RosterState(), snap(frozen), now=datetime(2100, 1, 1, tzinfo=UTC))
    )
    assert state.records[(Kind.STUDENT, "S1")].modified == datetime(2099, 1, 1, tzinfo=UTC)
    fix = student("S1", grade="11", modified=T2)
    plan = merge(state, snap(fix, mode=Mode.DELTA), now=NOW)
    assert [c.action for c in plan.changes] == [Action.UPDATE] and plan.stale == 0
