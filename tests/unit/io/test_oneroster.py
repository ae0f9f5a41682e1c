"""Reading OneRoster 1.1 / 1.2 CSV exports: the snapshot, and every kind of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careerpaths.io.oneroster import race_ethnicity, read_oneroster
from careerpaths.io.roster import (
    Kind,
    Mode,
    RecordStatus,
    RosterError,
    enforce_policy,
    letter_grade,
)

DATA = Path(__file__).parents[2] / "data" / "oneroster"
AVA = "e0000000-0000-4000-8000-000000000001"
TEACHER = "e0000000-0000-4000-8000-000000000099"


def export(tmp_path: Path, version: str = "v1p1") -> Path:
    """A copy of a fixture export to break."""
    dst = tmp_path / version
    shutil.copytree(DATA / version, dst)
    return dst


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(RosterError) as exc:
        read_oneroster(root)
    return [str(e) for e in exc.value.errors]


@pytest.mark.parametrize("version", ["v1p1", "v1p2"])
def test_reads_the_fixture_exports(version: str) -> None:
    snap = read_oneroster(DATA / version)
    assert snap.source == f"oneroster-{version[1]}.{version[3]}"
    assert set(snap.modes.values()) == {Mode.BULK}
    students = {r.sourced_id for r in snap.of(Kind.STUDENT)}
    assert len(students) == 5 and TEACHER not in students  # teachers are left out
    assert TEACHER not in {r.data["user"] for r in snap.of(Kind.ENROLLMENT)}
    assert TEACHER not in {r.sourced_id for r in snap.of(Kind.DEMOGRAPHICS)}
    ava = next(r for r in snap.of(Kind.STUDENT) if r.sourced_id == AVA)
    assert ava.data["grade"] == "9"
    assert ava.data["school"] == "3f6a1c2e-0d4b-4e0a-9a51-000000000002"
    assert "givenName" not in ava.data and "Ava" not in ava.data.values()  # names not kept
    demo = next(r for r in snap.of(Kind.DEMOGRAPHICS) if r.sourced_id == AVA)
    assert dict(demo.data) == {
        "race_ethnicity": "White",
        "sex": "F",
        "economically_disadvantaged": "Y",
        "english_learner": "N",
    }


def test_1_2_results_and_final_line_items() -> None:
    snap = read_oneroster(DATA / "v1p2")
    finals = {r.sourced_id for r in snap.of(Kind.LINE_ITEM) if r.data["final"] == "yes"}
    assert finals == {
        "b0000000-0000-4000-8000-000000000001",
        "b0000000-0000-4000-8000-000000000003",
    }
    assert len(snap.of(Kind.RESULT)) == 3


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"white": True}, "White"),
        ({"white": True, "hispanicOrLatinoEthnicity": True}, "Hispanic/Latino"),
        ({"asian": True, "blackOrAfricanAmerican": True}, "Two or more races"),
        ({"demographicRaceTwoOrMoreRaces": True}, "Two or more races"),
        (
            {"nativeHawaiianOrOtherPacificIslander": True},
            "Native Hawaiian or Other Pacific Islander",
        ),
        ({}, ""),
    ],
)
def test_race_flags_to_the_federal_category(flags: dict[str, bool], expected: str) -> None:
    assert race_ethnicity(flags) == expected


@pytest.mark.parametrize(
    ("text", "score", "top", "expected"),
    [("B+", "", "", "B+"), ("", "91", "100", "A"), ("", "45", "50", "A"), ("", "59.9", "", "F"),
     ("P", "", "", "P"), ("", "x", "", None), ("", "5", "0", None)],
)  # fmt: skip
def test_letter_grade(text: str, score: str, top: str, expected: str | None) -> None:
    assert letter_grade(text, score, top) == expected


# ------------------------------------------------------------------ bad input, one at a time

USERS_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)


def test_missing_required_column(tmp_path: Path) -> None:
    root = export(tmp_path)
    edit(root / "users.csv", ",role,", ",rolle,")
    errs = errors_of(root)
    assert len(errs) == 2
    assert errs[0] == "users.csv:1: required column 'role' is missing"
    assert errs[1] == "users.csv:1:6: unknown column 'rolle' ignored; did you mean role?"


def test_an_extra_column_is_ignored_with_a_warning_and_metadata_columns_are_welcome(
    tmp_path: Path,
) -> None:
    def add_column(root: Path, name: str) -> None:
        path = root / "orgs.csv"
        lines = path.read_text().splitlines()
        path.write_text("\n".join([f"{lines[0]},{name}", *[f"{x},blue" for x in lines[1:]]]))

    root = export(tmp_path)
    add_column(root, "favoriteColor")
    snapshot = read_oneroster(root)
    assert snapshot.of(Kind.ORG)
    assert [str(w) for w in snapshot.warnings] == [
        "orgs.csv:1:8: unknown column 'favoritecolor' ignored"
    ]
    with pytest.raises(RosterError) as exc:
        enforce_policy(snapshot, strict=True)
    assert [str(e) for e in exc.value.errors] == [
        "orgs.csv:1:8: unknown column 'favoritecolor' ignored (refused: --strict)"
    ]
    root2 = export(tmp_path / "b")
    add_column(root2, "metadata.nces_id")
    snapshot = read_oneroster(root2)
    assert snapshot.of(Kind.ORG) and not snapshot.warnings


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "academicSessions.csv",
            "2025-08-20,2025-12-19",
            "2025-13-20,2025-12-19",
            "academicSessions.csv:5:6: '2025-13-20' is not a date (YYYY-MM-DD)",
        ),
        (
            "academicSessions.csv",
            "2025-08-20,2025-12-19",
            "2025-12-20,2025-12-19",
            "academicSessions.csv:5:7: endDate 2025-12-19 is before startDate 2025-12-20",
        ),
        (
            "enrollments.csv",
            "000000000001,,,d0000000-0000-4000-8000-000000000001",
            "000000000001,,,d0000000-0000-4000-8000-00000000dead",
            "enrollments.csv:2:4: classSourcedId 'd0000000-0000-4000-8000-00000000dead' "
            "is not in classes.csv",
        ),
        (
            "users.csv",
            "e0000000-0000-4000-8000-000000000099,",
            "e0000000-0000-4000-8000-000000000001,,,true,3f6a1c2e-0d4b-4e0a-9a51-000000000002,"
            "student,syn.ava,,Ava,Synthetic,,SYN-900001,,,,,09,\n"
            "e0000000-0000-4000-8000-000000000099,",
            "users.csv:7:1: sourcedId 'e0000000-0000-4000-8000-000000000001' is listed twice "
            "(first on line 2)",
        ),
        (
            "users.csv",
            ",student,syn.ava,",
            ",pupil,syn.ava,",
            "users.csv:2:6: role 'pupil' is not one of administrator, aide, guardian, parent, "
            "proctor, relative, student, teacher, counselor, districtAdministrator, principal, "
            "siteAdministrator, systemAdministrator",
        ),
        (
            "users.csv",
            "SYN-900001,,,,,09,",
            "SYN-900001,,,,,9th,",
            "users.csv:2:17: grade '9th' is not a CEDS grade level (09, 10, … 13, PS)",
        ),
        (
            "orgs.csv",
            "3f6a1c2e-0d4b-4e0a-9a51-000000000002,,,",
            "3f6a1c2e-0d4b-4e0a-9a51-000000000002,deleted,,",
            "orgs.csv:3:2: status 'deleted' is not active or tobedeleted",
        ),
        (
            "orgs.csv",
            "3f6a1c2e-0d4b-4e0a-9a51-000000000002,,,",
            "3f6a1c2e-0d4b-4e0a-9a51-000000000002,,yesterday,",
            "orgs.csv:3:3: 'yesterday' is not an ISO 8601 date-time (2025-08-20T14:03:00.000Z)",
        ),
        (
            "demographics.csv",
            "2011-03-14,female,false",
            "2011-03-14,girl,false",
            "demographics.csv:2:5: sex 'girl' is not one of male, female, other, unspecified",
        ),
        (
            "demographics.csv",
            "2011-03-14,female,false,false,false,false,true,false,false,US,IA,,,true",
            "2011-03-14,female,false,false,false,false,true,false,false,US,IA,,,maybe",
            "demographics.csv:2:17: 'maybe' is not true or false",
        ),
        (
            "classes.csv",
            "ENG9A-1,scheduled,",
            "ENG9A-1,,",
            "classes.csv:2:8: classType is required",
        ),
    ],
)
def test_bad_rows_are_reported_with_file_line_column(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    root = export(tmp_path)
    edit(root / file, old, new)
    assert errors_of(root) == [expected]


def test_every_bad_row_is_reported_not_just_the_first(tmp_path: Path) -> None:
    root = export(tmp_path)
    edit(root / "users.csv", ",09,", ",9th,")
    edit(root / "academicSessions.csv", "2024-08-21,2025-06-04", "2024-08-21,2025-06-31")
    edit(root / "enrollments.csv", ",student,false,", ",pupil,false,")
    assert errors_of(root) == [
        "academicSessions.csv:2:7: '2025-06-31' is not a date (YYYY-MM-DD)",
        "enrollments.csv:2:7: role 'pupil' is not one of administrator, proctor, student, "
        "teacher, aide, guardian, parent",
        "users.csv:2:17: grade '9th' is not a CEDS grade level (09, 10, … 13, PS)",
    ]


def test_byte_order_mark_and_excel_line_endings_are_fine(tmp_path: Path) -> None:
    root = export(tmp_path)
    for f in root.glob("*.csv"):
        f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n"))
    assert len(read_oneroster(root).of(Kind.STUDENT)) == 5


def test_non_utf8_text_is_refused_with_the_position(tmp_path: Path) -> None:
    root = export(tmp_path)
    path = root / "orgs.csv"
    path.write_bytes(path.read_bytes().replace(b"Kennedy", b"K\xe9nnedy"))
    assert errors_of(root) == ["orgs.csv:3:41: the file is not UTF-8 text (save it as CSV UTF-8)"]


def test_a_ten_megabyte_field_is_refused(tmp_path: Path) -> None:
    root = export(tmp_path)
    edit(root / "orgs.csv", "Kennedy High School", "K" * 10_000_000)
    assert errors_of(root) == ["orgs.csv:3:4: the cell is 10,000,000 characters long"]


def test_a_ten_mebibyte_field_is_refused_too(tmp_path: Path) -> None:
    root = export(tmp_path)
    edit(root / "orgs.csv", "Kennedy High School", "K" * (10 * 1024 * 1024))
    assert errors_of(root) == [
        "orgs.csv:3: a cell is longer than 10,000,000 characters (a cell may hold 1,000,000)"
    ]


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    root = export(tmp_path)
    path = root / "users.csv"
    text = path.read_text()
    path.write_text(text[: text.index("syn.cruz")])
    assert errors_of(root) == [
        "users.csv:4:8: the row has 7 cells but the header has 18 (is the file truncated?)"
    ]


def test_a_file_cut_inside_a_quoted_cell_is_refused(tmp_path: Path) -> None:
    root = export(tmp_path)
    path = root / "classes.csv"
    text = path.read_text()
    path.write_text(text[: text.index('"7c1d0000') + 12])
    errs = errors_of(root)
    assert len(errs) == 1 and errs[0].startswith("classes.csv:5: the CSV is malformed")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("oneroster.version,1.1", "oneroster.version,2.0"),
         "manifest.csv:3:2: oneroster.version '2.0' is not 1.1 or 1.2"),
        (("file.results,absent", "file.results,bulk"),
         "results.csv: the file is missing (file.results is bulk)"),
        (("file.users,bulk", "file.users,full"),
         "manifest.csv:16:2: file.users is 'full'; expected bulk, delta or absent"),
        (("file.orgs,bulk", "file.orgs,absent"),
         "manifest.csv:13:2: orgs.csv is present but the manifest says absent"),
    ],
)  # fmt: skip
def test_manifest_problems(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    root = export(tmp_path)
    edit(root / "manifest.csv", *change)
    assert expected in errors_of(root)


def test_a_missing_manifest(tmp_path: Path) -> None:
    root = export(tmp_path)
    (root / "manifest.csv").unlink()
    assert errors_of(root) == ["manifest.csv: the file is missing (every export has one)"]


def test_not_a_folder(tmp_path: Path) -> None:
    assert errors_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: not a folder"]


# ------------------------------------------------------------------ delta files


def delta_export(tmp_path: Path) -> Path:
    """A delta with one student changed and one to be deleted."""
    root = tmp_path / "delta"
    root.mkdir()
    (root / "manifest.csv").write_text(
        "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,delta\n"
    )
    (root / "users.csv").write_text(
        USERS_HEADER + "\n"
        "e0000000-0000-4000-8000-000000000001,active,2026-02-01T10:00:00.000Z,true,"
        "3f6a1c2e-0d4b-4e0a-9a51-000000000002,student,syn.ava,,Ava,Synthetic,,SYN-900001,,,,,10,\n"
        "e0000000-0000-4000-8000-000000000004,tobedeleted,2026-02-01T10:00:00.000Z,,,,,,,,,,,,,,,\n"
    )
    return root


def test_delta_rows_carry_status_and_date(tmp_path: Path) -> None:
    snap = read_oneroster(delta_export(tmp_path))
    assert snap.modes == {Kind.STUDENT: Mode.DELTA}
    statuses = [(r.sourced_id[-1], r.status) for r in snap.records]
    assert statuses == [("1", RecordStatus.ACTIVE), ("4", RecordStatus.TOBEDELETED)]
    assert (
        next(iter(snap.records)).modified is not None
        and next(iter(snap.records)).modified.tzinfo is not None
    )


def test_a_delta_row_needs_status_and_date_last_modified(tmp_path: Path) -> None:
    root = delta_export(tmp_path)
    edit(root / "users.csv", "active,2026-02-01T10:00:00.000Z,", ",,")
    assert errors_of(root) == [
        "users.csv:2:2: status is required in a delta file (active or tobedeleted)",
        "users.csv:2:3: dateLastModified is required in a delta file",
    ]


def test_a_1_2_bulk_export_needs_roles(tmp_path: Path) -> None:
    root = export(tmp_path, "v1p2")
    (root / "roles.csv").unlink()
    edit(root / "manifest.csv", "file.roles,bulk\n", "")
    assert errors_of(root) == [
        "manifest.csv: OneRoster 1.2 gives users' roles in roles.csv, which the manifest does "
        "not list"
    ]


def test_a_1_2_export_that_keeps_the_role_column_in_users_is_read(tmp_path: Path) -> None:
    root = export(tmp_path, "v1p2")
    (root / "roles.csv").unlink()
    edit(root / "manifest.csv", "file.roles,bulk\n", "")
    path = root / "users.csv"
    lines = path.read_text().splitlines()
    path.write_text(
        "\n".join(
            [lines[0] + ",role"]
            + [x + (",teacher" if "syn.teacher" in x else ",student") for x in lines[1:]]
        )
        + "\n"
    )
    assert len(read_oneroster(root).of(Kind.STUDENT)) == 5


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "results.csv",
            "fully graded,91,A-",
            "fully graded,-91,A-",
            "results.csv:2:8: score '-91' is not a score from 0 to 1,000,000",
        ),
        (
            "results.csv",
            "fully graded,91,A-",
            "fully graded,1e308,A-",
            "results.csv:2:8: score '1e308' is not a score from 0 to 1,000,000",
        ),
        (
            "lineItems.csv",
            "final,7c1d0000-aaaa-4bbb-8ccc-0000000025fa,3f6a1c2e-0d4b-4e0a-9a51-000000000002,0,100,",
            "final,7c1d0000-aaaa-4bbb-8ccc-0000000025fa,3f6a1c2e-0d4b-4e0a-9a51-000000000002,0,inf,",
            "lineItems.csv:2:13: resultValueMax 'inf' is not a maximum score from 0 to 1,000,000",
        ),
    ],
)
def test_scores_are_bounded_by_their_domain(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    """Issue 12 item 6: a negative or huge OneRoster score is refused with its position."""
    root = tmp_path / "v1p2"
    shutil.copytree(DATA / "v1p2", root)
    path = root / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert errors_of(root) == [expected]
