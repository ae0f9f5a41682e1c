"""The coordinators' instructor and section forms: per-field errors (the core's findings
beside their fields), nothing half-saved, every change logged with who and when (field
names only), scope, and every view of an instructor's record logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from careerpaths.web.staffing.models import (
    Approval,
    ApprovalEvent,
    Instructor,
    InstructorAccess,
    Section,
    StaffingChange,
)
from careerpaths.web.staffing.services import staffing_import
from tests.web import staffing_files
from tests.web.auth import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffing(region: Any, tmp_path: Path) -> Path:
    folder = staffing_files.write(tmp_path / "staffing")
    staffing_import(folder=folder)
    return folder


def instructor_post(**changes: Any) -> dict[str, Any]:
    """A complete instructor form: one degree, hours, years, one licence."""
    data: dict[str, Any] = {
        "college": "cc",
        "name": "Cara Nurse (illustrative)",
        "employer": "hs-a",
        "degree-count": 2,
        "degree-0-level": "bachelor",
        "degree-0-discipline": "Information Technology",
        "degree-0-institution": "State University",
        "degree-1-level": "",
        "degree-1-discipline": "",
        "hours-count": 1,
        "hours-0-discipline": "information technology",
        "hours-0-value": "6",
        "work-count": 1,
        "work-0-discipline": "information technology",
        "work-0-value": "3",
        "licence-count": 1,
        "licence-0-name": "CompTIA A+",
        "licence-0-expires": "2029-01-31",
        "background_check": "2026-09-01",
        "available": ["day", "evening"],
        "courses": "CIS-101",
    }
    data.update(changes)
    return data


def section_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "college": "cc",
        "term": "2027-FA",
        "course": "CIS-101",
        "site": "hs-b",
        "serves": ["hs-b"],
        "delivery": "college_faculty_at_hs",
        "slot": "day",
        "meeting-count": 1,
        "meeting-0-days": ["tue", "thu"],
        "meeting-0-start": "10:00",
        "meeting-0-end": "11:30",
        "capacity": "20",
        "minimum": "8",
        "room_capacity": "24",
        "instructor": "ada",
    }
    data.update(changes)
    return data


def test_a_coordinator_adds_an_instructor_and_the_change_is_logged(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    client = client_for("college_coordinator")
    page = client.get("/staffing/").content.decode()
    assert "/staffing/instructors/new/?college=cc" in page
    form = client.get("/staffing/instructors/new/?college=cc")
    assert form.status_code == 200
    assert 'name="degree-0-discipline"' in form.content.decode()
    response = client.post("/staffing/instructors/new/", instructor_post())
    row = Instructor.objects.get(name="Cara Nurse (illustrative)")
    assert response.status_code == 302
    assert response["Location"] == f"/staffing/instructors/{row.public_id}/"
    ins = row.to_domain()
    assert row.ref == "ins-cara-nurse-illustrative" and ins.employer == "hs-a"
    assert [(d.level.value, d.discipline, d.institution) for d in ins.degrees] == [
        ("bachelor", "information technology", "State University")
    ]
    assert dict(ins.graduate_hours) == {"information technology": 6.0}
    assert dict(ins.work_years) == {"information technology": 3.0}
    assert ins.available == frozenset({"day", "evening"})
    change = StaffingChange.objects.get(instructor=row)
    assert (change.action, change.actor_id, change.kind) == (
        "created", users["college_coordinator"].pk, "instructor",
    )  # fmt: skip
    # the application goes to the academic leadership, logged
    approval = Approval.objects.get(instructor=row)
    assert (approval.status, approval.courses) == ("applied", ["CIS101"])
    assert list(
        ApprovalEvent.objects.filter(approval=approval).values_list("action", flat=True)
    ) == ["applied"]
    html = client.get(response["Location"]).content.decode()
    assert "Instructor Cara Nurse (illustrative) added." in html
    assert "Qualified by Bachelor" in html  # the check of the course applied for


def test_a_degree_without_a_discipline_is_refused_beside_the_field(
    client_for: Any, staffing: Path
) -> None:
    client = client_for("college_coordinator")
    before = Instructor.objects.count()
    response = client.post(
        "/staffing/instructors/new/",
        instructor_post(**{"degree-0-discipline": "", "work-0-value": "-2",
                           "background_check": "01/09/2026"}),
    )  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved: correct the fields marked below." in html
    # the core's finding, beside the degree's discipline
    assert '<span class="field-error" id="degree-0-discipline-error">' in html
    assert "has no discipline; record the field of study" in html
    assert 'id="background_check-error">01/09/2026 is not a date (YYYY-MM-DD)' in html
    # what was typed is shown again
    assert 'value="State University"' in html
    assert Instructor.objects.count() == before
    assert (
        not StaffingChange.objects.exists()
        and not Approval.objects.filter(instructor__name__startswith="Cara").exists()
    )


def test_negative_years_are_the_cores_finding_beside_the_field(
    client_for: Any, staffing: Path
) -> None:
    html = (
        client_for("college_coordinator")
        .post("/staffing/instructors/new/", instructor_post(**{"work-0-value": "-2"}))
        .content.decode()
    )
    assert (
        'id="work-0-value-error">Cara Nurse (illustrative): information technology has -2, below zero.'
        in html
    )


def test_an_expired_licence_is_saved_and_shown(client_for: Any, staffing: Path) -> None:
    client = client_for("college_coordinator")
    response = client.post(
        "/staffing/instructors/new/",
        instructor_post(**{"licence-0-expires": "2020-01-31"}),
        follow=True,
    )
    html = response.content.decode()
    assert "CompTIA A+ expired on 2020-01-31; it does not count until renewed." in html
    assert Instructor.objects.filter(name__startswith="Cara").exists()


def test_editing_logs_which_fields_changed_not_their_values(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    client = client_for("college_coordinator")
    ada = Instructor.objects.get(ref="ada")
    url = f"/staffing/instructors/{ada.public_id}/edit/"
    form = client.get(url).content.decode()
    assert 'value="information technology"' in form and 'value="2026-08-01"' in form
    # opening the form shows personal data: the view is logged
    assert list(InstructorAccess.objects.values_list("instructor__ref", "what")) == [
        ("ada", "edit")
    ]
    post = {
        "name": "Ada Teacher (illustrative)", "employer": "hs-a",
        "degree-count": 1, "degree-0-level": "bachelor",
        "degree-0-discipline": "information technology",
        "work-count": 1, "work-0-discipline": "information technology", "work-0-value": "5",
        "background_check": "2026-08-01", "available": ["day"],
    }  # fmt: skip
    assert client.post(url, post).status_code == 302
    change = StaffingChange.objects.get(instructor=ada)
    assert (change.action, change.fields, change.actor_id) == (
        "changed", ["work_years"], users["college_coordinator"].pk,
    )  # fmt: skip
    assert "5" not in str(change.fields)
    ada.refresh_from_db()
    assert ada.to_domain().work_years == {"information technology": 5.0}
    # an application already exists: the form does not offer a new one
    assert 'name="courses"' not in client.get(url).content.decode()


def test_a_section_over_the_room_and_at_the_instructors_other_time_is_refused(
    client_for: Any, staffing: Path
) -> None:
    client = client_for("college_coordinator")
    response = client.post(
        "/staffing/sections/new/",
        section_post(**{"capacity": "30", "room_capacity": "24", "meeting-0-days": ["mon"],
                        "meeting-0-start": "09:00", "meeting-0-end": "10:00"}),
    )  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        'id="capacity-error">Section 2027FA-CIS101-HSB: capacity 30 is more than the room holds (24).'
        in html
    )
    assert 'id="instructor-error">Instructor ada is assigned to sections' in html
    assert "which meet at the same time" in html
    assert Section.objects.count() == 1 and not StaffingChange.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_its_end(
    client_for: Any, staffing: Path
) -> None:
    html = (
        client_for("college_coordinator")
        .post(
            "/staffing/sections/new/",
            section_post(
                **{
                    "meeting-0-start": "11:00",
                    "meeting-0-end": "10:00",
                    "minimum": "30",
                    "term": "1999-FA",
                }
            ),
        )
        .content.decode()
    )
    assert 'id="term-error">Choose a term of the college' in html
    html = (
        client_for("college_coordinator")
        .post(
            "/staffing/sections/new/",
            section_post(**{"meeting-0-start": "11:00", "meeting-0-end": "10:00", "minimum": "30"}),
        )
        .content.decode()
    )
    assert (
        'id="meeting-0-end-error">Section 2027FA-CIS101-HSB: a meeting ends (10:00) before it starts (11:00).'
        in html
    )
    assert (
        'id="minimum-error">Section 2027FA-CIS101-HSB: minimum to run (30) is above its capacity (20).'
        in html
    )


def test_a_section_is_added_logged_and_told_what_stands_before_activation(
    client_for: Any, users: dict[str, Any], staffing: Path
) -> None:
    client = client_for("college_coordinator")
    response = client.post("/staffing/sections/new/", section_post(), follow=True)
    html = response.content.decode()
    assert "Section 2027FA-CIS101-HSB added." in html
    assert (
        "Not ready to activate yet: Ada Teacher (illustrative) has not done the CIS-101 orientation"
        in html
    )
    row = Section.objects.get(ref="2027FA-CIS101-HSB")
    assert (row.site, row.serves, row.instructor.ref, row.capacity) == ("hs-b", ["hs-b"], "ada", 20)
    assert row.to_domain().meetings[0].days == frozenset({"tue", "thu"})
    change = StaffingChange.objects.get(section=row)
    assert (change.action, change.actor_id) == ("created", users["college_coordinator"].pk)


def test_changing_the_instructor_of_an_active_section_plans_it_again(
    client_for: Any, staffing: Path
) -> None:
    client = client_for("college_coordinator")
    section = Section.objects.get(ref="S-CIS101")
    section.status = "active"
    section.save()
    url = f"/staffing/sections/{section.public_id}/edit/"
    form = client.get(url).content.decode()
    assert 'value="08:00"' in form and 'value="mon" checked' in form
    post = section_post(**{"site": "hs-a", "serves": [], "delivery": "hs_teacher_adjunct",
                           "meeting-0-days": ["mon", "wed"], "meeting-0-start": "08:00",
                           "meeting-0-end": "09:30", "instructor": ""})  # fmt: skip
    html = client.post(url, post, follow=True).content.decode()
    assert "The section is planned again" in html
    assert "Not ready to activate yet: Section S-CIS101 has no instructor." in html
    section.refresh_from_db()
    assert (section.status, section.instructor) == ("planned", None)
    assert StaffingChange.objects.get(section=section).fields == ["instructor", "status"]


def test_the_forms_are_the_colleges_own(client_for: Any, staffing: Path) -> None:
    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.models import Institution

    Institution.objects.create(id="cc2", name="Other College", kind="college")
    other = get_user_model().objects.create_user(username="other", password="x")
    user_set_role(user=other, role=Role.COLLEGE_COORDINATOR, institutions=["cc2"])
    client = Client()
    verified_login(client, other)
    ada = Instructor.objects.get(ref="ada")
    section = Section.objects.get(ref="S-CIS101")
    assert client.get("/staffing/instructors/new/?college=cc").status_code == 404
    assert client.post("/staffing/instructors/new/", instructor_post()).status_code == 404
    assert client.get(f"/staffing/instructors/{ada.public_id}/edit/").status_code == 404
    assert (
        client.post(f"/staffing/sections/{section.public_id}/edit/", section_post()).status_code
        == 404
    )
    assert client_for("district_designer").get("/staffing/sections/new/").status_code == 403
    assert Instructor.objects.count() == 2 and not StaffingChange.objects.exists()
    assert not InstructorAccess.objects.exists()
