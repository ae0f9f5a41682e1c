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
    assert b"<td>Not allowable</td>" in page.content  # in words; the downloads keep the code
    assert b"<td>not_allowable</td>" not in page.content
    assert page.content.count(b"<td>equipment</td>") == 0  # the use's code: its label instead
    assert b"equipment, technology and materials aligned with industry" in page.content


def _partnership_of_the_test_region(tmp: Any, costs: str) -> None:
    """A partnership with the test region's id ("mini"), under Iowa's rules plus ``costs``."""
    from careerpaths.web.partnerships.services import partnerships_import

    folder = tmp / "partnerships" / "mini"
    folder.mkdir(parents=True)
    (folder / "region.yaml").write_text(
        "id: mini\nname: Mini\nrules: iowa-syp\ninstitutions:\n  - {id: da, name: District A}\n"
    )
    (folder / "costs.yaml").write_text(costs)
    partnerships_import(folder=folder.parent)


def test_the_family_map_savings_come_from_the_funding_rules(client_for: Any, tmp_path: Any) -> None:
    client = client_for("anonymous")
    html = client.get("/pathways/it/").content.decode()
    assert 'data-testid="savings">$2,821<' in html and "savings-basis" not in html
    # a $10 family fee per course under the region's rules: 13 x $217 - 5 x $10
    _partnership_of_the_test_region(
        tmp_path,
        "id: t\nname: Test local costs\nrules:\n"
        "  - {id: T-FEE, item: fees, payer: family, basis: per_student, formula: 10,"
        " illustrative: true}\n",
    )
    html = client.get("/pathways/it/").content.decode()
    assert 'data-testid="savings">$2,771<' in html
    assert "your family pays $50 for them" in html and "Iowa Senior Year Plus" in html
    assert "published tuition of $217 a credit" in html
    es = client.get("/pathways/it/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "su familia paga $50" in es


def test_a_rule_change_moves_the_map_savings(client_for: Any, tmp_path: Any) -> None:
    _partnership_of_the_test_region(
        tmp_path,
        "id: t\nname: Test local costs\nparameters:\n"
        "  published_tuition_per_credit: {value: 100.0, illustrative: true}\n",
    )
    html = client_for("anonymous").get("/pathways/it/").content.decode()
    assert 'data-testid="savings">$1,300<' in html and "an estimate" in html


def test_the_reports_download_as_xlsx_csv_and_json_with_rules_and_sources(
    client_for: Any,
) -> None:
    import io

    from openpyxl import load_workbook

    c = client_for("site_admin")
    url = reverse("partnerships:costs")
    query = {"region": "cedar-rapids", "delivery": ["hs_teacher"]}
    xlsx = c.get(url, {**query, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    wb = load_workbook(io.BytesIO(xlsx.content))
    titles = [ws["A1"].value for ws in wb.worksheets]
    assert titles[0].startswith("Cost by delivery model")
    assert any(t.startswith("Five-year projection") for t in titles)
    assert any(t.startswith("Redundancy") for t in titles)
    lines = next(ws for ws in wb.worksheets if ws["A1"].value.startswith("Cost lines"))
    header = [cell.value for cell in lines[2]]
    assert {"rule", "source", "illustrative"} <= set(header)
    rows = list(lines.iter_rows(min_row=3, values_only=True))
    assert rows and all(r[header.index("rule")] for r in rows)
    assert "IA-TUITION-DISTRICT" in {r[header.index("rule")] for r in rows}
    csv = c.get(url, {**query, "format": "csv"}).content.decode()
    assert "IA-TUITION-DISTRICT" in csv and "delivery_model" in csv
    data = json.loads(c.get(url, {**query, "format": "json"}).content)
    assert any(t["title"].startswith("Cost lines") for t in data)
    budget = c.get(reverse("partnerships:budget"), {"region": "cedar-rapids", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(budget.content))
    header = [cell.value for cell in wb.worksheets[0][2]]
    assert "references" in header and "status" in header
