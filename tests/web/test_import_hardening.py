"""Issue 12's attacks on the student-data import, reproduced: damaged zips (item 7), two
imports at once (item 9), huge and negative numbers (item 6).

Each test runs the attack as it was found (a web upload, a second command line import) and
checks the promised behaviour: a positioned error and an import-log row instead of a 500, an
exit code of its own and the attempt logged instead of a ``database is locked`` traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from typer.testing import CliRunner

from careerpaths.cli.main import app
from careerpaths.web.students.import_lock import ADVISORY_KEY, BUSY_REASON, lock_path
from careerpaths.web.students.models import ImportBatch, RosterRecord, Student
from tests.web.test_roster_import import DATA, client, csv_files, demo  # noqa: F401

runner = CliRunner()


# ------------------------------------------------------------------ damaged zips (item 7)


def _zip_of(folder: Path, compression: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for p in sorted(folder.glob("*.csv")):
            z.write(p, p.name)
    return buf.getvalue()


def _patch_headers(data: bytes, member: str, *, flag: int = 0, method: int | None = None) -> bytes:
    """Set a general-purpose flag bit and/or the compression method of ``member`` in both
    its local header and its central-directory entry (what a zip tool would have written)."""
    out = bytearray(data)
    name = member.encode()
    for sig, flag_at, method_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 8, 26, 30),
        (b"PK\x01\x02", 8, 10, 28, 46),
    ):
        start = 0
        while (i := out.find(sig, start)) >= 0:
            start = i + 4
            n = int.from_bytes(out[i + name_len_at : i + name_len_at + 2], "little")
            if bytes(out[i + name_at : i + name_at + n]) != name:
                continue
            bits = int.from_bytes(out[i + flag_at : i + flag_at + 2], "little") | flag
            out[i + flag_at : i + flag_at + 2] = bits.to_bytes(2, "little")
            if method is not None:
                out[i + method_at : i + method_at + 2] = method.to_bytes(2, "little")
    return bytes(out)


def _upload(c: Any, payload: bytes) -> Any:
    return c.post(
        "/students/import/",
        {"format": "csv", "files": SimpleUploadedFile("export.zip", payload)},
    )


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        ("encrypted", "encrypted"),
        ("bad-crc", "damaged"),
        ("unsupported-compression", "method"),
    ],
)
def test_a_damaged_zip_gives_a_positioned_error_and_an_import_log_row(
    demo: dict[str, Any],  # noqa: F811
    damage: str,
    says: str,
) -> None:
    payload = _zip_of(DATA / "student_csv")
    if damage == "encrypted":
        payload = _patch_headers(payload, "attempts.csv", flag=0x1)
    elif damage == "bad-crc":
        text = (DATA / "student_csv" / "attempts.csv").read_bytes()
        i = payload.index(text)  # stored: the file's bytes are in the archive as they are
        payload = payload[: i + 20] + bytes([payload[i + 20] ^ 0x20]) + payload[i + 21 :]
    else:
        payload = _patch_headers(payload, "attempts.csv", method=99)  # 99: WinZip AES
    c = client(demo["admin"])
    response = _upload(c, payload)
    assert response.status_code == 302, response.content[:500]
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    assert [e["file"] for e in batch.errors] == ["attempts.csv"]
    assert says in batch.errors[0]["reason"]
    page = c.get(response["Location"]).content.decode()
    assert "attempts.csv" in page and says in page
    assert not RosterRecord.objects.exists()


# ------------------------------------------------------------------ two imports (item 9)


@pytest.fixture(autouse=True)
def _no_spooled_attempts() -> Iterator[None]:
    """Refused attempts spooled (SQLite) by an earlier test are not this test's."""
    if connections["default"].vendor != "sqlite":
        yield
        return
    spool = lock_path().with_suffix(".refused")
    spool.unlink(missing_ok=True)
    yield
    spool.unlink(missing_ok=True)


@contextlib.contextmanager
def another_import_running() -> Iterator[None]:
    """Hold the database's import lock the way a second process does."""
    conn = connections["default"]
    if conn.vendor == "postgresql":
        import psycopg

        other = psycopg.connect(**conn.get_connection_params(), autocommit=True)
        try:
            other.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
            yield
        finally:
            other.close()
        return
    fd = os.open(lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def test_a_second_cli_import_is_refused_at_once_with_its_own_exit_code_and_logged(
    demo: dict[str, Any],  # noqa: F811
) -> None:
    folder = str(DATA / "student_csv")
    with another_import_running():
        result = runner.invoke(app, ["import", "csv", folder])
    assert result.exit_code == 3, result.output
    assert "another student-data import into this database was running" in result.output
    assert "Traceback" not in result.output and "locked" not in result.output
    assert not RosterRecord.objects.exists()
    assert not Student.objects.filter(record_id__startswith="SYN-91").exists()
    # The import that runs next (or, on PostgreSQL, the refused one itself) logs the attempt.
    result = runner.invoke(app, ["import", "csv", folder])
    assert result.exit_code == 0, result.output
    failed = ImportBatch.objects.get(status="failed")
    assert (failed.via, failed.format, failed.filename) == ("cli", "csv", "student_csv")
    assert failed.errors[0]["reason"] == BUSY_REASON
    assert ImportBatch.objects.filter(status="applied").count() == 1


def test_a_web_upload_during_another_import_gets_a_clear_message(
    demo: dict[str, Any],  # noqa: F811
) -> None:
    c = client(demo["admin"])
    with another_import_running():
        response = c.post(
            "/students/import/", {"format": "csv", "files": csv_files(DATA / "student_csv")}
        )
    assert response.status_code == 400
    assert "Another student-data import is running" in response.content.decode()
    assert not RosterRecord.objects.exists()
    assert runner.invoke(app, ["import", "csv", str(DATA / "student_csv")]).exit_code == 0
    failed = ImportBatch.objects.get(status="failed")
    assert (failed.via, failed.actor) == ("web", demo["admin"])


# ------------------------------------------------------------------ huge numbers (item 6)


def test_a_web_delta_with_huge_credits_is_refused_with_its_position(
    demo: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    c = client(demo["admin"])
    c.post("/students/import/", {"format": "csv", "files": csv_files(DATA / "student_csv")})
    attempts = (DATA / "student_csv" / "attempts.csv").read_text().splitlines()
    header, first = attempts[0], attempts[1].split(",")
    columns = header.split(",")
    first[columns.index("credits_earned")] = "5e307"
    first[columns.index("status")] = "active"
    first[columns.index("date_last_modified")] = "2026-02-01T00:00Z"
    delta = tmp_path / "delta"
    delta.mkdir()
    (delta / "attempts.csv").write_text(header + "\n" + ",".join(first) + "\n")
    (delta / "students.csv").write_text(
        (DATA / "student_csv" / "students.csv").read_text().splitlines()[0] + "\n"
    )
    response = c.post(
        "/students/import/", {"format": "csv", "delta": "on", "files": csv_files(delta)}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.order_by("-id").first()
    assert batch is not None and batch.status == "failed"
    assert {
        "file": "attempts.csv",
        "line": 2,
        "column": columns.index("credits_earned") + 1,
        "reason": "'5e307' is not a number of credits from 0 to 30",
    } in [{k: v for k, v in e.items() if k != "text"} for e in batch.errors]
    assert c.get("/equity/").status_code == 200


# ------------------------------------------------------------------ warnings on the report


def test_a_messy_export_lands_and_its_report_lists_the_warnings(
    demo: dict[str, Any],  # noqa: F811
) -> None:
    c = client(demo["admin"])
    messy = DATA / "oneroster" / "messy"
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(messy.glob("*.csv"))]
    response = c.post("/students/import/", {"format": "oneroster", "files": files})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == "applied" and len(batch.warnings) == 11
    page = c.get(response["Location"]).content.decode()
    assert 'data-testid="warnings"' in page and "11 warnings: imported, please check" in page
    assert "users.csv:1:19</code>: unknown column" in page
