"""Student data into the app's database: OneRoster and the plain-CSV template, through the
service, the command line and the upload page — whole or not at all, idempotent, held
when a school would lose more than 10% of its students, scoped to the importer's district.

The exports are the synthetic fixtures of the roster unit tests (tests/data/oneroster,
tests/data/student_csv), over the demo region whose institutions they name.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import hypothesis
import pytest
import typer
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from careerpaths.cli import import_cmd
from careerpaths.cli.main import app
from careerpaths.demo.region import build_region
from careerpaths.io import student_formats
from careerpaths.io.oneroster import read_oneroster
from careerpaths.io.roster import (
    Fields,
    Kind,
    Mode,
    Record,
    RecordStatus,
    RosterError,
    RosterSnapshot,
    RosterState,
    Stored,
    to_students,
)
from careerpaths.io.roster_merge import apply, merge
from careerpaths.io.student_csv import read_student_csv
from careerpaths.io.student_formats import StudentFormat
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.accounts.services import user_set_role
from careerpaths.web.catalog.selectors import region_revision, region_snapshot
from careerpaths.web.catalog.services import region_import
from careerpaths.web.students import models, views
from careerpaths.web.students import roster_import as ri
from careerpaths.web.students.models import ImportBatch, RosterRecord, Student, StudentAccess
from careerpaths.web.students.selectors import CaseloadFilters, caseload
from tests.roster_exports import bench_module, moved_enrollment_delta, shared_delta
from tests.web.auth import verified_login

DATA = Path(__file__).parents[1] / "data"
AS_OF = date(2026, 3, 1)
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
BEN = "e0000000-0000-4000-8000-000000000002"
STUDENTS_HEADER = (DATA / "student_csv" / "students.csv").read_text().splitlines()[0]
runner = CliRunner()


@pytest.fixture
def demo(db: None) -> dict[str, Any]:
    """The demo region (two synthetic students) and one user per role that imports."""
    region_import(region=build_region(students=2))
    User = get_user_model()
    users: dict[str, Any] = {}
    for name, role, insts in (
        ("admin", Role.SITE_ADMIN, []),
        ("crcsd", Role.DISTRICT_DESIGNER, ["crcsd"]),
        ("linnmar", Role.DISTRICT_DESIGNER, ["linn-mar"]),
        ("counselor", Role.COUNSELOR, ["kennedy-hs"]),
    ):
        user = User.objects.create_user(username=name, password="pw-" + name)
        user_set_role(user=user, role=role, institutions=insts)
        users[name] = user
    return users


def client(user: Any) -> Client:
    c = Client()
    verified_login(c, user)
    return c


def run(snapshot: Any, *, scope: Any = None, confirm: bool = False) -> ri.ImportOutcome:
    return ri.roster_import(
        snapshot=snapshot,
        scope=scope,
        actor=None,
        via="cli",
        fmt="oneroster" if snapshot.source.startswith("oneroster") else "csv",
        as_of=AS_OF,
        now=NOW,
        confirm=confirm,
    )


def students() -> dict[str, tuple[Any, ...]]:
    """Every Student row as comparable values (public ids included: rows are kept)."""
    return {
        s.record_id: (
            s.public_id,
            s.school_id,
            s.grade_level,
            s.pathway,
            s.active,
            s.attempts,
            s.demographics,
            s.summary_revision,
        )
        for s in Student.objects.all()
    }


def records() -> list[tuple[Any, ...]]:
    return list(
        RosterRecord.objects.order_by("kind", "sourced_id").values_list(
            "kind", "sourced_id", "status", "date_last_modified", "data", "batch_id"
        )
    )


def roster_state() -> RosterState:
    """Every record the database keeps, as the in-memory state (the reference's shape)."""
    records = {}
    rows = RosterRecord.objects.values_list(
        "kind", "sourced_id", "status", "date_last_modified", "data"
    ).order_by("pk")
    for kind, sid, status, modified, data in rows:
        stored = Stored(
            Kind(kind),
            sid,
            status == RosterRecord.Status.ACTIVE,
            modified,
            Fields.of({str(k): str(v) for k, v in data.items()}),
        )
        records[(stored.kind, sid)] = stored
    return RosterState(MappingProxyType(records))


def csv_copy(tmp_path: Path, students_rows: list[str] | None = None, name: str = "csv") -> Path:
    """A copy of the template fixture; ``students_rows`` replaces students.csv's rows (and
    the attempts of students left out go too)."""
    dst = tmp_path / name
    shutil.copytree(DATA / "student_csv", dst)
    if students_rows is not None:
        (dst / "students.csv").write_text("\n".join([STUDENTS_HEADER, *students_rows]) + "\n")
        kept = {row.split(",")[0] for row in students_rows}
        for file in ("attempts.csv", "college_transcripts.csv"):
            lines = (dst / file).read_text().splitlines()
            rows = [line for line in lines[1:] if line.split(",")[1] in kept]
            (dst / file).write_text("\n".join([lines[0], *rows]) + "\n")
    return dst


def zipped(folder: Path) -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"export/{path.name}")
    return SimpleUploadedFile("export.zip", buf.getvalue(), content_type="application/zip")


def csv_files(folder: Path) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv")
        for p in sorted(folder.glob("*.csv"))
    ]


# ------------------------------------------------------------------ the service


def test_a_oneroster_export_lands_and_the_same_files_again_change_nothing(
    demo: dict[str, Any],
) -> None:
    synthetic = set(students())
    outcome = run(read_oneroster(DATA / "oneroster" / "v1p2"))
    assert outcome.applied and outcome.batch is not None
    assert outcome.batch.status == "applied" and outcome.batch.counts["student"] == {"insert": 5}
    rows = {s.record_id: s for s in Student.objects.all()}
    # Eli (grade 8) is kept as a record but is not a student of grades 9-14.
    assert set(rows) == synthetic | {f"e0000000-0000-4000-8000-00000000000{i}" for i in range(1, 5)}
    ben = rows[BEN]
    assert ben.active and not ben.synthetic and ben.school_id == "kennedy-hs"
    assert [(a[0], a[1], a[2], a[4]) for a in ben.attempts] == [
        ("ENG-105", "G11-FA", "A-", True),
        ("BIO-168", "G12-SP", "IP", True),
    ]
    assert ben.summary_revision == region_revision()  # the caseload columns were refreshed
    assert ben.summary_on_track is not None and ben.summary_flags is not None
    assert RosterRecord.objects.filter(kind="student").count() == 5  # the teacher is not kept
    before_students, before_records = students(), records()

    again = run(read_oneroster(DATA / "oneroster" / "v1p2"))
    assert not again.applied and again.plan.empty and again.written == 0
    assert again.batch is not None and again.batch.status == "unchanged"
    assert students() == before_students and records() == before_records
    assert ImportBatch.objects.count() == 2  # both imports are in the log


def test_a_failure_half_way_leaves_the_database_as_it_was(
    demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = students()

    def crash(**_kwargs: Any) -> int:
        raise RuntimeError("disk full")

    # Records and students are written before the summaries: a crash there undoes them.
    monkeypatch.setattr(ri, "student_summaries_refresh", crash)
    with pytest.raises(RuntimeError):
        run(read_oneroster(DATA / "oneroster" / "v1p2"))
    assert students() == before
    assert not RosterRecord.objects.exists() and not ImportBatch.objects.exists()


def test_a_reference_to_nothing_writes_nothing(demo: dict[str, Any], tmp_path: Path) -> None:
    folder = csv_copy(tmp_path)
    (folder / "students.csv").write_text(
        STUDENTS_HEADER + "\nSYN-910001,kennedy-hs,11,,,,,,,,,,,,,,,,,active,2026-02-01T00:00Z\n"
    )
    (folder / "college_transcripts.csv").unlink()
    path = folder / "attempts.csv"
    path.write_text(path.read_text().replace(",,\n", ",active,2026-02-01T00:00Z\n"))
    with pytest.raises(RosterError) as exc:
        run(read_student_csv(folder, mode=Mode.DELTA))
    assert any("SYN-910002" in e.reason for e in exc.value.errors)
    assert not RosterRecord.objects.exists()


def test_a_newer_bulk_export_updates_by_id(demo: dict[str, Any], tmp_path: Path) -> None:
    run(read_student_csv(DATA / "student_csv"))
    assert Student.objects.get(record_id="SYN-910001").grade_level == 11
    rows = (DATA / "student_csv" / "students.csv").read_text().splitlines()[1:]
    rows[0] = rows[0].replace("kennedy-hs,11,2027", "kennedy-hs,12,2027")
    pid = Student.objects.get(record_id="SYN-910001").public_id
    outcome = run(read_student_csv(csv_copy(tmp_path, rows)))
    assert outcome.batch is not None and outcome.batch.counts["student"] == {"update": 1}
    row = Student.objects.get(record_id="SYN-910001")
    assert (row.grade_level, row.public_id) == (12, pid)  # updated in place


def delta(tmp_path: Path, name: str, row: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "students.csv").write_text(STUDENTS_HEADER + "\n" + row + "\n")
    return folder


def test_an_older_delta_never_overwrites_newer_data(demo: dict[str, Any], tmp_path: Path) -> None:
    run(read_student_csv(DATA / "student_csv"))
    newer = delta(
        tmp_path, "newer", "SYN-910003,linn-mar-hs,11" + "," * 17 + "active,2026-02-01T00:00Z"
    )
    older = delta(
        tmp_path, "older", "SYN-910003,linn-mar-hs,9" + "," * 17 + "active,2026-01-01T00:00Z"
    )
    run(read_student_csv(newer, mode=Mode.DELTA))
    outcome = run(read_student_csv(older, mode=Mode.DELTA))
    # The row is two records (the student and their demographics), both older: left alone.
    assert outcome.plan.stale == 2 and outcome.plan.empty
    assert outcome.batch is not None and outcome.batch.totals["stale"] == 2
    assert Student.objects.get(record_id="SYN-910003").grade_level == 11


def test_tobedeleted_makes_a_student_inactive_and_never_deletes(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    run(read_student_csv(DATA / "student_csv"))
    gone = delta(tmp_path, "gone", "SYN-910002" + "," * 19 + "tobedeleted,2026-02-01T00:00Z")
    held = run(read_student_csv(gone, mode=Mode.DELTA))  # 1 of kennedy-hs's 2: held
    assert held.batch is not None and held.batch.status == "held"
    assert Student.objects.get(record_id="SYN-910002").active
    outcome = run(read_student_csv(gone, mode=Mode.DELTA), confirm=True)
    assert outcome.batch is not None and outcome.batch.counts["student"] == {"deactivate": 1}
    row = Student.objects.get(record_id="SYN-910002")
    assert not row.active  # kept, inactive
    assert RosterRecord.objects.get(kind="student", sourced_id="SYN-910002").status == "inactive"
    # Inactive students leave the caseload, and their page answers 404.
    counselor = demo["counselor"]
    result = caseload(scope=user_scope(user=counselor), filters=CaseloadFilters())
    assert "SYN-910002" not in {r.record_id for r in result.rows}
    assert "SYN-910001" in {r.record_id for r in result.rows}
    assert client(counselor).get(f"/students/{row.public_id}/").status_code == 404
    assert not StudentAccess.objects.filter(student=row).exists()


def test_a_scoped_bulk_import_leaves_other_districts_students_alone(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    run(read_student_csv(DATA / "student_csv"))  # kennedy-hs (crcsd) and linn-mar-hs
    rows = (DATA / "student_csv" / "students.csv").read_text().splitlines()[1:3]
    # crcsd's own bulk export lists its two students only: linn-mar's is not "missing".
    outcome = run(read_student_csv(csv_copy(tmp_path, rows)), scope=user_scope(user=demo["crcsd"]))
    assert outcome.plan.empty and not outcome.plan.held
    assert Student.objects.get(record_id="SYN-910003").active


# ------------------------------------------------------------------ the command line


def test_the_cli_imports_into_the_database(demo: dict[str, Any]) -> None:
    folder = str(DATA / "oneroster" / "v1p1")
    result = runner.invoke(app, ["import", "oneroster", folder, "--check"])
    assert result.exit_code == 0 and "readable" in result.output
    result = runner.invoke(
        app, ["import", "oneroster", folder, "--dry-run", "--as-of", "2026-03-01"]
    )
    assert result.exit_code == 0 and "Dry run" in result.output
    assert not RosterRecord.objects.exists() and not ImportBatch.objects.exists()
    result = runner.invoke(app, ["import", "oneroster", folder, "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "Written: 4 students in SQLite" in result.output or "PostgreSQL" in result.output
    assert Student.objects.filter(record_id__startswith="e0000000").count() == 4
    batch = ImportBatch.objects.get()
    assert (batch.via, batch.format, batch.source, batch.status, batch.actor) == (
        "cli",
        "oneroster",
        "oneroster-1.1",
        "applied",
        None,
    )
    result = runner.invoke(app, ["import", "oneroster", folder, "-f", "json"])
    assert result.exit_code == 0 and '"changes": []' in result.output


def test_the_cli_holds_a_truncated_export_until_confirmed(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    assert runner.invoke(app, ["import", "csv", str(DATA / "student_csv")]).exit_code == 0
    rows = (DATA / "student_csv" / "students.csv").read_text().splitlines()[1:]
    smaller = csv_copy(tmp_path, [rows[0], rows[2]])  # SYN-910002 of kennedy-hs is missing
    result = runner.invoke(app, ["import", "csv", str(smaller)])
    assert result.exit_code == 1
    assert "HELD: school kennedy-hs: 1 of its 2 active students (50.0%)" in result.output
    assert Student.objects.get(record_id="SYN-910002").active
    assert ImportBatch.objects.filter(status="held").count() == 1
    result = runner.invoke(app, ["import", "csv", str(smaller), "--confirm"])
    assert result.exit_code == 0, result.output
    assert not Student.objects.get(record_id="SYN-910002").active
    assert Student.objects.get(record_id="SYN-910001").active


def test_the_cli_records_bad_input_and_exits_2(demo: dict[str, Any], tmp_path: Path) -> None:
    broken = csv_copy(tmp_path)
    path = broken / "attempts.csv"
    path.write_text(path.read_text().replace("2023-24,FA", "2023-24,WI"))
    result = runner.invoke(app, ["import", "csv", str(broken)])
    assert result.exit_code == 2
    assert "attempts.csv:2:5: 'WI' is not FA, SP or SU" in result.output
    assert not RosterRecord.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    # The reason in English, and its template and values, which the report says in the
    # reader's language.
    assert batch.errors == [
        {
            "file": "attempts.csv",
            "line": 2,
            "column": 5,
            "reason": "'WI' is not FA, SP or SU",
            "text": {"msgid": "%(value)r is not FA, SP or SU", "params": {"value": "WI"}},
        }
    ]


# ------------------------------------------------------------------ the upload page


def test_an_upload_with_a_bad_row_shows_file_line_column(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    broken = csv_copy(tmp_path)
    path = broken / "attempts.csv"
    path.write_text(path.read_text().replace("2023-24,FA", "2023-24,WI"))
    c = client(demo["admin"])
    response = c.post("/students/import/", {"format": "csv", "files": csv_files(broken)})
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert "attempts.csv:2:5</code>: &#x27;WI&#x27; is not FA, SP or SU" in page
    assert "nothing was written" in page
    assert not RosterRecord.objects.exists()


def test_a_zip_upload_applies_and_the_report_shows_the_counts(demo: dict[str, Any]) -> None:
    c = client(demo["admin"])
    response = c.post(
        "/students/import/",
        {"format": "oneroster", "files": zipped(DATA / "oneroster" / "v1p2")},
    )
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert 'data-key="added">' in page and "applied" in page
    assert Student.objects.filter(record_id=BEN, active=True).exists()
    listing = c.get("/students/import/").content.decode()
    assert "OneRoster 1.2 CSV export" in listing and "admin" in listing
    assert "oneroster-1.2" not in listing  # the format in words (issue #14)
    # The report says kinds, actions and what was left out in words, in the reader's
    # language: no record-kind, action or reason code in the text.
    import re

    from careerpaths.web.students.templatetags import import_labels

    spanish = c.get(response["Location"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    text = re.sub(r"<[^>]+>", " ", spanish)
    assert "Inscripciones" in text and "agregados: " in text
    assert "Un curso que no está en el catálogo de la región: 1" in text
    codes = [*import_labels.KINDS, *import_labels.ACTIONS, *import_labels.LEFT_OUT]
    assert not [c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]


def test_a_held_upload_waits_for_confirm_and_keeps_its_files(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    c = client(demo["crcsd"])
    rows = (DATA / "student_csv" / "students.csv").read_text().splitlines()[1:3]
    first = csv_copy(tmp_path, rows, "first")  # crcsd's two kennedy-hs students
    assert c.post("/students/import/", {"format": "csv", "files": csv_files(first)}).status_code
    smaller = csv_copy(tmp_path, rows[:1], "smaller")
    response = c.post("/students/import/", {"format": "csv", "files": csv_files(smaller)})
    detail = response["Location"]
    page = c.get(detail).content.decode()
    assert "Confirm and apply" in page and "School Kennedy High School: 1 of its 2 active" in page
    batch = ImportBatch.objects.get(status="held")
    assert batch.payload and batch.schools == ["kennedy-hs"]
    assert Student.objects.get(record_id="SYN-910002").active
    # Another district's designer cannot see it, nor confirm it.
    other = client(demo["linnmar"])
    assert other.get(detail).status_code == 404
    assert other.post(detail + "confirm/").status_code == 404
    assert ImportBatch.objects.get(pk=batch.pk).status == "held"
    response = c.post(detail + "confirm/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.decided_by, batch.payload) == ("confirmed", demo["crcsd"], None)
    assert not Student.objects.get(record_id="SYN-910002").active
    assert "no longer waiting" in c.post(detail + "dismiss/", follow=True).content.decode()


def test_a_held_upload_can_be_dismissed(demo: dict[str, Any], tmp_path: Path) -> None:
    c = client(demo["admin"])
    c.post("/students/import/", {"format": "csv", "files": csv_files(DATA / "student_csv")})
    rows = (DATA / "student_csv" / "students.csv").read_text().splitlines()[1:]
    smaller = csv_copy(tmp_path, [rows[0], rows[2]])
    detail = c.post("/students/import/", {"format": "csv", "files": csv_files(smaller)})["Location"]
    assert c.post(detail + "dismiss/").status_code == 302
    batch = ImportBatch.objects.get(status="dismissed")
    assert batch.payload is None
    assert Student.objects.get(record_id="SYN-910002").active


def test_a_designer_cannot_import_another_districts_students(demo: dict[str, Any]) -> None:
    c = client(demo["crcsd"])  # the fixture has a linn-mar-hs student
    response = c.post(
        "/students/import/", {"format": "csv", "files": csv_files(DATA / "student_csv")}
    )
    page = c.get(response["Location"]).content.decode()
    assert "outside your scope" in page and "<li>Linn-Mar High School</li>" in page
    assert "linn-mar-hs" not in page and "Kennedy High School</li>" not in page
    assert not RosterRecord.objects.exists()
    assert not Student.objects.filter(record_id__startswith="SYN-91").exists()
    assert ImportBatch.objects.get().status == "failed"


def test_an_upload_over_the_limit_is_refused_with_a_clear_message(
    demo: dict[str, Any], settings: Any
) -> None:
    settings.CAREERPATHS_IMPORT_MAX_BYTES = 100
    c = client(demo["admin"])
    response = c.post(
        "/students/import/", {"format": "csv", "files": csv_files(DATA / "student_csv")}
    )
    assert response.status_code == 400
    assert "the limit is" in response.content.decode() or "larger than" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_zip_cannot_write_outside_its_folder(demo: dict[str, Any]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../evil.csv", "x")
        for p in sorted((DATA / "student_csv").glob("*.csv")):
            z.write(p, p.name)
    c = client(demo["admin"])
    response = c.post(
        "/students/import/",
        {"format": "csv", "files": SimpleUploadedFile("x.zip", buf.getvalue())},
    )
    assert response.status_code == 302
    assert ImportBatch.objects.get().status == "applied"


def test_an_import_restores_students_a_workspace_import_replaced(
    demo: dict[str, Any],
) -> None:
    run(read_oneroster(DATA / "oneroster" / "v1p2"))
    region_import(region=build_region(students=2))  # the region again: imported rows
    assert not Student.objects.get(record_id=BEN).active  # are made inactive, not deleted
    outcome = run(read_oneroster(DATA / "oneroster" / "v1p2"))
    assert outcome.plan.empty and outcome.written == 4
    assert outcome.batch is not None and outcome.batch.status == "applied"
    assert Student.objects.get(record_id=BEN).active


# ------------------------------------------------------------------ property: DB = reference

_SIDS = [f"SYN-95{i:04d}" for i in range(6)]
_DATES = [None, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)]


@st.composite
def _snapshots(draw: Any) -> RosterSnapshot:
    rows = []
    for sid in draw(st.lists(st.sampled_from(_SIDS), unique=True, max_size=len(_SIDS))):
        modified = draw(st.sampled_from(_DATES))
        deleted = modified is not None and draw(st.booleans())
        data = (
            {}
            if deleted
            else {
                "school": draw(st.sampled_from(["kennedy-hs", "linn-mar-hs"])),
                "grade": str(draw(st.integers(9, 12))),
            }
        )
        status = RecordStatus.TOBEDELETED if deleted else RecordStatus.ACTIVE
        rows.append(Record(Kind.STUDENT, sid, status, modified, MappingProxyType(data)))
    mode = Mode.DELTA if any(r.modified for r in rows) else draw(st.sampled_from(list(Mode)))
    return RosterSnapshot("csv", {Kind.STUDENT: mode}, tuple(rows))


@hypothesis.settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(imports=st.lists(_snapshots(), min_size=1, max_size=4))
def test_the_database_ends_where_the_in_memory_merge_ends(
    demo: dict[str, Any], imports: list[RosterSnapshot]
) -> None:
    """Whatever the sequence of bulk and delta imports (confirmed), the records kept and the
    Student rows equal the pure reference: ``apply(merge(...))`` then ``to_students``."""
    region = region_snapshot()
    with transaction.atomic():
        reference = RosterState()
        for snap in imports:
            reference = apply(reference, merge(reference, snap, now=NOW), confirm=True)
            run(snap, confirm=True)
        assert roster_state() == reference
        expected = {
            s.id: (s.school, s.grade_level)
            for s in to_students(reference, region, as_of=AS_OF).students
        }
        got = {
            r.record_id: (r.school_id, r.grade_level)
            for r in Student.objects.filter(synthetic=False, active=True)
        }
        assert got == expected
        # Nothing is ever deleted: every student ever imported still has its row.
        ever = {r.sourced_id for snap in imports for r in snap.records if r.kind is Kind.STUDENT}
        assert set(expected) <= set(Student.objects.values_list("record_id", flat=True))
        assert RosterRecord.objects.count() == len(reference.records) <= len(ever) * 2
        transaction.set_rollback(True)  # the next example starts from the same database


def test_writing_a_chunk_at_a_time_gives_the_same_database(
    demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records and Student rows are written a chunk at a time (state-scale imports): with
    chunks of one row the database ends exactly where one chunk for everything ends."""

    def database() -> tuple[list[Any], list[Any]]:
        records = RosterRecord.objects.order_by("kind", "sourced_id").values_list(
            "kind", "sourced_id", "status", "date_last_modified", "data"
        )
        rows = Student.objects.order_by("record_id").values_list(
            "record_id", "school_id", "grade_level", "active", "attempts", "demographics",
            "summary_on_track", "summary_college_credits", "summary_audit",
        )  # fmt: skip
        return list(records), list(rows)

    snapshots = [
        read_oneroster(DATA / "oneroster" / "v1p2"),
        read_student_csv(DATA / "student_csv"),
        read_oneroster(DATA / "oneroster" / "v1p1"),
    ]
    with transaction.atomic():
        written = [run(snap, confirm=True).written for snap in snapshots]
        whole = database()
        transaction.set_rollback(True)
    monkeypatch.setattr(ri, "CHUNK", 1)
    assert [run(snap, confirm=True).written for snap in snapshots] == written
    assert database() == whole
    assert sum(written) > 3 and len(whole[0]) > 3  # more than one chunk, really


# ------------------------------------------------------------------ one registry of formats


def _one_file(folder: Path, mode: Mode) -> Any:
    """A format invented for the test: the template's students.csv alone, renamed."""
    (folder / "pupils.csv").rename(folder / "students.csv")
    return read_student_csv(folder, mode=mode)


FLAT = StudentFormat(
    key="flat",
    names=MappingProxyType({"en": "Flat pupils file", "es": "Archivo plano de alumnos"}),
    summary="Import a flat pupils file.",
    details="",
    folder_help="The folder with pupils.csv.",
    chooses_mode=True,
    read=_one_file,
)


def test_a_new_format_is_one_entry_in_the_registry(
    demo: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(student_formats, "FORMATS", {**student_formats.FORMATS, "flat": FLAT})
    for module in (ri, views, models):
        monkeypatch.setattr(module, "FORMATS", student_formats.FORMATS)
    c = client(demo["admin"])
    form = c.get("/students/import/").content.decode()
    assert 'value="flat"' in form and "Flat pupils file" in form
    pupils = tmp_path / "pupils.csv"
    shutil.copy(DATA / "student_csv" / "students.csv", pupils)
    upload = SimpleUploadedFile("pupils.csv", pupils.read_bytes(), content_type="text/csv")
    response = c.post("/students/import/", {"format": "flat", "files": [upload]})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.format == "flat" and batch.status == ImportBatch.Status.APPLIED
    assert "Flat pupils file" in c.get(response["Location"]).content.decode()
    # the command line: one command per registered format, from the same entry
    cli = typer.Typer()
    import_cmd._register(FLAT, cli)
    import_cmd._register(student_formats.ONEROSTER, cli)
    out = runner.invoke(cli, ["flat", "--help"]).output
    assert "Import a flat pupils file." in out and "--delta" in out and "pupils.csv" in out
    assert "--delta" not in runner.invoke(cli, ["oneroster", "--help"]).output


def test_an_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(student_formats.UnknownFormat, match="known: oneroster, csv"):
        student_formats.read_folder("edfi", Path("."))


def test_a_delta_derives_the_students_it_touches_as_a_whole_import_would(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    """A delta derives again only the students it is about — those its rows name and those
    enrolled in a class, course, term or line item it changed — and the Student rows end
    exactly where deriving every student from the records kept ends."""
    bench = bench_module()
    region = build_region(students=0)
    bench.generate_oneroster(region, tmp_path / "bulk", students=40, seed=3)
    bench.generate_oneroster_delta(tmp_path / "bulk", tmp_path / "delta", share=0.2, seed=4)
    shared_delta(tmp_path / "bulk", tmp_path / "shared")

    def attempts() -> dict[str, Any]:
        return {
            s.record_id: (s.school_id, s.grade_level, s.active, s.attempts, s.demographics)
            for s in Student.objects.filter(synthetic=False)
        }

    reference = RosterState()
    before = None
    for name in ("bulk", "delta", "shared"):
        outcome = run(read_oneroster(tmp_path / name), confirm=True)
        assert outcome.applied
        snap = read_oneroster(tmp_path / name)
        reference = apply(reference, merge(reference, snap, now=NOW), confirm=True)
        got = attempts()
        expected = {
            s.id: s for s in to_students(reference, region_snapshot(), as_of=AS_OF).students
        }
        assert {k for k, v in got.items() if v[2]} == set(expected)
        for sid, student in expected.items():
            row = Student(active=True)
            row.update_from_domain(student)
            assert got[sid] == (
                row.school_id, row.grade_level, True, row.attempts, row.demographics
            ), (name, sid)  # fmt: skip
        if before is not None:
            assert got != before  # each step changed some student's rows
            if name == "shared":
                assert 0 < outcome.written < len(expected)  # some, not all
        before = got


def _derived_attempts(root: Path, names: tuple[str, ...], as_of: date) -> dict[str, Any]:
    """Each student's attempts as the Student row would hold them, derived from the pure
    reference: the exports merged in memory, every student derived on ``as_of``."""
    reference = RosterState()
    for name in names:
        snap = read_oneroster(root / name)
        reference = apply(reference, merge(reference, snap, now=NOW), confirm=True)
    expected = {}
    for s in to_students(reference, region_snapshot(), as_of=as_of).students:
        row = Student(active=True)
        row.update_from_domain(s)
        expected[s.id] = row.attempts
    return expected


def _attempts() -> dict[str, Any]:
    return dict(Student.objects.filter(synthetic=False).values_list("record_id", "attempts"))


def test_a_delta_after_a_term_ended_derives_every_student_again(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    """Derived rows depend on the day (a grade in progress until its term ends): a delta
    imported after a term ended — or in another school year — derives every student, so
    that no untouched student keeps a grade "in progress" for a finished term."""
    bench = bench_module()
    bench.generate_oneroster(build_region(students=0), tmp_path / "bulk", students=30, seed=5)
    bench.generate_oneroster_delta(tmp_path / "bulk", tmp_path / "delta", share=0.02, seed=6)
    later = date(2026, 6, 20)  # the spring term has ended; the same school year

    def imported(name: str, day: date) -> ri.ImportOutcome:
        return ri.roster_import(
            snapshot=read_oneroster(tmp_path / name),
            scope=None,
            actor=None,
            via="cli",
            fmt="oneroster",
            as_of=day,
            now=NOW,
            confirm=True,
        )

    imported("bulk", AS_OF)
    in_progress = Student.objects.filter(synthetic=False, attempts__icontains='"IP"').count()
    assert in_progress > 0
    outcome = imported("delta", later)
    assert outcome.batch is not None and outcome.batch.totals["derived"] == "all"
    assert _attempts() == _derived_attempts(tmp_path, ("bulk", "delta"), later)
    # The same day again: only what the delta touches is derived.
    again = imported("delta", later)
    assert again.batch is not None and again.batch.totals["derived"] == "touched"
    # A catalog edit since (a new revision): what students derive to may differ, so the
    # next import derives every student again, even the same files.
    from careerpaths.web.catalog.services import touch_region

    touch_region()
    after_edit = imported("delta", later)
    assert after_edit.batch is not None and after_edit.batch.totals["derived"] == "all"
    assert after_edit.written == 0  # the edit changed nothing students derive to


def test_an_enrollment_moved_to_another_student_derives_both_again(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    """A delta that moves an enrollment from one student to another changes both students'
    attempts: the one it names now and the one it named before."""
    bench = bench_module()
    bench.generate_oneroster(build_region(students=0), tmp_path / "bulk", students=12, seed=7)
    before = moved_enrollment_delta(tmp_path / "bulk", tmp_path / "delta")
    for name in ("bulk", "delta"):
        assert run(read_oneroster(tmp_path / name), confirm=True).applied
    got, expected = _attempts(), _derived_attempts(tmp_path, ("bulk", "delta"), AS_OF)
    assert got[before] == expected[before] and got == expected


def test_each_record_kept_names_its_student_and_the_migration_fills_older_ones(
    demo: dict[str, Any], tmp_path: Path
) -> None:
    """``RosterRecord.student`` (indexed: a delta reads its students' records by it) is the
    student a per-student record is about, blank for the shared kinds, whether the import
    wrote it or the migration filled it in for records imported before."""
    import importlib

    from django.apps import apps
    from django.db import connection

    run(read_oneroster(DATA / "oneroster" / "v1p2"), confirm=True)
    run(read_student_csv(DATA / "student_csv"), confirm=True)
    named_by = {
        "enrollment": "user",
        "result": "student",
        "attempt": "student",
        "transcript": "student",
    }

    def expected(kind: str, sid: str, data: dict[str, str]) -> str:
        if kind in ("student", "demographics"):
            return sid
        return data.get(named_by.get(kind, ""), "") if kind in named_by else ""

    rows = list(RosterRecord.objects.values_list("kind", "sourced_id", "data", "student"))
    assert {r[0] for r in rows} >= {"student", "enrollment", "result", "class", "attempt"}
    wrong = [r for r in rows if r[3] != expected(*r[:3])]
    assert not wrong, wrong[:3]
    RosterRecord.objects.update(student="")
    migration = importlib.import_module(
        "careerpaths.web.students.migrations.0007_roster_record_student"
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.fill_student(apps, editor)
    again = list(RosterRecord.objects.values_list("kind", "sourced_id", "data", "student"))
    assert sorted(again) == sorted(rows)


def _page_text(html: str) -> str:
    import html as html_lib
    import re

    main = html.split("<main", 1)[-1]
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def test_the_report_of_a_messy_export_speaks_the_readers_language(
    demo: dict[str, Any],
) -> None:
    """The report of an export with warnings names schools, the format, the time and every
    warning in words in the reader's language: in Spanish no school id, no format code,
    no UTC, no English warning (issue #14)."""
    import re

    from careerpaths.core.i18n import Text
    from careerpaths.web.catalog.models import Institution

    c = client(demo["admin"])
    response = c.post(
        "/students/import/", {"format": "oneroster", "files": zipped(DATA / "oneroster" / "messy")}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "applied" and batch.warnings and batch.schools
    english = _page_text(c.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode())
    spanish = _page_text(c.get(response["Location"], HTTP_ACCEPT_LANGUAGE="es").content.decode())
    reasons = [w["reason"] for w in batch.warnings]
    assert all(r in english for r in reasons)
    names = dict(Institution.objects.filter(id__in=batch.schools).values_list("id", "name"))
    for page in (english, spanish):
        assert all(name in page for name in names.values())
        assert not [s for s in batch.schools if re.search(rf"(?<![\w-]){s}(?![\w-])", page)]
        assert "oneroster-1.1" not in page and "UTC" not in page
    assert "OneRoster 1.1 CSV export" in english and "Exportación CSV de OneRoster 1.1" in spanish
    # Every warning in Spanish, none of the English sentences, no template placeholder.
    assert not [r for r in reasons if r in spanish]
    assert "%(" not in spanish and "no es una carpeta" not in spanish
    assert "se leyó como ausente" in spanish and "se ignoró la columna desconocida" in spanish
    # ... nor any English words of their templates (the parts between the values).
    templates = {Text(w["text"]["msgid"]).msgid for w in batch.warnings}
    parts = {p.strip() for t in templates for p in re.split(r"%\(\w+\)[sr]", t)}
    assert not [p for p in parts if len(p) > 10 and p in spanish]
    # The list of imports: names and words too.
    listing = _page_text(c.get("/students/import/", HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert all(name in listing for name in names.values())
    assert "oneroster-1.1" not in listing and "Exportación CSV de OneRoster 1.1" in listing


def test_every_sentence_the_student_readers_write_is_a_template_with_a_spanish_message() -> None:
    """The readers word every error and warning as ``i18n.text("template", **values)``: no
    f-string or bare literal reaches a LoadError, and every template has a Spanish message
    in the web app's catalogue (issue #14)."""
    import ast

    import polib

    from careerpaths.io import domains, oneroster, records_db, roster, spreadsheet, student_csv

    catalogue = polib.pofile(
        str(Path(ri.__file__).parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po")
    )
    spanish = {e.msgid: e.msgstr for e in catalogue if e.msgstr and not e.fuzzy}

    def reason_args(call: ast.Call) -> list[ast.expr]:
        f = call.func
        if isinstance(f, ast.Name) and f.id == "LoadError" and len(call.args) == 4:
            return [call.args[3]]
        if isinstance(f, ast.Attribute) and f.attr in ("err", "warn") and len(call.args) == 3:
            return [call.args[2]]
        return []

    def is_text(node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text"
        )

    bare, templates = [], []
    for module in (oneroster, student_csv, records_db, roster, spreadsheet, domains):
        tree = ast.parse(Path(module.__file__ or "").read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if is_text(node) and node.args and isinstance(node.args[0], ast.Constant):
                templates.append(node.args[0].value)
            for arg in reason_args(node):
                if isinstance(arg, ast.Constant | ast.JoinedStr):
                    bare.append(f"{module.__name__}:{node.lineno}")
    assert not bare, "reasons written without i18n.text: " + ", ".join(bare)
    assert len(templates) > 60
    missing = [t for t in templates if t not in spanish]
    assert not missing, missing
