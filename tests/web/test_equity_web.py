"""The equity dashboard and the eligibility what-if, against an independent computation.

The two-district test region (tests/web/regions.py) gets 100 more synthetic students:

    District A ── Alpha High School (hs-a): 3 + 60 students   ─┐
    District B ── Beta High School  (hs-b): 2 + 40 students   ─┴─ college cc

Race/ethnicity is chosen so that suppression must act: 6 Asian students at hs-a (a small
cell) and 12 at hs-b (not small), so that the region's 18 minus Beta's 12 would give
Alpha's 6 away if the filtered views were suppressed one by one.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.analytics import engines
from careerpaths.analytics.report import equity_report, to_csv, to_json
from careerpaths.analytics.tables import records_tables
from careerpaths.core.model import Attempt, Student
from careerpaths.viz import figures
from careerpaths.viz.render import render
from careerpaths.web.equity import selectors
from careerpaths.web.students.models import Student as StudentRow
from tests.factories import t
from tests.web.regions import web_region

URL = "/equity/"
WHATIF = "/equity/whatif/"


def _races(n: int, asian: int) -> list[str]:
    rest = n - asian
    return ["Asian"] * asian + ["White"] * (rest // 2) + ["Hispanic/Latino"] * (rest - rest // 2)


def _extra_students() -> list[Student]:
    out = []
    for school, n, asian in (("hs-a", 60, 6), ("hs-b", 40, 12)):
        for i, race in enumerate(_races(n, asian)):
            grade = 9 + i % 4
            dual = grade >= 11 and i % 3 != 0
            attempts = [Attempt("HSE-101", t("G9-FA"), "A" if i % 5 else "C", 1.0)]
            if dual:
                attempts.append(
                    Attempt(
                        "CIS-101", t("G11-FA"), "B" if i % 4 else "D", 3.0, True, "cc", "2025-26"
                    )
                )
            out.append(
                Student(
                    id=f"SYN-{school}-{i:03d}",
                    school=school,
                    grade_level=grade,
                    cohort=2026 + 12 - grade,
                    pathway="it" if i % 2 else None,
                    scores=MappingProxyType({"gpa": 2.0 + (i % 5) * 0.4}),
                    demographics=MappingProxyType(
                        {
                            "race_ethnicity": race,
                            "sex": "F" if i % 2 else "M",
                            "economically_disadvantaged": "Y" if i % 3 == 0 else "N",
                        }
                    ),
                    attempts=tuple(attempts),
                    synthetic=True,
                )
            )
    return out


@pytest.fixture
def equity_students(region: Any) -> list[Student]:
    extra = _extra_students()
    rows = []
    for s in extra:
        row = StudentRow()
        row.update_from_domain(s)
        rows.append(row)
    StudentRow.objects.bulk_create(rows)
    selectors.cache_clear()
    return [*region.students.values(), *extra]


def _direct(students: list[Student], by: tuple[str, ...] = ("subgroup", "school")) -> Any:
    """The report computed without the web app: domain students → tables → DuckDB."""
    s, a = records_tables(web_region(), students)
    con = engines.connect("duckdb")
    st, at = engines.load(con, s, a)
    return equity_report(con, st, at, by=by, synthetic=True)


def _json(client: Any, **params: str) -> dict[str, Any]:
    response = client.get(URL, {**params, "format": "json"})
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def _row(data: dict[str, Any], dimension: str, group: str) -> dict[str, Any]:
    return next(r for r in data["rows"] if r["dimension"] == dimension and r["group"] == group)


def test_the_dashboard_shows_the_report_computed_independently(
    client_for: Any, equity_students: list[Student]
) -> None:
    direct = _direct(equity_students)
    client = client_for("viewer")
    data = _json(client, group="subgroups")
    assert data == json.loads(to_json(direct))
    assert client.get(URL, {"group": "subgroups", "format": "csv"}).content.decode() == to_csv(
        direct
    )
    page = client.get(URL, {"group": "subgroups"}).content.decode()
    everyone = _row(data, "all", "All students")
    assert everyone["enrolled"] == 105
    assert f"{everyone['participation']} (n=105)" in page
    assert "Synthetic data" in page


def test_a_small_group_shows_a_star_never_its_number(
    client_for: Any, equity_students: list[Student], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[dict[str, Any]] = []  # every chart's Vega-Lite spec, as rendered

    def spy(spec: dict[str, Any], **kw: str) -> str:
        drawn.append(spec)
        return render(spec, **kw)

    monkeypatch.setattr(figures, "render", spy)
    client = client_for("district_designer")  # District A: Alpha's 6 Asian students
    data = _json(client)
    asian = _row(data, "race_ethnicity", "Asian")
    assert asian["enrolled"] is None and asian["participants"] is None
    assert asian["participation"] == "*"
    page = client.get(URL).content.decode()
    # The charts: Asian's rows carry the star and no number, so no mark is drawn for
    # them and the true figures are in no chart at all.
    rows = [r for spec in drawn for r in spec["datasets"]["rows"]]
    mine = [r for r in rows if "Asian" in (r.get("label") or r.get("series") or "")]
    assert len(drawn) >= 5 and mine
    for r in mine:
        assert all(r.get(k) is None for k in ("value", "lo", "hi", "low", "high")), r
        assert not re.search(r"\d", r.get("text", "")), r
    theirs = [
        s
        for s in equity_students
        if s.school == "hs-a" and s.demographics.get("race_ethnicity") == "Asian"
    ]
    took = sum(1 for s in theirs if any(a.dual_credit for a in s.attempts))
    true_rate = f"{100 * took / len(theirs):.1f}%"
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(svgs) == len(drawn)
    for svg in svgs:
        assert f"n={len(theirs)})" not in svg and true_rate not in svg
    rows = re.findall(r'<th scope="row">Asian</th>(.*?)</tr>', page)
    assert rows, "the Asian row is in the tables"
    for cells in rows:
        assert "*" in cells
        assert not re.search(r"\d", cells), cells  # no count, no rate
    assert "Small groups are protected" in page
    csv_row = next(
        line
        for line in client.get(URL, {"format": "csv"}).content.decode().splitlines()
        if line.startswith("race_ethnicity,Asian,")
    )
    assert csv_row.split(",")[2:5] == ["*", "*", "*"]


def test_a_district_designer_counts_only_their_district(
    client_for: Any, equity_students: list[Student]
) -> None:
    alpha = [s for s in equity_students if s.school == "hs-a"]
    for role in ("district_designer", "counselor"):
        client = client_for(role)
        data = _json(client, group="subgroups")
        assert _row(data, "all", "All students")["enrolled"] == len(alpha) == 63
        assert {r["group"] for r in data["rows"] if r["dimension"] == "school"} == {"hs-a"}
        assert data == json.loads(to_json(_direct(alpha)))
        page = client.get(URL).content.decode()
        assert "Beta High School" not in page
        # a filter outside the scope is refused, not shown
        response = client.get(URL, {"population": "school:hs-b"})
        assert response.status_code == 400
        assert "cannot be shown" in response.content.decode()


def test_a_college_coordinator_counts_the_students_of_their_college(
    client_for: Any, equity_students: list[Student]
) -> None:
    s, _ = records_tables(web_region(), equity_students)
    theirs = sum(1 for c in s["college"].to_pylist() if c == "cc")
    data = _json(client_for("college_coordinator"))
    assert _row(data, "all", "All students")["enrolled"] == theirs > 0


def test_filtered_views_cannot_be_subtracted_from_each_other(
    client_for: Any, equity_students: list[Student]
) -> None:
    client = client_for("site_admin")
    region = _json(client)
    views = {s: _json(client, population=f"school:{s}") for s in ("hs-a", "hs-b")}
    assert _row(views["hs-a"], "all", "All students")["enrolled"] == 63
    assert _row(views["hs-b"], "all", "All students")["enrolled"] == 42
    truth = {s: [x for x in equity_students if x.school == s] for s in ("hs-a", "hs-b")}
    columns = ("enrolled", "participants", "courses_completed", "courses_success", "credentialed")
    for r in region["rows"]:
        if r["dimension"] in ("school", "district"):
            continue
        for c in columns:
            for other_school in ("hs-a", "hs-b"):
                other = _row_or_none(views[other_school], r["dimension"], r["group"])
                if r[c] is not None and other is not None and other[c] is not None:
                    # region − the other school = this school: it must not be a small count
                    derived = r[c] - other[c]
                    assert not 0 < derived < 10, (r["dimension"], r["group"], c, derived)
    # Alpha's 6 Asian students really are behind a suppressed cell
    assert sum(1 for x in truth["hs-a"] if x.demographics.get("race_ethnicity") == "Asian") == 6
    assert _row(views["hs-a"], "race_ethnicity", "Asian")["enrolled"] is None


def _row_or_none(data: dict[str, Any], dimension: str, group: str) -> dict[str, Any] | None:
    return next(
        (r for r in data["rows"] if r["dimension"] == dimension and r["group"] == group), None
    )


def test_filters_and_htmx(client_for: Any, equity_students: list[Student]) -> None:
    client = client_for("site_admin")
    page = client.get(URL, {"population": "district:db", "group": "sex"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "By student group: Sex" in html
    assert 'value="district:db" selected' in html
    assert 'value="sex" selected' in html
    data = _json(client, population="district:db", group="sex")
    assert _row(data, "all", "All students")["enrolled"] == 42
    assert {r["dimension"] for r in data["rows"]} == {"all", "sex", "district", "school"}
    partial = client.get(URL, {"group": "sex"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="equity-results"') and "<html" not in partial
    cohort = _json(client, population="cohort:2027")  # the seniors
    seniors = sum(1 for s in equity_students if s.cohort == 2027)
    assert _row(cohort, "all", "All students")["enrolled"] == seniors
    assert client.get(URL, {"population": "school:nowhere"}).status_code == 400


def test_a_change_to_a_student_is_seen_at_once(
    client_for: Any, equity_students: list[Student]
) -> None:
    client = client_for("site_admin")
    before = _row(_json(client), "all", "All students")["enrolled"]
    StudentRow.objects.filter(record_id="SYN-hs-a-000").update(active=False)
    assert _row(_json(client), "all", "All students")["enrolled"] == before - 1


@override_settings(CAREERPATHS_EQUITY_THRESHOLD=5)
def test_the_threshold_comes_from_the_settings(
    client_for: Any, equity_students: list[Student]
) -> None:
    data = _json(client_for("district_designer"), group="subgroups")
    assert data["threshold"] == 5
    assert any(5 <= v < 10 for v in _counts(data))  # published now, suppressed at 10
    assert (
        "A count of 1 to 4 students is suppressed" in client_for("viewer").get(URL).content.decode()
    )


def _counts(data: dict[str, Any]) -> list[int]:
    columns = ("enrolled", "participants", "courses_completed", "courses_success", "credentialed")
    return [r[c] for r in data["rows"] for c in columns if r[c] is not None]


def test_no_published_count_is_small(client_for: Any, equity_students: list[Student]) -> None:
    for role in ("viewer", "district_designer", "counselor", "college_coordinator"):
        for params in (
            {},
            {"group": "subgroups"},
            {"group": "perkins"},
            {"population": "cohort:2027"},
        ):
            data = _json(client_for(role), **params)
            assert not [v for v in _counts(data) if 0 < v < 10], (role, params)


def test_the_whatif_compares_the_colleges_rule_with_an_alternative(
    client_for: Any, equity_students: list[Student]
) -> None:
    client = client_for("site_admin")
    page = client.get(WHATIF)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="grade &gt;= 11"' in html  # CIS-101's rule in the catalog
    response = client.get(
        WHATIF, {"rule": "gpa >= 2.5 and grade >= 11", "alternative": "gpa >= 2.0 and grade >= 10"}
    )
    assert response.status_code == 200
    # the counts are differentially private (tests/web/test_whatif_privacy.py): the page
    # shows the All students row and a row per school, with the noise's margin
    html = response.content.decode()
    for label in ("All students", "Alpha High School", "Beta High School"):
        assert re.search(rf'<th scope="row">{label}</th>', html), label
    assert 'data-testid="whatif-margin"' in html


def test_a_rule_that_does_not_parse_says_where_and_why(
    client_for: Any, equity_students: list[Student]
) -> None:
    response = client_for("viewer").get(WHATIF, {"alternative": "grade >= 11 and ("})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"Alternative rule, column \d+: ", html)
    assert 'aria-invalid="true"' in html


def test_the_seed_preset_is_offered(client_for: Any, equity_students: list[Student]) -> None:
    html = client_for("viewer").get(WHATIF).content.decode()
    assert "Technical (CTE) courses" in html


def test_replace_keeps_students_domain_equal(equity_students: list[Student]) -> None:
    # the fixture round-trips through the model: what the app reads is what we compare to
    rows = {r.record_id: r.to_domain() for r in StudentRow.objects.all()}
    for s in equity_students:
        assert replace(rows[s.id], synthetic=s.synthetic) == s


def test_a_scope_without_students_shows_zero_not_an_error(
    client_for: Any, equity_students: list[Student]
) -> None:
    StudentRow.objects.filter(school_id="hs-a").update(active=False)
    client = client_for("counselor")
    assert _row(_json(client), "all", "All students")["enrolled"] == 0
    assert "0 students in this view." in client.get(URL).content.decode()
    assert "nothing to compare" in client.get(WHATIF).content.decode()


def test_both_languages_render(client_for: Any, equity_students: list[Student]) -> None:
    client = client_for("viewer")
    client.post("/i18n/setlang/", {"language": "es", "next": URL})
    for url in (URL, WHATIF):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="es">' in response.content.decode()


def _population(students: list[Student], key: str) -> selectors.Population:
    region = web_region()
    s, a = records_tables(region, students)
    return selectors.Population(
        key=key,
        data_key=key,
        region=region,
        students=s,
        attempts=a,
        people=tuple(students),
        synthetic=True,
        cohort=min(s["cohort"].to_pylist()),
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(
        st.tuples(st.integers(0, 14), st.integers(0, 14), st.integers(0, 3)),
        min_size=2,
        max_size=3,
    )
)
def test_no_subtraction_between_school_views_reveals_a_small_count(
    sizes: list[tuple[int, int, int]],
) -> None:
    """Random group sizes at two schools; whatever is published in the region's view and
    one school's view, their difference is never a small count of the other school."""
    students: list[Student] = []
    for k, (a_n, b_n, dual_every) in enumerate(sizes):
        school = ("hs-a", "hs-b")[k % 2]
        race = f"Group {k}"
        for i in range(a_n + b_n):
            dual = dual_every and i % (dual_every + 1) == 0
            students.append(
                Student(
                    id=f"P-{k}-{i:03d}",
                    school=school if i < a_n else ("hs-b" if school == "hs-a" else "hs-a"),
                    grade_level=11,
                    cohort=2027,
                    demographics=MappingProxyType({"race_ethnicity": race}),
                    attempts=(
                        (Attempt("CIS-101", t("G11-FA"), "B", 3.0, True, "cc", "2025-26"),)
                        if dual
                        else (Attempt("HSE-101", t("G11-FA"), "B", 1.0, False, "", "2025-26"),)
                    ),
                    synthetic=True,
                )
            )
    if len({s.school for s in students}) < 2:
        return
    selectors.cache_clear()
    pop = _population(students, key=repr(sizes))
    region = selectors.dashboard_report(pop=pop, filters=selectors.Filters())
    views = {}
    for school in ("hs-a", "hs-b"):
        try:
            views[school] = selectors.dashboard_report(
                pop=pop, filters=selectors.Filters(population=f"school:{school}")
            )
        except selectors.FilterRefused:
            continue  # refused: nothing published
    columns = ("enrolled", "participants", "courses_completed", "courses_success")
    for r in region.rows:
        if r.dimension != "race_ethnicity":
            continue
        for school, view in views.items():
            mine = next(
                (x for x in view.rows if (x.dimension, x.group) == (r.dimension, r.group)), None
            )
            for c in columns:
                total, part = getattr(r, c), getattr(mine, c) if mine else 0
                if total is not None and part is not None:
                    assert not 0 < total - part < 10, (school, r.group, c, total - part)
