"""Every URL × every role, with the expected status — generated from the URL conf.

A new named URL fails ``test_every_url_is_in_the_matrix`` until its row is added here, so
no page can ship without its permissions being stated. Records outside a user's scope
answer 404 exactly like records that do not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careerpaths.web.catalog.models import Pathway
from careerpaths.web.students.models import ImportBatch, Student

ROLES = (
    "anonymous",
    "site_admin",
    "district_designer",
    "college_coordinator",
    "counselor",
    "viewer",
)
P = "POST"
G = "GET"

# url name -> (method, kwargs key, {role: status}); statuses in ROLES order.
MATRIX: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "home": (G, "", (200, 200, 200, 200, 200, 200)),
    "school": (G, "school", (200, 200, 200, 200, 200, 200)),
    "pathway-map": (G, "published", (200, 200, 200, 200, 200, 200)),
    "pathway-handout": (G, "published", (200, 200, 200, 200, 200, 200)),
    "set_language": (P, "", (302, 302, 302, 302, 302, 302)),
    "login": (G, "", (200, 200, 200, 200, 200, 200)),
    "logout": (P, "", (302, 302, 302, 302, 302, 302)),
    # verified already (tests/web/auth.py): on to the staff home; anonymous: to the login
    "mfa": (G, "", (302, 302, 302, 302, 302, 302)),
    "staff-home": (G, "", (302, 302, 302, 302, 302, 302)),
    "design": (G, "", (302, 200, 200, 200, 403, 200)),
    "design-new": (G, "", (302, 200, 200, 403, 403, 403)),
    "design-edit": (G, "published", (302, 200, 200, 403, 403, 403)),
    "design-place": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-remove": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-fill": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-exit": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-exit-remove": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-status": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-discard": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-restore": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-version": (G, "published-v1", (302, 200, 200, 403, 403, 403)),
    "design-details": (P, "published", (302, 302, 302, 403, 403, 403)),
    "design-history": (G, "published", (302, 200, 200, 403, 403, 403)),
    "catalog-courses": (G, "", (302, 200, 200, 200, 403, 200)),
    "catalog-course": (G, "college-course", (302, 200, 404, 200, 403, 403)),
    "catalog-course-new": (G, "", (302, 200, 200, 200, 403, 403)),
    "catalog-credentials": (G, "", (302, 200, 200, 200, 403, 200)),
    "catalog-translations": (G, "", (302, 200, 200, 200, 403, 200)),
    "catalog-credential": (G, "college-credential", (302, 200, 404, 200, 403, 403)),
    "caseload": (G, "", (302, 403, 403, 403, 200, 403)),
    "student": (G, "own-student", (302, 403, 403, 403, 200, 403)),
    "student-plan": (G, "own-student", (302, 403, 403, 403, 200, 403)),
    "student-import": (G, "", (302, 200, 200, 403, 403, 403)),
    "student-import-detail": (G, "own-import", (302, 200, 200, 403, 403, 403)),
    "student-import-confirm": (P, "own-import", (302, 302, 302, 403, 403, 403)),
    "student-import-dismiss": (P, "own-import", (302, 302, 302, 403, 403, 403)),
    "admin:index": (G, "", (302, 200, 302, 302, 302, 302)),
    "labor:sources": (G, "", (200, 200, 200, 200, 200, 200)),
    "labor:credentials": (G, "", (302, 200, 200, 200, 403, 200)),
    "labor:gaps": (G, "", (302, 200, 200, 200, 403, 200)),
    "labor:flags": (G, "", (302, 200, 200, 200, 403, 200)),
    "audits:index": (G, "", (302, 200, 200, 200, 200, 200)),
    "audits:start": (P, "", (302, 302, 403, 403, 403, 403)),
    "audits:run": (G, "run", (302, 200, 200, 200, 200, 200)),
    "audits:students": (G, "run", (302, 403, 403, 403, 200, 403)),
    "equity:dashboard": (G, "", (302, 200, 200, 200, 200, 200)),
    "equity:whatif": (G, "", (302, 200, 200, 200, 200, 200)),
    # the demo partnership's institutions are not the test region's: designers and
    # coordinators of other institutions get 404 (outside scope)
    "partnerships:costs": (G, "", (302, 200, 404, 404, 403, 200)),
    "partnerships:budget": (G, "", (302, 200, 404, 404, 403, 200)),
    # agreements of an imported partnership between District A ("da") and the college
    # ("cc"): its parties' designers and coordinators read and edit it, viewers read it
    "partnerships:agreements": (G, "", (302, 200, 200, 200, 403, 200)),
    "partnerships:agreement": (G, "own-agreement", (302, 200, 200, 200, 403, 200)),
    "partnerships:agreement-edit": (G, "own-agreement", (302, 200, 200, 200, 403, 403)),
    "partnerships:agreement-new": (G, "", (302, 404, 404, 404, 403, 403)),
    "staffing:index": (G, "staffing", (302, 200, 200, 200, 403, 403)),
    "staffing:instructor": (G, "own-instructor", (302, 200, 403, 200, 403, 403)),
    "staffing:decide": (P, "own-instructor", (302, 302, 403, 302, 403, 403)),
    "staffing:orientation": (P, "own-instructor", (302, 302, 403, 302, 403, 403)),
    "staffing:activate": (P, "own-section", (302, 302, 403, 302, 403, 403)),
    # the forms: the college's coordinators and admins (an empty POST is refused: 422)
    "staffing:instructor-new": (G, "staffing", (302, 200, 403, 200, 403, 403)),
    "staffing:instructor-edit": (G, "own-instructor", (302, 200, 403, 200, 403, 403)),
    "staffing:section-new": (G, "staffing", (302, 200, 403, 200, 403, 403)),
    "staffing:section-edit": (G, "own-section", (302, 200, 403, 200, 403, 403)),
    "staffing:dues": (G, "staffing", (302, 200, 200, 200, 200, 403)),
    "staffing:dues-ics": (G, "staffing", (302, 200, 200, 200, 200, 403)),
}

# Records outside the scope of some roles: the same URLs, other records.
SCOPED: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("pathway-map", G, "other-draft", (404, 200, 404, 200, 404, 200)),
    ("pathway-map", G, "missing-pathway", (404, 404, 404, 404, 404, 404)),
    ("pathway-handout", G, "other-draft", (404, 200, 404, 200, 404, 200)),
    ("design-edit", G, "other-draft", (302, 200, 404, 403, 403, 403)),
    ("design-place", P, "other-draft", (302, 302, 404, 403, 403, 403)),
    ("design-details", P, "other-draft", (302, 302, 404, 403, 403, 403)),
    ("design-history", G, "other-draft", (302, 200, 404, 403, 403, 403)),
    ("student", G, "other-student", (302, 403, 403, 403, 404, 403)),
    ("student-plan", G, "other-student", (302, 403, 403, 403, 404, 403)),
    ("student", G, "missing-student", (302, 403, 403, 403, 404, 403)),
    ("student", G, "inactive-student", (302, 403, 403, 403, 404, 403)),
    ("student-import-detail", G, "other-import", (302, 200, 404, 403, 403, 403)),
    ("student-import-confirm", P, "other-import", (302, 302, 404, 403, 403, 403)),
    ("student-import-dismiss", P, "other-import", (302, 302, 404, 403, 403, 403)),
    ("student-import-detail", G, "missing-import", (302, 404, 404, 403, 403, 403)),
    ("catalog-course", G, "district-course", (302, 200, 404, 404, 403, 403)),
    ("catalog-credential", G, "district-credential", (302, 200, 200, 404, 403, 403)),
    ("audits:run", G, "missing-run", (302, 404, 404, 404, 404, 404)),
    ("staffing:instructor", G, "missing-instructor", (302, 404, 403, 404, 403, 403)),
    ("staffing:activate", P, "missing-section", (302, 404, 403, 404, 403, 403)),
    ("partnerships:agreement", G, "other-agreement", (302, 200, 404, 200, 403, 200)),
    ("partnerships:agreement-edit", G, "other-agreement", (302, 200, 404, 200, 403, 403)),
    ("partnerships:agreement", G, "missing-agreement", (302, 404, 404, 404, 403, 404)),
    ("staffing:instructor-edit", G, "missing-instructor", (302, 404, 403, 404, 403, 403)),
    ("staffing:section-edit", G, "missing-section", (302, 404, 403, 404, 403, 403)),
    ("staffing:instructor-new", P, "staffing", (302, 422, 403, 422, 403, 403)),
    ("staffing:section-new", P, "staffing", (302, 422, 403, 422, 403, 403)),
    ("audits:students", G, "missing-run", (302, 403, 403, 403, 404, 403)),
]


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                out.add("admin:index")  # the admin's own pages are Django's, gated by is_staff
                continue
            out |= _names(p.url_patterns, f"{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            out.add(prefix + p.name)
    return out


def test_every_url_is_in_the_matrix() -> None:
    assert _names(get_resolver().url_patterns) == set(MATRIX)


def _kwargs(which: str) -> dict[str, Any]:
    if which == "":
        return {}
    if which == "school":
        return {"school_id": "hs-a"}
    if which == "published":
        return {"pathway_id": "it"}
    if which == "other-draft":
        return {"pathway_id": "nurse"}
    if which == "missing-pathway":
        return {"pathway_id": "no-such-pathway"}
    if which == "published-v1":
        return {"pathway_id": "it", "version": 1}
    if which == "college-course":
        return {"key": "CIS101"}
    if which == "district-course":
        return {"key": "HSE101"}
    if which == "college-credential":
        return {"credential_id": "cert"}
    if which == "district-credential":
        return {"credential_id": "diploma"}
    if which == "own-student":
        return {"public_id": Student.objects.get(record_id="SYN-A1").public_id}
    if which == "other-student":
        return {"public_id": Student.objects.get(record_id="SYN-B1").public_id}
    if which == "missing-student":
        return {"public_id": "00000000-0000-4000-8000-000000000000"}
    if which == "run":
        from careerpaths.web.audits.services import batch_audit_run

        return {"run_id": batch_audit_run().pk}
    if which == "missing-run":
        return {"run_id": 999999}
    if which == "inactive-student":
        Student.objects.filter(record_id="SYN-A2").update(active=False)
        return {"public_id": Student.objects.get(record_id="SYN-A2").public_id}
    if which in ("own-import", "other-import"):
        # A dismissed import of District A's school (own) or District B's (other): confirming
        # or dismissing it again changes nothing and redirects.
        batch = ImportBatch.objects.create(
            via="cli",
            format="csv",
            as_of=date(2026, 3, 1),
            status="dismissed",
            schools=["hs-a" if which == "own-import" else "hs-b"],
        )
        return {"public_id": batch.public_id}
    if which in ("staffing", "own-instructor", "own-section"):
        import tempfile
        from pathlib import Path

        from careerpaths.web.staffing.models import Instructor, Section
        from careerpaths.web.staffing.services import staffing_import
        from tests.web import staffing_files

        staffing_import(folder=staffing_files.write(Path(tempfile.mkdtemp()) / "staffing"))
        if which == "own-instructor":
            return {"public_id": Instructor.objects.get(ref="ada").public_id}
        if which == "own-section":
            return {"public_id": Section.objects.get(ref="S-CIS101").public_id}
        return {}
    if which in ("missing-instructor", "missing-section"):
        return {"public_id": "00000000-0000-4000-8000-000000000000"}
    if which in ("own-agreement", "other-agreement"):
        return {"public_id": _agreement(which)}
    if which == "missing-agreement":
        return {"public_id": "00000000-0000-4000-8000-000000000000"}
    if which == "missing-import":
        return {"public_id": "00000000-0000-4000-8000-000000000000"}
    raise KeyError(which)


def _agreement(which: str) -> Any:
    """An imported partnership of the test region's institutions with two agreements:
    District A with the college (own) and District B with the college (other)."""
    import tempfile
    from pathlib import Path

    from careerpaths.web.partnerships.models import Agreement
    from careerpaths.web.partnerships.services import partnerships_import

    folder = Path(tempfile.mkdtemp()) / "test-region"
    folder.mkdir()
    (folder / "region.yaml").write_text(
        "id: test-region\nname: Test region\nrules: iowa-syp\n"
        "institutions:\n  - {id: da, name: District A}\n  - {id: db, name: District B}\n"
        "  - {id: cc, name: Community College}\n"
        "courses:\n  - {code: CIS-101, title: Computing, credits: 3, illustrative: true}\n"
    )
    (folder / "agreements.yaml").write_text(
        "agreements:\n"
        + "".join(
            f"  - {{id: {d}-cc, kind: articulation, title: {d} and cc, parties: [{d}, cc],"
            " starts: 2025-07-01, ends: 2028-06-30, status: draft}\n"
            for d in ("da", "db")
        )
    )
    partnerships_import(folder=folder.parent)
    return Agreement.objects.get(ref="da-cc" if which == "own-agreement" else "db-cc").public_id


def _data(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    pid = kwargs.get("pathway_id")
    version = Pathway.objects.get(pk=pid).version if pid else 0
    data: dict[str, dict[str, Any]] = {
        "design-place": {"version": version, "course": "ART-101", "term": "G11-SP"},
        "design-remove": {"version": version, "course": "HSE-101"},
        "design-fill": {"version": version},
        "design-exit": {"version": version, "credential": "aas", "term": "G14-SP"},
        "design-exit-remove": {"version": version, "credential": "aas"},
        "design-status": {"version": version, "status": "draft"},
        "design-discard": {"version": version},
        "design-restore": {"version": version, "restore": 1},
        "design-details": {
            "version": version,
            "name": "Renamed",
            "cluster": "Information Technology",
            "onramp-count": 0,
        },
        "set_language": {"language": "es", "next": "/"},
        "staffing:orientation": {"course": "CIS-101", "date": "2027-08-01"},
    }
    return data.get(name, {})


CASES = [
    pytest.param(name, method, which, role, expected[i], id=f"{name}-{which or 'page'}-{role}")
    for name, (method, which, expected) in MATRIX.items()
    for i, role in enumerate(ROLES)
] + [
    pytest.param(name, method, which, role, expected[i], id=f"{name}-{which}-{role}")
    for name, method, which, expected in SCOPED
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "method", "which", "role", "expected"), CASES)
def test_matrix(
    client_for: Any, name: str, method: str, which: str, role: str, expected: int
) -> None:
    kwargs = _kwargs(which)
    url = reverse(name, kwargs=kwargs)
    client = client_for(role)
    response = client.get(url) if method == G else client.post(url, _data(name, kwargs))
    assert response.status_code == expected, (url, role, response.status_code)
