"""Batch audits over the app's database: stored runs, history, suppressed reports, scope.

district da ── hs-a        district db ── hs-b        cc (the college)
The web region's 5 synthetic students, plus the cohorts ``_add`` puts in a school:
  "random"  grade 11, passed HSE/HSM and CIS-101 + ART-101 for dual credit (ART-101 counts
            toward no credential: a random act of 3 credits), on track;
  "on"      the same record without ART-101: on track, no random act;
  "off"     grade 10 with nothing on record: off track.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.core import model as m
from careerpaths.core.privacy import Line, recoverable
from careerpaths.core.requisites import course_key
from careerpaths.core.student_audit import audit_student
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.audits import selectors
from careerpaths.web.audits.models import AuditRun, RandomAct, StudentResult
from careerpaths.web.audits.selectors import SchoolCounts, change_cells, school_table
from careerpaths.web.audits.services import batch_audit_run
from careerpaths.web.catalog.selectors import region_index
from careerpaths.web.students.models import Student, StudentAccess
from tests.web.regions import web_region

RANDOM_ATTEMPTS = web_region().students["SYN-A1"].attempts
ON_ATTEMPTS = tuple(a for a in RANDOM_ATTEMPTS if a.course != "ART-101")


def _add(school: str, prefix: str, *, random: int = 0, on: int = 0, off: int = 0) -> None:
    """Add synthetic students to ``school`` (see the module docstring for the three kinds)."""
    kinds = [("random", RANDOM_ATTEMPTS, 11)] * random + [("on", ON_ATTEMPTS, 11)] * on
    kinds += [("off", (), 10)] * off
    rows = []
    for i, (kind, attempts, grade) in enumerate(kinds):
        row = Student()
        row.update_from_domain(
            m.Student(
                id=f"{prefix}-{kind}-{i}",
                school=school,
                grade_level=grade,
                cohort=2026 + 12 - grade,
                pathway="it",
                attempts=attempts,
                synthetic=True,
            )
        )
        rows.append(row)
    Student.objects.bulk_create(rows)


def _scope(users: dict[str, Any], role: str) -> Scope:
    from careerpaths.web.accounts.selectors import user_scope

    return user_scope(user=users[role])


# --------------------------------------------------------------------------- the stored run


def test_the_stored_run_matches_audit_student_for_every_student(region: Any) -> None:
    _add("hs-b", "X", random=2, on=1, off=2)
    Student.objects.filter(record_id="SYN-A3").update(active=False)
    run = batch_audit_run(as_of=date(2026, 10, 1), chunk_size=3)  # several chunks

    index = region_index()
    active = Student.objects.filter(active=True)
    results = {r.student_id: r for r in StudentResult.objects.filter(run=run)}
    assert set(results) == set(active.values_list("pk", flat=True))  # inactive: not audited
    for row in active:
        expected = audit_student(row.to_domain(), index.region, index)
        got = results[row.pk]
        assert got.school == row.school_id
        assert got.on_track == expected.on_track
        assert got.flags == sorted({f.code.value for f in expected.flags})
        assert got.college_credits == expected.college_credits
        assert got.dual_credits == expected.dual_credits
        assert got.random_acts == [course_key(c) for c in expected.random_acts]
        assert got.random_act_count == len(expected.random_acts)
        # the caseload columns come from the same results
        assert row.summary_on_track == expected.on_track
        assert row.summary_random_acts == len(expected.random_acts)
        assert row.summary_flags == got.flags
    a1 = results[Student.objects.get(record_id="SYN-A1").pk]
    assert (a1.random_acts, a1.random_act_credits) == (["ART101"], 3.0)
    assert list(RandomAct.objects.filter(result=a1).values_list("course_key", "provider")) == [
        ("ART101", "cc")
    ]
    assert run.as_of == date(2026, 10, 1) and run.source == "cli" and run.finished_at


def test_a_run_stores_verdicts_and_the_student_page_builds_the_explanation(
    users: dict[str, Any],
) -> None:
    from careerpaths.web.students.services import student_record_open

    row = Student.objects.get(record_id="SYN-A1")
    scope = _scope(users, "counselor")

    def open_page() -> Any:
        return student_record_open(
            scope=scope, actor=users["counselor"], public_id=str(row.public_id)
        )

    open_page()
    row.refresh_from_db()
    assert row.summary_audit is not None  # the page stored its explanation
    batch_audit_run()
    # the run wrote the verdicts' columns and cleared the explanations it did not build
    assert Student.objects.filter(active=True, summary_audit__isnull=False).count() == 0
    page = open_page()
    index = region_index()
    assert page.computed == audit_student(row.to_domain(), index.region, index)
    row.refresh_from_db()
    assert row.summary_audit == page.audit  # built once, stored for the next view
    again = open_page()
    assert again.computed is None and again.audit == page.audit


def test_the_run_counts_add_up(region: Any) -> None:
    _add("hs-a", "A", random=4, on=3, off=5)
    run = batch_audit_run()
    results = StudentResult.objects.filter(run=run)
    assert run.students == results.count() == Student.objects.count() == 17
    assert run.on_track + run.off_track == run.students
    assert run.off_track == results.filter(on_track=False).count() == 5 + 2
    assert run.students_with_random_acts == results.filter(random_act_count__gt=0).count() == 6
    assert run.random_act_credits == pytest.approx(6 * 3.0)
    assert sum(RandomAct.objects.filter(run=run).values_list("credits", flat=True)) == 18.0


def test_two_runs_keep_their_own_history(region: Any) -> None:
    first = batch_audit_run(as_of=date(2026, 10, 1))
    a2 = Student.objects.get(record_id="SYN-A2")
    a2.attempts = [[a.course, a.term.id, a.grade, a.credits_earned, a.dual_credit, a.provider,
                    a.school_year] for a in ON_ATTEMPTS]  # fmt: skip
    a2.grade_level = 11
    a2.save()
    second = batch_audit_run(as_of=date(2026, 11, 1))
    assert AuditRun.objects.count() == 2
    before = StudentResult.objects.get(run=first, student=a2)
    after = StudentResult.objects.get(run=second, student=a2)
    assert (before.on_track, after.on_track) == (False, True)  # off track on 2026-10-01
    assert selectors.previous_run(run=second) == first
    assert selectors.previous_run(run=first) is None
    assert selectors.latest_run() == second
    assert StudentResult.objects.filter(run=first).count() == 5


def test_a_failed_run_leaves_nothing(region: Any) -> None:
    Student.objects.filter(record_id="SYN-A1").update(attempts=[["ART-101", "no-term"]])
    with pytest.raises(ValueError):
        batch_audit_run()
    assert not AuditRun.objects.exists() and not StudentResult.objects.exists()


# --------------------------------------------------------------------------- reports


def _rows(report: selectors.RunReport) -> dict[str, selectors.SchoolRow]:
    return {f"{r.kind}:{r.id}": r for r in report.schools}


def test_a_school_with_three_random_act_students_is_suppressed(region: Any) -> None:
    # hs-a: 3 students with random acts (SYN-A1 + 2) among 40; hs-b: 21 among 42.
    _add("hs-a", "A", random=2, on=20, off=15)
    _add("hs-b", "B", random=20, on=10, off=10)
    run = batch_audit_run()
    rows = _rows(selectors.run_report(scope=selectors.REGION_WIDE, run=run))
    hs_a = rows["school:hs-a"]
    assert hs_a.random_students == "*" and hs_a.random_credits == "*"
    assert hs_a.students == "40"
    # its district has one school: the district's count would give it away
    assert rows["district:da"].random_students == "*"
    # and so would the region's total minus hs-b's: hs-b (and its district) are hidden too
    assert rows["school:hs-b"].random_students == "*"
    assert rows["district:db"].random_students == "*"
    assert rows["school:hs-b"].random_credits == "*"
    assert rows["region:"].random_students == "24"
    assert rows["region:"].random_credits == "72"
    shown = [getattr(r, f) for r in rows.values() for f in ("students", "on_track", "off_track")]
    assert "3" not in [r.random_students for r in rows.values()]
    assert all(x.isdigit() for x in shown)  # nothing small there: all shown


def test_the_course_table_suppresses_small_counts(region: Any) -> None:
    _add("hs-b", "B", random=12)
    run = batch_audit_run()
    courses = selectors.run_report(scope=selectors.REGION_WIDE, run=run).courses
    assert [(c.key, c.students, c.credits, c.college) for c in courses] == [
        ("ART101", "14", "42", "Community College")
    ]
    Student.objects.filter(record_id__startswith="B-").delete()
    run = batch_audit_run()
    courses = selectors.run_report(scope=selectors.REGION_WIDE, run=run).courses
    assert [(c.key, c.students, c.credits) for c in courses] == [("ART101", "*", "*")]


def test_the_runs_list_suppresses_small_counts(region: Any) -> None:
    batch_audit_run()
    (line,) = selectors.runs_list()
    assert (line.students, line.on_track, line.off_track) == ("*", "*", "*")
    assert (line.random_students, line.random_credits) == ("*", "*")
    assert line.started_by == "command line"


def test_changes_since_the_previous_run(region: Any) -> None:
    _add("hs-a", "A", on=30)
    _add("hs-b", "B", random=10, off=10)
    first = batch_audit_run()
    # 12 students fall off track, 12 new students with random acts arrive
    for row in Student.objects.filter(record_id__startswith="A-")[:12]:
        row.attempts = []
        row.grade_level = 10
        row.save()
    _add("hs-b", "N", random=12)
    second = batch_audit_run()
    changes = selectors.run_changes(scope=selectors.REGION_WIDE, run=second)
    assert changes is not None and changes.previous == first
    got = {c.code: c.value for c in changes.rows}
    assert got == {
        "both": "55",
        "newly_off": "12",
        "back_on": "0",
        "newly_random": "0",
        "joined": "12",
        "left": "0",
    }
    # a district designer's changes cover its schools only: there, one student was off track
    # in both runs (SYN-A2) and one had random acts in both (SYN-A1); "back on track: 0"
    # with the runs' totals would tell about those single students, so nothing is shown
    designer = Scope(
        user_id=None, role=Role.DISTRICT_DESIGNER, institutions=frozenset({"da", "hs-a"})
    )
    got = {c.code: c.value for c in selectors.run_changes(scope=designer, run=second).rows}
    assert set(got.values()) == {"*"}


def test_a_small_change_hides_its_complement() -> None:
    # 3 students fell off track and 40 stayed: "newly off track" is <10, and "back on
    # track" (0) cannot be shown either: with the totals of both runs it would pin it down.
    before = {i: (True, False) for i in range(43)} | {100 + i: (False, False) for i in range(20)}
    now = {i: (i >= 3, False) for i in range(43)} | {100 + i: (False, False) for i in range(20)}
    values, hidden = change_cells(now, before)
    assert values["newly_off"] == 3
    assert "newly_off" in hidden
    assert "back_on" in hidden or "both" in hidden


# --------------------------------------------------------------------------- a property


def _region(districts: list[int]) -> m.Region:
    insts = {}
    for d, n in enumerate(districts):
        insts[f"d{d}"] = m.Institution(f"d{d}", f"District {d}", m.InstitutionKind.DISTRICT)
        for s in range(n):
            sid = f"s{d}-{s}"
            insts[sid] = m.Institution(sid, sid, m.InstitutionKind.HIGH_SCHOOL, f"d{d}")
    return replace(web_region(), institutions=insts)


def _lines(schools: dict[str, str]) -> list[Line]:
    """What a reader knows: each unit's students = on + off, districts and the region sum."""
    lines = []
    by_district: dict[str, list[str]] = {}
    for s, d in schools.items():
        by_district.setdefault(d, []).append(s)
    units = [("school", s) for s in schools] + [("district", d) for d in by_district]
    for u in [*units, ("region", "")]:
        lines.append(Line((u, "students"), ((u, "on_track"), (u, "off_track"))))
    for f in ("students", "on_track", "off_track", "random_students"):
        for d, ss in by_district.items():
            lines.append(Line((("district", d), f), tuple((("school", s), f) for s in ss)))
        parts = tuple((("district", d), f) for d in by_district)
        lines.append(Line((("region", ""), f), parts))
    return lines


counts = st.integers(0, 40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=3).flatmap(
        lambda ds: st.tuples(
            st.just(ds),
            st.lists(
                st.tuples(counts, counts, counts).map(lambda t: (t[0], min(t[1], t[0]), t[2])),
                min_size=sum(ds),
                max_size=sum(ds),
            ),
        )
    )
)
def test_no_hidden_school_count_can_be_worked_out(case: tuple[list[int], list[Any]]) -> None:
    districts, cells = case
    region = _region(districts)
    schools = {i.id: i.parent or "" for i in region.institutions.values() if i.parent}
    data = {
        s: SchoolCounts(n, on, min(ra, n), 3.0 * min(ra, n))
        for s, (n, on, ra) in zip(sorted(schools), cells, strict=True)
        if n
    }
    schools = {s: d for s, d in schools.items() if s in data}
    rows = school_table(counts=data, region=region)
    fields = ("students", "on_track", "off_track", "random_students")
    hidden = set()
    for unit, row in rows:
        for f in fields:
            value = getattr(row, f)
            if not value.isdigit():
                hidden.add((unit, f))
            else:
                assert not 0 < int(value) < 10
    # "without random acts" is never published: an unknown as well
    unknowns = hidden | {(u, "no_random") for u, _r in rows}
    lines = _lines(schools) + [
        Line((u, "students"), ((u, "random_students"), (u, "no_random"))) for u, _r in rows
    ]
    assert not recoverable(unknowns, lines) & hidden


# --------------------------------------------------------------------------- scope and pages


def test_each_role_sees_its_part_of_a_run(users: dict[str, Any]) -> None:
    _add("hs-b", "B", random=12)
    run = batch_audit_run()

    def units(role: str) -> set[str]:
        return set(_rows(selectors.run_report(scope=_scope(users, role), run=run)))

    assert units("site_admin") == units("viewer") == {
        "school:hs-a", "district:da", "school:hs-b", "district:db", "region:",
    }  # fmt: skip
    assert units("district_designer") == {"school:hs-a", "district:da"}
    assert units("counselor") == {"school:hs-a"}
    assert units("college_coordinator") == set()
    coordinator = selectors.run_report(scope=_scope(users, "college_coordinator"), run=run)
    assert [c.key for c in coordinator.courses] == ["ART101"]  # cc's course
    assert selectors.run_report(scope=_scope(users, "counselor"), run=run).courses == ()


def test_a_counselor_gets_only_own_students_random_acts(users: dict[str, Any]) -> None:
    run = batch_audit_run()
    rows = selectors.random_acts_by_student(scope=_scope(users, "counselor"), run=run)
    assert [r.student.record_id for r in rows] == ["SYN-A1"]  # not SYN-B1 (hs-b)
    assert not selectors.random_acts_by_student(scope=_scope(users, "viewer"), run=run).exists()


def test_the_run_page_shows_no_out_of_scope_row_and_no_student(client_for: Any) -> None:
    _add("hs-b", "B", random=12)
    run = batch_audit_run()
    url = reverse("audits:run", kwargs={"run_id": run.pk})
    page = client_for("counselor").get(url).content.decode()
    assert 'data-unit="school:hs-a"' in page and "hs-b" not in page
    assert "Beta High School" not in page
    assert reverse("caseload") + "?flag=random-act" in page
    page = client_for("viewer").get(url).content.decode()
    assert 'data-unit="school:hs-b"' in page and 'data-course="ART101"' in page
    assert "SYN-" not in page and "B-random" not in page  # aggregates only
    assert "&lt;10" not in page and "A count from 1 to 9 is hidden (“*”)" in page
    assert not StudentAccess.objects.exists()


def test_a_counselor_lists_own_students_random_acts_and_each_view_is_logged(
    client_for: Any, users: dict[str, Any]
) -> None:
    run = batch_audit_run()
    page = client_for("counselor").get(reverse("audits:students", kwargs={"run_id": run.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "SYN-A1" in text and "ART101" in text and "SYN-B1" not in text
    logged = StudentAccess.objects.get()
    assert (logged.student.record_id, logged.what, logged.actor) == (
        "SYN-A1", "batch-audit", users["counselor"],
    )  # fmt: skip
    run_page = client_for("counselor").get(reverse("audits:run", kwargs={"run_id": run.pk}))
    assert reverse("audits:students", kwargs={"run_id": run.pk}) in run_page.content.decode()


def test_only_a_site_admin_starts_a_run(client_for: Any, users: dict[str, Any]) -> None:
    response = client_for("district_designer").post(reverse("audits:start"))
    assert response.status_code == 403 and not AuditRun.objects.exists()
    response = client_for("site_admin").post(reverse("audits:start"))
    run = AuditRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:run", kwargs={"run_id": run.pk})
    assert run.source == "web" and run.started_by == users["site_admin"]
    page = client_for("viewer").get(reverse("audits:index")).content.decode()
    assert "site_admin" in page and "Run batch audit now" not in page
    assert (
        "Run batch audit now"
        in client_for("site_admin").get(reverse("audits:index")).content.decode()
    )


def test_the_caseload_names_the_batch_audit_it_shows(client_for: Any) -> None:
    assert (
        "caseload-batch-run"
        not in client_for("counselor").get(reverse("caseload")).content.decode()
    )
    batch_audit_run(as_of=date(2026, 10, 1))
    page = client_for("counselor").get(reverse("caseload")).content.decode()
    assert "Flags from the batch audit of Oct. 1, 2026." in page


def test_queries_do_not_grow_with_the_number_of_students(region: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            batch_audit_run(chunk_size=200)
        return len(ctx.captured_queries)

    _add("hs-a", "A", random=10, on=10, off=10)
    few = queries()
    _add("hs-b", "B", random=40, on=40, off=40)  # 120 more students
    # bulk writes only: SQLite's 999-parameter limit splits them every ~90 rows, no more
    assert queries() - few <= 4


def test_the_run_page_in_spanish(client_for: Any) -> None:
    run = batch_audit_run(as_of=date(2026, 10, 1))
    url = reverse("audits:run", kwargs={"run_id": run.pk})
    page = client_for("viewer").get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        "Auditoría por lotes del" in page and "Créditos sin rumbo por curso universitario" in page
    )


def test_the_migration_to_the_published_audit_shape_clears_stored_audits(
    users: dict[str, Any],
) -> None:
    import importlib

    from django.apps import apps

    from careerpaths.web.students.services import student_record_open

    migration = importlib.import_module(
        "careerpaths.web.students.migrations.0004_stored_audit_shape"
    )
    row = Student.objects.get(record_id="SYN-A1")
    scope = _scope(users, "counselor")
    old_shape = {"diploma": {"root": {"description": "old"}}, "credentials": [], "flags": []}
    Student.objects.filter(pk=row.pk).update(summary_audit=old_shape)
    kept = Student.objects.filter(summary_audit__isnull=True).count()
    migration.clear_stored_audits(apps, None)
    assert Student.objects.filter(summary_audit__isnull=False).count() == 0
    assert Student.objects.filter(summary_audit__isnull=True).count() == kept + 1
    # the page builds the audit again, in the published shape (``tree``, not ``root``)
    page = student_record_open(scope=scope, actor=users["counselor"], public_id=str(row.public_id))
    assert page.computed is not None
    assert "tree" in page.audit["diploma"] and "root" not in page.audit["diploma"]
    row.refresh_from_db()
    assert row.summary_audit == page.audit
