"""Services and selectors: scope, optimistic locking, history, publishing, caseload, logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.http import Http404
from django.test import Client

from careerpaths.core.model import PathwayStatus
from careerpaths.web.accounts.selectors import PUBLIC, user_scope
from careerpaths.web.accounts.services import demo_accounts_create, user_disable
from careerpaths.web.catalog import selectors
from careerpaths.web.catalog.models import Pathway, PathwayRevision
from careerpaths.web.catalog.services import (
    DetailsRefused,
    EditConflict,
    EditRefused,
    OnRampInput,
    PublishRefused,
    course_update,
    pathway_create,
    pathway_details_update,
    pathway_place_course,
    pathway_set_status,
)
from careerpaths.web.students.models import StudentAccess
from careerpaths.web.students.selectors import CaseloadFilters, caseload, students_visible
from careerpaths.web.students.services import student_record_open
from tests.web.auth import verified_login


def test_public_sees_published_pathways_only(region: Any) -> None:
    ids = set(selectors.pathways_visible(scope=PUBLIC).values_list("id", flat=True))
    assert ids == {"it"}


def test_designer_sees_published_and_own_drafts(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["district_designer"])
    assert set(selectors.pathways_visible(scope=scope).values_list("id", flat=True)) == {
        "it",
        "it-draft",
    }
    assert set(selectors.pathways_editable(scope=scope).values_list("id", flat=True)) == {
        "it",
        "it-draft",
    }


def test_out_of_scope_is_404_like_missing_and_logged(
    users: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    scope = user_scope(user=users["district_designer"])
    with caplog.at_level(logging.WARNING, logger="careerpaths.web.access"):
        with pytest.raises(Http404):
            selectors.pathway_get(scope=scope, pathway_id="nurse", editable=True)
        with pytest.raises(Http404):
            selectors.pathway_get(scope=scope, pathway_id="nowhere", editable=True)
    assert len(caplog.records) == 1  # only the real refusal is logged
    assert "kind=pathway" in caplog.records[0].getMessage()


def test_second_save_of_the_same_version_is_refused(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    version = Pathway.objects.get(pk="it").version
    pathway_place_course(
        scope=scope,
        actor=designer,
        pathway_id="it",
        version=version,
        course="ART-101",
        term="G11-SP",
    )
    with pytest.raises(EditConflict) as exc:
        pathway_place_course(
            scope=scope,
            actor=designer,
            pathway_id="it",
            version=version,
            course="CIS-102",
            term="G10-FA",
        )
    assert (exc.value.expected, exc.value.current) == (version, version + 1)
    placed = {pl.course: pl.term.id for pl in Pathway.objects.get(pk="it").to_domain().placements}
    assert placed["ART-101"] == "G11-SP" and placed["CIS-102"] == "G11-SP"  # not overwritten


def test_every_change_is_in_the_history(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    pathway_place_course(
        scope=scope, actor=designer, pathway_id="it", version=1, course="CIS-102", term="G10-FA"
    )
    latest = PathwayRevision.objects.filter(pathway_id="it").first()
    assert latest is not None
    assert (latest.version, latest.actor, latest.action) == (2, designer, "placed")
    assert latest.summary == "Placed CIS-102 in G10-FA"
    assert "G10-FA" in latest.snapshot["terms"]


def test_moving_before_a_prerequisite_shows_the_finding(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    row = pathway_place_course(
        scope=scope, actor=designer, pathway_id="it", version=1, course="CIS-102", term="G10-FA"
    )
    check = selectors.pathway_check(pathway=row.to_domain(), region=selectors.region_snapshot())
    assert "prerequisite-order" in {f.code for f in check.findings}
    assert check.metrics is not None


def test_unknown_course_is_refused(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    with pytest.raises(EditRefused):
        pathway_place_course(
            scope=user_scope(user=designer),
            actor=designer,
            pathway_id="it",
            version=1,
            course="XYZ-999",
            term="G10-FA",
        )


def test_publishing_with_errors_is_refused(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    pathway_place_course(
        scope=scope,
        actor=designer,
        pathway_id="it-draft",
        version=1,
        course="CIS-102",
        term="G10-FA",
    )
    with pytest.raises(PublishRefused) as exc:
        pathway_set_status(
            scope=scope, actor=designer, pathway_id="it-draft", version=2, status="published"
        )
    assert "prerequisite-order" in {f.code for f in exc.value.findings}


def test_draft_to_published(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    row = pathway_set_status(
        scope=user_scope(user=designer),
        actor=designer,
        pathway_id="it-draft",
        version=1,
        status="published",
    )
    assert row.status == PathwayStatus.PUBLISHED.value
    assert "it-draft" in set(selectors.pathways_visible(scope=PUBLIC).values_list("id", flat=True))


def test_designer_creates_only_for_own_district(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    with pytest.raises(EditRefused):
        pathway_create(
            scope=scope,
            actor=designer,
            pathway_id="x",
            name="X",
            cluster="C",
            owner="db",
            college="cc",
        )
    row = pathway_create(
        scope=scope,
        actor=designer,
        pathway_id="x",
        name="X",
        cluster="C",
        owner="da",
        college="cc",
    )
    assert (row.status, row.version) == ("draft", 1)


def test_coordinator_edits_own_college_courses_only(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["college_coordinator"])
    row = course_update(
        scope=scope,
        key="CIS101",
        title="Intro to IT",
        credits=3,
        tuition_per_credit=220,
        prerequisites="",
        corequisites="",
        description="",
    )
    assert row.title == "Intro to IT"
    with pytest.raises(Http404):
        course_update(
            scope=scope,
            key="HSE101",
            title="x",
            credits=1,
            tuition_per_credit=None,
            prerequisites="",
            corequisites="",
            description="",
        )
    with pytest.raises(EditRefused):
        course_update(
            scope=scope,
            key="CIS101",
            title="x",
            credits=3,
            tuition_per_credit=None,
            prerequisites="CIS-999",
            corequisites="",
            description="",
        )


def test_counselor_lists_contain_only_own_schools(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["counselor"])
    assert {s.school_id for s in students_visible(scope=scope)} == {"hs-a"}
    result = caseload(scope=scope, filters=CaseloadFilters())
    assert {s.record_id for s in result.rows} == {"SYN-A1", "SYN-A2", "SYN-A3"}
    for role in ("site_admin", "district_designer", "college_coordinator", "viewer"):
        assert not students_visible(scope=user_scope(user=users[role])).exists()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (CaseloadFilters(grade=11), ["SYN-A1"]),
        (CaseloadFilters(flag="random-act"), ["SYN-A1"]),
        (CaseloadFilters(sort="-grade"), ["SYN-A1", "SYN-A2", "SYN-A3"]),
        (CaseloadFilters(sort="grade"), ["SYN-A3", "SYN-A2", "SYN-A1"]),
        (CaseloadFilters(school="hs-b"), []),  # another school's filter shows nothing
    ],
)
def test_caseload_filters_and_sorts(
    users: dict[str, Any], filters: CaseloadFilters, expected: list[str]
) -> None:
    result = caseload(scope=user_scope(user=users["counselor"]), filters=filters)
    assert [s.record_id for s in result.rows] == expected


def test_opening_a_student_is_logged(users: dict[str, Any]) -> None:
    counselor = users["counselor"]
    from careerpaths.web.students.models import Student

    student = Student.objects.get(record_id="SYN-A1")
    page = student_record_open(
        scope=user_scope(user=counselor), actor=counselor, public_id=str(student.public_id)
    )
    assert page.audit["college_credits"] == 6.0
    assert page.fresh  # an import stores verdicts: the first view builds the explanation
    again = student_record_open(
        scope=user_scope(user=counselor), actor=counselor, public_id=str(student.public_id)
    )
    assert not again.fresh and again.audit == page.audit  # stored by the first view
    accesses = list(StudentAccess.objects.all())
    assert [(a.actor, a.student, a.what) for a in accesses] == [(counselor, student, "audit")] * 2


def test_disabling_a_user_ends_their_sessions(users: dict[str, Any]) -> None:
    client = Client()
    verified_login(client, users["counselor"])
    assert client.get("/students/").status_code == 200
    assert user_disable(user=users["counselor"]) == 1
    assert not Session.objects.exists()
    assert client.get("/students/").status_code == 302  # back to the login page


def test_no_personal_data_in_logs_or_urls(
    client_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from careerpaths.web.students.models import Student

    client = client_for("counselor")
    other = Student.objects.get(record_id="SYN-B1")
    with caplog.at_level(logging.INFO):
        listing = client.get("/students/").content.decode()
        client.get(f"/students/{other.public_id}/")
    assert "/students/SYN-" not in listing
    assert all("SYN-" not in r.getMessage() for r in caplog.records)


def test_demo_accounts_one_per_role(region: Any) -> None:
    logins = demo_accounts_create()
    assert [login.username for login in logins] == [
        "admin",
        "designer",
        "coordinator",
        "counselor",
        "viewer",
    ]
    assert len({login.password for login in logins}) == 5
    counselor = next(x for x in logins if x.username == "counselor")
    assert counselor.institutions == ("hs-a",)


def test_coordinator_edits_a_requirement_tree(users: dict[str, Any]) -> None:
    from careerpaths.web.catalog.services import credential_update

    scope = user_scope(user=users["college_coordinator"])
    tree = "all_of:\n  - course: CIS-101\n  - credits: 3\n    from:\n      patterns: ['CIS 1**']\n"
    credential_update(
        scope=scope,
        credential_id="cert",
        name="IT Cert",
        total_credits=6,
        requirements=tree,
        description="",
    )
    cert = selectors.region_snapshot().credentials["cert"]
    assert cert.name == "IT Cert" and cert.requirements is not None
    for bad in ("all_of: 3\n", "course: XYZ-999\n", "credits: 3\nfrom:\n  patterns: ['1**']\n"):
        with pytest.raises(EditRefused):
            credential_update(
                scope=scope,
                credential_id="cert",
                name="IT Cert",
                total_credits=6,
                requirements=bad,
                description="",
            )
    with pytest.raises(Http404):  # the district's diploma is not the college's to edit
        credential_update(
            scope=scope,
            credential_id="diploma",
            name="x",
            total_credits=None,
            requirements="",
            description="",
        )


def test_courses_are_added_by_their_providers_only(users: dict[str, Any]) -> None:
    from careerpaths.web.catalog.services import course_create

    scope = user_scope(user=users["college_coordinator"])
    fields: dict[str, Any] = dict(
        title="Networking",
        credits=3,
        level="postsecondary",
        tuition_per_credit=217,
        prerequisites="CIS-101",
        corequisites="",
        description="",
    )
    row = course_create(scope=scope, code="NET-110", provider="cc", **fields)
    assert (row.key, row.unit) == ("NET110", "semester_hour")
    assert "NET110" in selectors.region_snapshot().courses
    for code, provider in (("NET-110", "cc"), ("NET-111", "da"), ("not a code", "cc")):
        with pytest.raises(EditRefused):
            course_create(scope=scope, code=code, provider=provider, **fields)


def test_caseload_rows_shown_are_logged(users: dict[str, Any]) -> None:
    from careerpaths.web.students.services import caseload_open

    counselor = users["counselor"]
    result = caseload_open(
        scope=user_scope(user=counselor), actor=counselor, filters=CaseloadFilters(grade=11)
    )
    logged = StudentAccess.objects.filter(what="caseload")
    assert [a.student for a in logged] == list(result.rows)
    assert {a.actor for a in logged} == {counselor}


def _details(users: dict[str, Any], **changes: Any) -> Pathway:
    designer = users["district_designer"]
    fields: dict[str, Any] = {
        "scope": user_scope(user=designer),
        "actor": designer,
        "pathway_id": "it-draft",
        "version": Pathway.objects.get(pk="it-draft").version,
        "name": "IT Support",
        "cluster": "Information Technology",
        "description": "Help desk to network administration.",
        "schools": ["hs-a"],
        "occupations": ["15-1232", "15-1244"],
        "on_ramps": [OnRampInput("G11-FA", "Junior year", "MAT-156 or placement.math >= 250")],
        "summers": True,
        **changes,
    }
    return pathway_details_update(**fields)


def test_pathway_details_are_saved_with_a_history_row(users: dict[str, Any]) -> None:
    before = Pathway.objects.get(pk="it-draft")
    row = _details(users, name="IT Support 2027")
    p = row.to_domain()
    assert (p.name, p.schools, p.occupations, p.summers) == (
        "IT Support 2027",
        ("hs-a",),
        ("15-1232", "15-1244"),
        True,
    )
    assert [(r.term.id, r.label) for r in p.on_ramps] == [("G11-FA", "Junior year")]
    assert p.on_ramps[0].requires is not None
    assert row.version == before.version + 1
    latest = PathwayRevision.objects.filter(pathway_id="it-draft").first()
    assert latest is not None
    assert (latest.version, latest.actor, latest.action) == (
        row.version,
        users["district_designer"],
        "details",
    )
    assert latest.summary.startswith("Details changed: name,")
    assert "on-ramps" in latest.summary and latest.snapshot["name"] == "IT Support 2027"


def test_pathway_details_bump_the_catalog_revision(users: dict[str, Any]) -> None:
    from careerpaths.web.catalog.models import RegionInfo

    before = RegionInfo.objects.get().revision
    _details(users)
    assert RegionInfo.objects.get().revision != before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "The name is required"),
        ({"cluster": ""}, "cluster", "The career cluster is required"),
        ({"schools": ["hs-b"]}, "schools", "hs-b is not a high school of your district"),
        ({"schools": ["da"]}, "schools", "da is not a high school of your district"),
        ({"schools": ["nowhere"]}, "schools", "nowhere is not a high school of your district"),
        (
            {"occupations": ["151232"]},
            "occupations",
            "151232 is not a SOC 2018 code like 15-1232",
        ),
        (
            {"on_ramps": [OnRampInput("G14-SU", "Late")]},
            "onramp-0-term",
            "G14-SU is not a term from G9-FA to G14-SP",
        ),
        (
            {"on_ramps": [OnRampInput("G8-FA", "Early")]},
            "onramp-0-term",
            "G8-FA is not a term from G9-FA to G14-SP",
        ),
        ({"on_ramps": [OnRampInput("G9-FA", "")]}, "onramp-0-label", "The on-ramp needs a label"),
    ],
)
def test_pathway_details_validation(
    users: dict[str, Any], changes: dict[str, Any], field: str, message: str
) -> None:
    version = Pathway.objects.get(pk="it-draft").version
    with pytest.raises(DetailsRefused) as exc:
        _details(users, **changes)
    assert exc.value.errors == {field: message}
    assert Pathway.objects.get(pk="it-draft").version == version  # nothing saved


def test_pathway_details_requisite_error_names_the_column(users: dict[str, Any]) -> None:
    with pytest.raises(DetailsRefused) as exc:
        _details(users, on_ramps=[OnRampInput("G9-FA", "Start", "MAT-156 and (")])
    assert list(exc.value.errors) == ["onramp-0-requires"]
    assert exc.value.errors["onramp-0-requires"].startswith("Requisite, column ")


def test_pathway_details_site_admin_may_add_any_high_school(users: dict[str, Any]) -> None:
    admin = users["site_admin"]
    row = _details(users, scope=user_scope(user=admin), actor=admin, schools=["hs-a", "hs-b"])
    assert row.to_domain().schools == ("hs-a", "hs-b")
    # the designer may keep the school the administrator added, not add others
    row = _details(users, version=row.version, schools=["hs-a", "hs-b"], name="Kept")
    assert row.to_domain().schools == ("hs-a", "hs-b")


def test_pathway_details_stale_version_is_refused(users: dict[str, Any]) -> None:
    version = Pathway.objects.get(pk="it-draft").version
    _details(users, name="First")
    with pytest.raises(EditConflict) as exc:
        _details(users, version=version, name="Second")
    assert (exc.value.expected, exc.value.current) == (version, version + 1)
    assert Pathway.objects.get(pk="it-draft").name == "First"


def test_a_new_pathway_appears_under_its_school(users: dict[str, Any]) -> None:
    designer = users["district_designer"]
    scope = user_scope(user=designer)
    row = pathway_create(
        scope=scope,
        actor=designer,
        pathway_id="welding",
        name="Welding",
        cluster="Manufacturing",
        owner="da",
        college="cc",
    )

    def under_school() -> set[str]:
        browse = selectors.browse(scope=scope)
        return {c.id for inst, cards in browse.schools if inst.id == "hs-a" for c in cards}

    assert "welding" not in under_school()
    _details(users, pathway_id="welding", version=row.version, name="Welding", on_ramps=[])
    assert "welding" in under_school()


def test_a_credential_stacks_into_other_credentials(users: dict[str, Any]) -> None:
    from careerpaths.web.catalog.services import credential_update

    scope = user_scope(user=users["college_coordinator"])
    fields: dict[str, Any] = {
        "scope": scope,
        "credential_id": "cert",
        "name": "IT Cert",
        "total_credits": None,
        "requirements": "",
        "description": "",
    }
    credential_update(**fields, stacks_into=["aas", "aas"])
    assert selectors.region_snapshot().credentials["cert"].stacks_into == ("aas",)
    credential_update(**fields)  # not given: unchanged
    assert selectors.region_snapshot().credentials["cert"].stacks_into == ("aas",)
    for bad in (["nowhere"], ["cert"]):
        with pytest.raises(EditRefused, match="is not another credential in the catalog"):
            credential_update(**fields, stacks_into=bad)
    assert selectors.region_snapshot().credentials["cert"].stacks_into == ("aas",)


def test_the_pathway_editor_is_one_frozen_read(users: dict[str, Any]) -> None:
    """The designer's editor is a selector's frozen dataclass: the stored details (with a
    blank on-ramp row to add one), or the posted ones with their errors on the rows."""
    import dataclasses

    scope = user_scope(user=users["district_designer"])
    row = selectors.pathway_get(scope=scope, pathway_id="it-draft", editable=True)
    editor = selectors.pathway_editor(scope=scope, row=row)
    with pytest.raises(dataclasses.FrozenInstanceError):
        editor.errors = 0  # type: ignore[misc]
    assert editor.pathway.id == "it-draft" and editor.details["name"] == editor.pathway.name
    assert editor.details["on_ramps"][-1] == {
        "term": "",
        "label": "",
        "label_es": "",
        "requires": "",
    }
    assert editor.all_terms == tuple(t.id for t, _placed in editor.terms)
    severities = [f.severity.value for f in editor.check.findings]
    assert (editor.errors, editor.warnings) == (
        severities.count("error"),
        severities.count("warning"),
    )
    assert all(s.kind.value == "high_school" for s in editor.school_choices)
    posted = {**editor.details, "on_ramps": [{"term": "G11-FA", "label": "", "requires": ""}]}
    refused = selectors.pathway_editor(
        scope=scope,
        row=row,
        details=posted,
        details_errors={"onramp-0-label": "The on-ramp needs a label"},
    )
    assert refused.ramp_rows[0]["errors"] == {"label": "The on-ramp needs a label"}
