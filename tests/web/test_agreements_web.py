"""Agreements in the web app: imported from a workspace's partnership folders, edited by
each side within its scope, refused whole when bad, every change a version, and exported
back without loss."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from careerpaths.core.findings import Where
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.funding import PARTNERSHIPS_DIR, load_partnership
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.accounts.services import user_set_role
from careerpaths.web.catalog.models import Institution
from careerpaths.web.partnerships import selectors, services
from careerpaths.web.partnerships.models import Agreement, AgreementVersion
from tests.web.auth import verified_login

CR = "crcsd-kirkwood-2024"


@pytest.fixture
def demo(region: Any, tmp_path: Path) -> Path:
    """Both demo partnerships imported; their institutions in the catalog too."""
    for inst, kind in (("crcsd", "district"), ("kirkwood", "college"), ("ivy-tech", "college")):
        Institution.objects.get_or_create(pk=inst, defaults={"name": inst, "kind": kind})
    folder = tmp_path / "partnerships"
    shutil.copytree(PARTNERSHIPS_DIR, folder)
    services.partnerships_import(folder=folder)
    return folder


def _user(name: str, role: Role, institutions: list[str]) -> Any:
    user = get_user_model().objects.create_user(username=name, password="pw-" + name)
    user_set_role(user=user, role=role, institutions=institutions)
    return user


def _client(user: Any) -> Client:
    c = Client()
    verified_login(c, user)
    return c


def _scope(user: Any, role: Role, institutions: list[str]) -> Scope:
    return Scope(user_id=user.pk, role=role, institutions=frozenset(institutions))


def _form(data: dict[str, Any], version: int) -> dict[str, Any]:
    """POST data of the agreement form showing ``data``."""
    from careerpaths.web.partnerships.forms import AgreementForm

    initial = AgreementForm.initial_of(data, version)
    return {k: v for k, v in initial.items() if v not in (None, False)}


def test_import_keeps_every_agreement_and_export_round_trips(demo: Path, tmp_path: Path) -> None:
    assert Agreement.objects.count() == 3
    assert AgreementVersion.objects.filter(action="imported").count() == 3
    out = tmp_path / "out"
    assert services.partnerships_export(folder=out) == ["cedar-rapids", "indianapolis"]
    for region in ("cedar-rapids", "indianapolis"):
        before = load_partnership(PARTNERSHIPS_DIR / region)
        after = load_partnership(out / region)
        strip = [dataclasses.replace(a, where=Where()) for a in before.agreements]
        assert [dataclasses.replace(a, where=Where()) for a in after.agreements] == strip
        assert dataclasses.replace(after, agreements=()) == dataclasses.replace(
            before, agreements=()
        )
        # the files the web app does not edit come back byte for byte
        for name in ("region.yaml", "budget.yaml", "equipment.yaml", "costs.yaml"):
            assert (out / region / name).read_text() == (
                PARTNERSHIPS_DIR / region / name
            ).read_text()
    # importing the export again changes nothing: no new version
    services.partnerships_import(folder=out)
    assert AgreementVersion.objects.count() == 3


def test_a_bad_agreement_in_the_files_refuses_the_whole_import(demo: Path) -> None:
    text = (demo / "indianapolis" / "agreements.yaml").read_text()
    (demo / "indianapolis" / "agreements.yaml").write_text(
        text.replace("ends: 2027-06-30", "ends: 2024-06-30", 1)
    )
    (demo / "cedar-rapids" / "agreements.yaml").write_text(
        (demo / "cedar-rapids" / "agreements.yaml").read_text().replace("Sharing", "X")
    )
    with pytest.raises(WorkspaceError) as exc:
        services.partnerships_import(folder=demo)
    (err,) = exc.value.errors
    assert err.file == "partnerships/indianapolis/agreements.yaml" and err.line == 3
    assert "not after it starts" in err.reason
    assert Agreement.objects.get(ref="area31-ivytech-2025").ends == date(2027, 6, 30)


def test_the_coordinator_edits_an_agreement_and_it_is_a_new_version(demo: Path) -> None:
    user = _user("kw", Role.COLLEGE_COORDINATOR, ["kirkwood"])
    c = _client(user)
    row = Agreement.objects.get(ref=CR)
    url = reverse("partnerships:agreement-edit", kwargs={"public_id": row.public_id})
    assert c.get(url).status_code == 200
    post = _form(row.data, row.version) | {"rate_hs_teacher": "220", "renewal_notice_days": "150"}
    response = c.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.version == 2 and row.data["rates"]["hs_teacher"] == 220.0
    v = row.versions.get(version=2)
    assert v.actor == user and v.action == "edited"
    assert v.changed == ["rates", "renewal_notice_days"]
    page = c.get(reverse("partnerships:agreement", kwargs={"public_id": row.public_id}))
    assert b'data-version="2"' in page.content and b"kw" in page.content
    assert b"renewal_notice_days" in page.content


def test_an_agreement_that_ends_before_it_starts_is_refused_whole(demo: Path) -> None:
    c = _client(_user("kw", Role.COLLEGE_COORDINATOR, ["kirkwood"]))
    row = Agreement.objects.get(ref=CR)
    before = dict(row.data)
    url = reverse("partnerships:agreement-edit", kwargs={"public_id": row.public_id})
    post = _form(row.data, row.version) | {
        "ends": "2024-01-01",  # before it starts
        "title": "Renamed",  # a good change in the same save: not saved either
        "rate_career_center": "100000",
    }
    response = c.post(url, post)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="ends"' in html and "not after it starts" in html
    row.refresh_from_db()
    assert row.data == before and row.version == 1 and row.title != "Renamed"
    assert row.versions.count() == 1


def test_a_rate_outside_the_states_bounds_is_a_finding_on_the_rates(demo: Path) -> None:
    admin = _user("admin", Role.SITE_ADMIN, [])
    row = Agreement.objects.get(ref="area31-ivytech-2025")
    data = dict(row.data) | {"rates": {"career_center": 90.0}}  # Indiana: $25 cap on priority
    with pytest.raises(services.AgreementRefused) as exc:
        services.agreement_save(
            scope=_scope(admin, Role.SITE_ADMIN, []),
            actor=admin,
            partnership_id="indianapolis",
            data=data,
            public_id=row.public_id,
            version=row.version,
        )
    assert set(exc.value.errors) == {"rates"}
    assert "above the ceiling" in exc.value.errors["rates"][0]
    row.refresh_from_db()
    assert row.data["rates"] == {"career_center": 25.0}


def test_each_side_edits_only_its_own_agreements_and_signatories(demo: Path) -> None:
    other = _client(_user("ivy", Role.COLLEGE_COORDINATOR, ["ivy-tech"]))
    row = Agreement.objects.get(ref=CR)
    detail = reverse("partnerships:agreement", kwargs={"public_id": row.public_id})
    edit = reverse("partnerships:agreement-edit", kwargs={"public_id": row.public_id})
    assert other.get(detail).status_code == 404
    assert other.post(edit, _form(row.data, row.version)).status_code == 404
    listing = other.get(reverse("partnerships:agreements")).content.decode()
    assert "Dual credit at Area 31" in listing and "Cedar Rapids and Kirkwood" not in listing
    # Kirkwood's coordinator may not sign for the district, nor drop Kirkwood as a party
    kw = _user("kw", Role.COLLEGE_COORDINATOR, ["kirkwood"])
    scope = _scope(kw, Role.COLLEGE_COORDINATOR, ["kirkwood"])
    data = dict(row.data)
    data["signatories"] = [
        {**s, "name": "Someone else"} if s["institution"] == "crcsd" else s
        for s in data["signatories"]
    ]
    with pytest.raises(services.AgreementRefused) as exc:
        services.agreement_save(
            scope=scope, actor=kw, partnership_id="cedar-rapids", data=data,
            public_id=row.public_id,
        )  # fmt: skip
    assert set(exc.value.errors) == {"signatories"}
    data = dict(row.data) | {"parties": ["crcsd", "kirkwood-lcrc"]}
    with pytest.raises(services.AgreementRefused) as exc:
        services.agreement_save(
            scope=scope, actor=kw, partnership_id="cedar-rapids", data=data,
            public_id=row.public_id,
        )  # fmt: skip
    assert "parties" in exc.value.errors
    # a viewer reads every agreement but edits none
    viewer = _client(_user("v", Role.VIEWER, []))
    assert viewer.get(detail).status_code == 200
    assert viewer.get(edit).status_code == 403


def test_a_new_agreement_is_created_with_its_first_version(demo: Path) -> None:
    user = _user("cr", Role.DISTRICT_DESIGNER, ["crcsd"])
    c = _client(user)
    url = reverse("partnerships:agreement-new") + "?partnership=cedar-rapids"
    assert c.get(url).status_code == 200
    post = {
        "id": "crcsd-kirkwood-articulation",
        "kind": "articulation",
        "title": "Articulation of Health Careers",
        "status": "draft",
        "parties": ["crcsd", "kirkwood"],
        "starts": "2026-07-01",
        "ends": "2029-06-30",
        "renewal_notice_days": "90",
        "courses": ["HSC-205"],
        "signatories": "A. Person | Superintendent | crcsd | 2026-06-01",
    }
    response = c.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = Agreement.objects.get(ref="crcsd-kirkwood-articulation")
    assert row.version == 1 and row.versions.get().action == "created"
    assert row.data["signatories"][0]["signed_on"] == "2026-06-01"
    # the same id again is refused
    assert c.post(url, post).status_code == 400


def test_renewals_due_show_on_the_page_and_the_due_list(demo: Path) -> None:
    user = _user("kw", Role.COLLEGE_COORDINATOR, ["kirkwood"])
    scope = _scope(user, Role.COLLEGE_COORDINATOR, ["kirkwood"])
    # the Cedar Rapids contract ends 2027-06-30 with 120 days' notice: due 2027-03-02
    assert selectors.renewals_due(scope=scope, today=date(2026, 6, 1)) == []
    (r,) = selectors.renewals_due(scope=scope, today=date(2027, 1, 15))
    assert r.agreement.ref == CR and r.due == date(2027, 3, 2) and not r.late
    (r,) = selectors.renewals_due(scope=scope, today=date(2027, 4, 1))
    assert r.late
    row = Agreement.objects.get(ref=CR)
    ends = date.today() + timedelta(days=60)  # the pages use today's date
    row.data = row.data | {"ends": ends.isoformat()}
    row.ends = ends
    row.save()
    c = _client(user)
    assert b"agreement-renewal-due" in c.get(reverse("partnerships:agreements")).content
    assert b"agreement-renewal-due" in c.get(reverse("staffing:dues")).content


def test_a_workspace_round_trip_carries_the_partnerships(region: Any, tmp_path: Path) -> None:
    from careerpaths.io.workspace import write_workspace
    from careerpaths.web import app as web
    from careerpaths.web.catalog.models import Pathway
    from tests.web.regions import web_region

    ws = tmp_path / "ws"
    write_workspace(web_region(), ws)
    shutil.copytree(PARTNERSHIPS_DIR, ws / "partnerships")
    web.import_workspace(ws)
    admin = _user("admin", Role.SITE_ADMIN, [])
    row = Agreement.objects.get(ref=CR)
    services.agreement_save(
        scope=_scope(admin, Role.SITE_ADMIN, []), actor=admin, partnership_id="cedar-rapids",
        data=row.data | {"title": "Renewed sharing contract"}, public_id=row.public_id,
    )  # fmt: skip
    out = tmp_path / "out"
    web.export_workspace(out)
    (a, *_) = load_partnership(out / "partnerships" / "cedar-rapids").agreements
    assert a.title == "Renewed sharing contract"
    versions = AgreementVersion.objects.count()
    web.import_workspace(out)  # the export again: nothing changes
    assert AgreementVersion.objects.count() == versions
    # a bad agreement refuses the whole workspace: the region is not replaced either
    bad = out / "partnerships" / "cedar-rapids" / "agreements.yaml"
    bad.write_text(bad.read_text().replace("ends: 2027-06-30", "ends: 2023-06-30"))
    Pathway.objects.filter(pk="it").update(name="Changed in the database")
    with pytest.raises(WorkspaceError) as exc:
        web.import_workspace(out)
    assert exc.value.errors[0].file == "partnerships/cedar-rapids/agreements.yaml"
    assert Pathway.objects.get(pk="it").name == "Changed in the database"


def test_the_cost_and_budget_reports_read_the_partnership_the_database_holds(
    demo: Path,
) -> None:
    """An imported partnership (with its agreements as edited here) is what the reports
    show; the bundled copy only stands in for a partnership never imported."""
    from careerpaths.io.funding import bundled_partnership

    admin = _user("adm", Role.SITE_ADMIN, [])
    scope = _scope(admin, Role.SITE_ADMIN, [])
    costs = demo / "cedar-rapids" / "costs.yaml"
    costs.write_text(
        costs.read_text("utf-8").replace(
            "books_per_course: {value: 120.0", "books_per_course: {value: 95.0"
        ),
        "utf-8",
    )
    services.partnerships_import(folder=demo)
    held = selectors.partnership_get(scope=scope, region_id="cedar-rapids")
    bundled = bundled_partnership("cedar-rapids")
    assert held.rules != bundled.rules
    assert "95.0" in repr(held.rules) and "95.0" not in repr(bundled.rules)
    # an agreement edited in the web app is the one the reports see
    row = Agreement.objects.get(ref=CR)
    data = {**row.data, "rates": {**row.data.get("rates", {}), "hs_teacher": 221.0}}
    services.agreement_save(
        scope=_scope(admin, Role.SITE_ADMIN, []),
        actor=admin,
        partnership_id=row.partnership_id,
        public_id=row.public_id,
        version=row.version,
        data=data,
    )
    held = selectors.partnership_get(scope=scope, region_id="cedar-rapids")
    [agreement] = [a for a in held.agreements if a.id == CR]
    assert 221.0 in agreement.rates.values()
