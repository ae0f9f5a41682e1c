"""The counselor's caseload, page by page: 50 rows a page, filters and sort kept in the
links, a bad page number answered with the first or last page, only the rows shown logged,
inactive students nowhere."""

from __future__ import annotations

import re
from typing import Any

import pytest

from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.students.models import Student, StudentAccess
from careerpaths.web.students.selectors import PAGE_SIZE, SORTS, CaseloadFilters, caseload
from tests.web.auth import verified_login

EXTRA = 120  # + the region's 3 students at hs-a: 123, three pages of 50


@pytest.fixture
def big(users: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for i in range(EXTRA):
        rows.append(
            Student(
                record_id=f"SYN-P{i:03d}",
                school_id="hs-a",
                grade_level=9 + i % 4,
                cohort=2030 - i % 4,
                pathway="it" if i % 3 else "",
                synthetic=True,
            )
        )
    Student.objects.bulk_create(rows)
    Student.objects.filter(record_id="SYN-P000").update(active=False)  # imported, then gone
    return users


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/students/[0-9a-f-]+/">([^<]+)</a>', html)


def test_pages_of_fifty_with_page_x_of_y_and_the_total(big: dict[str, Any]) -> None:
    from django.test import Client

    c = Client()
    verified_login(c, big["counselor"])
    html = c.get("/students/").content.decode()
    assert "122 students" in html  # 3 + 120, less the inactive one
    assert "Page 1 of 3" in html
    assert len(_ids(html)) == PAGE_SIZE
    assert StudentAccess.objects.filter(what="caseload").count() == PAGE_SIZE  # rows shown only
    last = c.get("/students/?page=3").content.decode()
    assert "Page 3 of 3" in last and len(_ids(last)) == 122 - 2 * PAGE_SIZE
    assert "SYN-P000" not in html + last


@pytest.mark.parametrize(("page", "shown"), [("99", 3), ("0", 3), ("abc", 1), ("-1", 3), ("", 1)])
def test_a_bad_page_number_shows_the_first_or_last_page(
    big: dict[str, Any], page: str, shown: int
) -> None:
    from django.test import Client

    c = Client()
    verified_login(c, big["counselor"])
    response = c.get("/students/", {"page": page})
    assert response.status_code == 200
    assert f"Page {shown} of 3" in response.content.decode()


def test_links_keep_the_filters_and_the_sort(big: dict[str, Any]) -> None:
    from django.test import Client

    c = Client()
    verified_login(c, big["counselor"])
    html = c.get("/students/", {"pathway": "it", "sort": "-grade", "page": "1"}).content.decode()
    assert "Page 1 of 2" in html  # 80 with the pathway (+3 region students), less inactive
    assert 'href="?pathway=it&amp;sort=-grade&amp;page=2"' in html
    # sort links keep the filters and go back to the first page
    assert 'href="?pathway=it&amp;sort=grade"' in html


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("grade", [None, 10])
def test_the_pages_together_are_the_whole_sorted_list(
    big: dict[str, Any], sort: str, grade: int | None
) -> None:
    scope = user_scope(user=big["counselor"])
    pages: list[str] = []
    first = caseload(scope=scope, filters=CaseloadFilters(sort=sort, grade=grade))
    for n in range(1, first.pages + 1):
        result = caseload(scope=scope, filters=CaseloadFilters(sort=sort, grade=grade, page=str(n)))
        assert result.page == n and result.total == first.total
        pages += [r.record_id for r in result.rows]
    # The reference: every active student of hs-a, filtered and sorted in Python.
    rows = [
        s
        for s in Student.objects.select_related("school")
        if s.active and s.school_id == "hs-a" and (grade is None or s.grade_level == grade)
    ]
    key = SORTS[sort]
    for field in reversed(key):
        name = field.lstrip("-")
        rows.sort(
            key=lambda s, name=name: s.school.name if name == "school__name" else getattr(s, name),
            reverse=field.startswith("-"),
        )
    assert pages == [s.record_id for s in rows]
    assert len(pages) == first.total


def test_flag_filters_run_in_the_database(big: dict[str, Any]) -> None:
    scope = user_scope(user=big["counselor"])
    on_track = caseload(scope=scope, filters=CaseloadFilters(flag="on-track"))
    flagged = caseload(scope=scope, filters=CaseloadFilters(flag="random-act"))
    everyone = Student.objects.filter(school_id="hs-a", active=True)
    assert on_track.total == everyone.filter(summary_on_track=True).count()
    assert flagged.total == sum(1 for s in everyone if "random-act" in s.summary_flags) >= 1
    assert caseload(scope=scope, filters=CaseloadFilters(flag="no-such-flag")).total == 0


def test_flags_are_labels_not_codes() -> None:
    from careerpaths.core.student_audit import FlagCode
    from careerpaths.web.catalog.templatetags.catalog_labels import STUDENT_FLAGS, flag_label

    assert set(STUDENT_FLAGS) == {f.value for f in FlagCode}  # every flag has a label
    for f in FlagCode:
        assert flag_label(f) != f.value and flag_label(f.value) == flag_label(f)


def test_search_by_student_id_and_counts_over_the_caseload(big: dict[str, Any]) -> None:
    from django.test import Client

    c = Client()
    verified_login(c, big["counselor"])
    scope = user_scope(user=big["counselor"])
    everyone = caseload(scope=scope, filters=CaseloadFilters(), page_size=10_000)
    assert everyone.everyone == everyone.total
    on_track = sum(1 for s in everyone.rows if s.summary_on_track)
    assert everyone.on_track == on_track
    for flag, n in everyone.flag_counts:
        assert n == sum(1 for s in everyone.rows if flag in s.summary_flags), flag
    target = everyone.rows[5].record_id
    found = caseload(scope=scope, filters=CaseloadFilters(q=target), page_size=10_000)
    assert target in {s.record_id for s in found.rows}
    assert all(target.lower() in s.record_id.lower() for s in found.rows)
    html = c.get("/students/", {"q": target}).content.decode()
    assert 'data-testid="caseload-counts"' in html and f'value="{target}"' in html
