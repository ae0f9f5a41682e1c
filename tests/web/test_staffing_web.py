"""Staffing pages: scope, the personal-data log, activation gated by orientation,
approval decisions logged, imports whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from careerpaths.web.staffing.models import (
    Approval,
    ApprovalEvent,
    Instructor,
    InstructorAccess,
    Section,
)
from careerpaths.web.staffing.services import StaffingRefused, staffing_import
from tests.web import staffing_files
from tests.web.auth import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffing(region: Any, tmp_path: Path) -> Path:
    folder = staffing_files.write(tmp_path / "staffing")
    staffing_import(folder=folder)
    return folder


def _ins(ref: str) -> Instructor:
    return Instructor.objects.get(ref=ref)


def test_coordinator_sees_demand_the_unstaffed_section_and_why(
    client_for: Any, staffing: Path
) -> None:
    html = client_for("college_coordinator").get("/staffing/").content.decode()
    assert "Alpha High School" in html
    assert "S-CIS101" in html
    # Ada is approved but has not done the orientation: the section does not count as staffed
    assert "Ada Teacher (illustrative) has not done the course orientation" in html
    # each candidate's verdict with its reasons
    assert "needs a bachelor&#x27;s degree in information technology" in html
    assert "Illustrative:" in html
    assert "<td>*</td>" in html  # one student: a small count is not shown


def test_designer_sees_shortages_without_anyones_credentials(
    client_for: Any, staffing: Path
) -> None:
    html = client_for("district_designer").get("/staffing/").content.decode()
    assert "has not done the course orientation" in html
    assert "needs a bachelor" not in html  # verdicts only
    assert "/activate/" not in html  # the sections table and its actions are the college's
    assert f"/staffing/instructors/{_ins('ada').public_id}/" not in html


def test_instructor_record_is_for_the_college_only_and_every_view_is_logged(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    url = f"/staffing/instructors/{_ins('ada').public_id}/"
    assert client_for("district_designer").get(url).status_code == 403
    assert client_for("counselor").get(url).status_code == 403
    assert InstructorAccess.objects.count() == 0
    response = client_for("college_coordinator").get(url)
    assert response.status_code == 200
    assert (
        "Aug. 1, 2026" in response.content.decode()
    )  # the background check, as the reader writes dates
    client_for("site_admin").get(url)
    assert list(
        InstructorAccess.objects.order_by("pk").values_list("user_id", "instructor__ref")
    ) == [
        (users["college_coordinator"].pk, "ada"),
        (users["site_admin"].pk, "ada"),
    ]


def test_a_section_cannot_be_activated_until_the_orientation_is_done(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    client = client_for("college_coordinator")
    section = Section.objects.get(ref="S-CIS101")
    response = client.post(f"/staffing/sections/{section.public_id}/activate/", follow=True)
    html = response.content.decode()
    assert "cannot be activated until it is done (NACEP F2)" in html
    section.refresh_from_db()
    assert section.status == "planned"
    ada = _ins("ada")
    client.post(
        f"/staffing/instructors/{ada.public_id}/orientation/",
        {"course": "CIS-101", "date": "2027-08-01"},
    )
    client.post(f"/staffing/sections/{section.public_id}/activate/")
    section.refresh_from_db()
    assert section.status == "active"
    events = list(
        ApprovalEvent.objects.filter(approval__instructor=ada).values_list("action", "actor_id")
    )
    assert events == [
        ("orientation", users["college_coordinator"].pk),
        ("section-activated", users["college_coordinator"].pk),
    ]


def test_approval_decisions_are_checked_and_logged(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    client = client_for("college_coordinator")
    ben = _ins("ben")
    url = f"/staffing/instructors/{ben.public_id}/decide/"
    html = client.post(
        url, {"decision": "approved", "courses": "CIS-101"}, follow=True
    ).content.decode()
    assert "needs 1 more year of work experience in information technology" in html
    html = client.post(url, {"decision": "declined"}, follow=True).content.decode()
    assert "Give the reasons for declining." in html
    assert Approval.objects.get(instructor=ben).status == "applied"
    client.post(url, {"decision": "declined", "reasons": "One more year of experience"})
    approval = Approval.objects.get(instructor=ben)
    assert (approval.status, approval.reasons, approval.decided_by) == (
        "declined", "One more year of experience", "college_coordinator",
    )  # fmt: skip
    assert list(approval.events.values_list("action", "actor_id", "note")) == [
        ("declined", users["college_coordinator"].pk, "One more year of experience")
    ]


def test_an_import_with_bad_input_saves_nothing(region: Any, tmp_path: Path) -> None:
    bad = (
        staffing_files.SECTIONS
        + """\
  - id: S-CIS101-B
    term: 2027-FA
    course: CIS-101
    site: hs-a
    delivery: hs_teacher_adjunct
    capacity: 30
    room_capacity: 24
    meetings: [{days: [wed], start: "09:00", end: "10:00"}]
    instructor: ada
"""
    )
    folder = staffing_files.write(tmp_path / "bad", sections_yaml=bad)
    with pytest.raises(StaffingRefused) as exc:
        staffing_import(folder=folder)
    assert sorted(f.code for f in exc.value.findings if f.severity.value == "error") == [
        "instructor-overlap",
        "section-over-room-capacity",
    ]
    assert Instructor.objects.count() == 0 and Section.objects.count() == 0


def test_due_list_by_role_and_its_calendar(client_for: Any, staffing: Path) -> None:
    coordinator = client_for("college_coordinator").get("/staffing/due/").content.decode()
    assert "College academic leadership reviews and approves instructors" in coordinator
    assert "Student applications" not in coordinator  # the counselors' step
    counselor = client_for("counselor").get("/staffing/due/").content.decode()
    assert "Student applications and parent consent collected" in counselor
    response = client_for("college_coordinator").get("/staffing/due.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert "NACEP F2: Course orientation" in summaries
    assert any(s.startswith("Course and section confirmed with the college") for s in summaries)


def test_the_demo_staffing_loads_and_shows_the_nursing_remedies(db: None, client: Any) -> None:
    from django.contrib.auth import get_user_model

    from careerpaths.demo.region import build_region
    from careerpaths.staffing.files import DEMO_STAFFING
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import

    region_import(region=build_region(students=0))
    counts = staffing_import(folder=DEMO_STAFFING)
    assert counts == {"instructors": 7, "sections": 5, "approvals": 6}
    user = get_user_model().objects.create_user(username="coord", password="x")
    user_set_role(user=user, role=Role.COLLEGE_COORDINATOR, institutions=["kirkwood"])
    verified_login(client, user)
    section = Section.objects.get(ref="2028SP-HSC173-LCRC-A")
    html = client.post(f"/staffing/sections/{section.public_id}/activate/", follow=True)
    assert "cannot be activated until it is done (NACEP F2)" in html.content.decode()
    url = f"/staffing/instructors/{_ins('ins-lee').public_id}/"
    assert "needs a current RN licence (RN expired 2026-05-31)" in client.get(url).content.decode()


def test_the_page_says_how_remedies_are_costed_and_who_is_eligible(
    client_for: Any, staffing: Path
) -> None:
    html = client_for("college_coordinator").get("/staffing/").content.decode()
    # the test region's college has no state on record: the published tuition, said so
    assert "Remedies are costed under the course&#x27;s published tuition (the college" in html
    assert "published rate (no funding rules applied)" in html
    # demand counts the eligible, with the course's rule beside it
    assert "Eligible students" in html and "<code>grade &gt;= 11</code>" in html
    assert "Plan a section of CIS-101 for Alpha High School" in html
    designer = client_for("district_designer").get("/staffing/").content.decode()
    assert "Plan a section" not in designer and "/staffing/sections/new/" not in designer
