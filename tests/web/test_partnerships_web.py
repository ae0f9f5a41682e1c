"""Partnership pages: scoped by the region's institutions, same rows as the CLI."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.services import user_set_role
from careerpaths.web.catalog.models import Institution
from tests.web.auth import verified_login


def _designer_of(inst_id: str, kind: str) -> Client:
    Institution.objects.get_or_create(pk=inst_id, defaults={"name": inst_id, "kind": kind})
    user = get_user_model().objects.create_user(username=f"d-{inst_id}", password="pw-x")
    user_set_role(user=user, role=Role.DISTRICT_DESIGNER, institutions=[inst_id])
    c = Client()
    verified_login(c, user)
    return c


def test_a_designer_of_a_partner_district_sees_costs_and_exports(region: Any) -> None:
    c = _designer_of("crcsd", "district")
    url = reverse("partnerships:costs")
    query = {"region": "cedar-rapids", "delivery": ["hs_teacher", "college_campus"]}
    page = c.get(url, query)
    assert page.status_code == 200
    assert b"School district pays" in page.content and b"IA-WEIGHTING-CTE" not in page.content
    page = c.get(url, {**query, "lines": "1"})
    assert b"IA-WEIGHTING-CTE" in page.content and b"illustrative" in page.content
    data = json.loads(c.get(url, {"region": "cedar-rapids", "format": "json"}).content)
    assert [r["delivery_code"] for r in data[0]["rows"]][:2] == [
        "hs_teacher",
        "college_faculty_at_hs",
    ]
    # the other region is outside this designer's scope
    assert c.get(url, {"region": "indianapolis"}).status_code == 404


def test_the_budget_page_shows_each_line_status(client_for: Any) -> None:
    page = client_for("site_admin").get(reverse("partnerships:budget"), {"region": "cedar-rapids"})
    assert page.status_code == 200
    assert b'data-code="budget-tuition"' in page.content
    assert b"not_allowable" in page.content
