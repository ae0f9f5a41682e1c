"""Issue 12 items 5, 6, 7 through the web app's designer services and the what-if page."""

from __future__ import annotations

from typing import Any

import pytest

from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.catalog.services import EditRefused, course_update, credential_update

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, n in zip("abcdefg", "bcdefgh", strict=True)
)


def test_a_yaml_alias_bomb_in_the_credential_form_is_refused(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["college_coordinator"])
    with pytest.raises(EditRefused, match=r"2:8: aliases \(\*a\) are not allowed"):
        credential_update(
            scope=scope,
            credential_id="cert",
            name="IT Cert",
            total_credits=6,
            requirements=BOMB,
            description="",
        )


def _course(scope: Any, **changes: Any) -> None:
    fields: dict[str, Any] = dict(
        scope=scope,
        key="CIS101",
        title="Intro to IT",
        credits=3,
        tuition_per_credit=220,
        prerequisites="",
        corequisites="",
        description="",
    )
    course_update(**{**fields, **changes})


@pytest.mark.parametrize(
    "changes",
    [{"credits": 1e308}, {"credits": float("inf")}, {"tuition_per_credit": 1e308}],
)
def test_huge_course_numbers_are_refused(users: dict[str, Any], changes: dict[str, Any]) -> None:
    scope = user_scope(user=users["college_coordinator"])
    with pytest.raises(EditRefused, match="is too large: enter"):
        _course(scope, **changes)


def test_huge_credential_totals_are_refused(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["college_coordinator"])
    with pytest.raises(EditRefused, match="too large"):
        credential_update(
            scope=scope,
            credential_id="cert",
            name="IT Cert",
            total_credits=1e308,
            requirements="",
            description="",
        )


def test_prerequisites_nested_a_thousand_deep_are_refused(users: dict[str, Any]) -> None:
    scope = user_scope(user=users["college_coordinator"])
    with pytest.raises(EditRefused, match="nested more than"):
        _course(scope, prerequisites="(" * 1000 + "CIS-101" + ")" * 1000)


def test_the_whatif_answers_a_deep_rule_with_an_error_not_a_500(client_for: Any) -> None:
    client = client_for("site_admin")
    deep = "(" * 1000 + "grade >= 11" + ")" * 1000
    response = client.get("/equity/whatif/", {"rule": deep, "alternative": "grade >= 10"})
    assert response.status_code == 400
    assert "the rule is too long" in response.content.decode()
    shallow = "(" * 5 + "grade >= 11" + ")" * 5
    response = client.get("/equity/whatif/", {"rule": shallow, "alternative": "grade >= 10"})
    assert response.status_code == 400
    assert "at most three levels of parentheses" in response.content.decode()
