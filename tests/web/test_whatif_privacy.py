"""The eligibility what-if is no longer a query oracle (issue 12, item 1).

Reproduced before: as a viewer, ``grade >= 12`` gave Metro High School 39 eligible and
``grade >= 12 and gpa < 3.5`` 35, so ``gpa >= 3.5`` (shown ``*``) was 4; and
``gpa >= 0 and grade >= 10`` minus ``... and (gpa != 2.2 or grade != 10)`` dropped exactly
one student (Denning's tracker). Now:

- the vocabulary refuses equalities, off-grid thresholds and deep nesting;
- every count comes from one OpenDP release per question and population, stored: the
  same question returns the same noisy answer (no averaging by repetition);
- each user pays ε per new question from a monthly budget, refused when spent.

The attacker is a hypothesis test: a population, a target student, and many questions
from the vocabulary (with their trackers). It gathers every answer it is given and
computes, for the two worlds "the target is in the data" and "the target is not", the
likelihood of everything it saw under the mechanism (discrete Laplace noise of scale
1/ε on the exact histograms, computed here from the students). Differential privacy
means the ratio of the two likelihoods stays within e^budget, whatever was asked; exact
answers make it infinite (the world without the target cannot produce them).
"""

from __future__ import annotations

import math
import re
from html import unescape
from types import MappingProxyType
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from careerpaths.analytics import whatif as wi
from careerpaths.core.model import Attempt, Student
from careerpaths.web.equity import services
from careerpaths.web.equity.models import PrivacyCharge, WhatIfAnswer
from tests.factories import t
from tests.web.test_equity_web import WHATIF, _population, equity_students  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_trackers_of_the_issue_are_refused(
    client_for: Any,
    equity_students: list[Student],  # noqa: F811
) -> None:
    client = client_for("viewer")
    for alternative, code in (
        ("gpa >= 0 and grade >= 10 and (gpa != 2.2 or grade != 10)", "equality"),
        ("grade == 12", "equality"),
        ("grade >= 12 and gpa >= 3.3", "off-grid"),
        ("MATH 1 with C", "course-or-credential"),
        ("placement.math >= 255", "off-grid"),
        ("((((grade >= 11))))", "too-deep"),
        ("(" * 2000 + "grade >= 11" + ")" * 2000, "too-long"),
        ("act.math >= 20", "unknown-score"),
    ):
        assert [p.code for p in wi.vocabulary_problems(alternative)][:1] == [code], alternative
        response = client.get(WHATIF, {"alternative": alternative})
        assert response.status_code == 400, alternative
        assert 'aria-invalid="true"' in response.content.decode()
    assert not WhatIfAnswer.objects.exists() and not PrivacyCharge.objects.exists()


def _shown(html: str, label: str) -> list[str]:
    row = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html)
    assert row is not None, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[:5]


def test_the_same_question_gets_the_same_noisy_answer_and_costs_once(
    client_for: Any,
    equity_students: list[Student],  # noqa: F811
) -> None:
    client = client_for("viewer")
    q = {"rule": "grade >= 12", "alternative": "grade >= 12 and gpa < 3.5", "by": "school"}
    first = client.get(WHATIF, q)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'data-testid="whatif-margin"' in html and "95 times in 100" in html
    answer = WhatIfAnswer.objects.get()
    assert PrivacyCharge.objects.get().epsilon == answer.epsilon == 0.5
    # the page shows the stored noisy histogram, post-processed
    noisy = wi.Histogram(answer.dimension, tuple(answer.groups), tuple(answer.counts))
    rows = wi.private_rows(noisy, rule=answer.rule, alternative=answer.alternative, epsilon=0.5)
    everyone = rows.rows[0]
    expected = [everyone.enrolled, everyone.eligible_now, everyone.eligible_alternative]
    assert _shown(html, "All students")[:3] == ["*" if v is None else str(v) for v in expected]
    # and the noise is there, within reason (the exact counts, computed independently)
    exact = wi.histogram(
        equity_students, rule=q["rule"], alternative=q["alternative"], dimension="school"
    )
    assert sum(abs(a - b) for a, b in zip(noisy.counts, exact.counts, strict=True)) < 400
    for _ in range(5):  # asking again: the same numbers, no new release, no new charge
        again = client.get(WHATIF, q).content.decode()
        assert _shown(again, "All students") == _shown(html, "All students")
    assert WhatIfAnswer.objects.count() == 1 and PrivacyCharge.objects.count() == 1
    # another user sees the same release (same noise), charged once for themselves
    other = client_for("site_admin").get(WHATIF, q).content.decode()
    assert _shown(other, "All students") == _shown(html, "All students")
    assert WhatIfAnswer.objects.count() == 1 and PrivacyCharge.objects.count() == 2


@override_settings(CAREERPATHS_WHATIF_EPSILON=0.5, CAREERPATHS_WHATIF_BUDGET=1.0)
def test_a_spent_budget_refuses_new_questions_with_a_clear_message(
    client_for: Any,
    equity_students: list[Student],  # noqa: F811
) -> None:
    client = client_for("viewer")
    asked = [{"alternative": f"grade >= {g}"} for g in (10, 11)]
    for q in asked:
        assert client.get(WHATIF, q).status_code == 200
    refused = client.get(WHATIF, {"alternative": "grade >= 12"})
    assert refused.status_code == 429
    html = unescape(refused.content.decode())
    assert "used this month's what-if budget" in html and 'data-testid="whatif-refused"' in html
    assert "0 more new questions" in html
    assert client.get(WHATIF, asked[0]).status_code == 200  # already answered: still shown
    assert sum(c.epsilon for c in PrivacyCharge.objects.all()) <= 1.0


# --------------------------------------------------------------------------- the attacker

GRADES = st.integers(9, 13)
GPAS = st.integers(0, 16).map(lambda k: k * 0.25)
PLACEMENTS = st.integers(20, 30).map(lambda k: k * 10)
OPS = st.sampled_from([">=", "<", ">", "<="])


@st.composite
def conditions(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["grade", "gpa", "placement.math", "flag"]))
    if kind == "flag":
        return "flag proficient.math"
    value = draw({"grade": GRADES, "gpa": GPAS, "placement.math": PLACEMENTS}[kind])
    return f"{kind} {draw(OPS)} {value:g}"


@st.composite
def rules(draw: st.DrawFn) -> str:
    parts = draw(st.lists(conditions(), min_size=1, max_size=3))
    if len(parts) == 3 and draw(st.booleans()):
        return f"{parts[0]} and ({parts[1]} or {parts[2]})"
    return f" {draw(st.sampled_from(['and', 'or']))} ".join(parts)


def _people(n: int, seed: int) -> list[Student]:
    out = []
    for i in range(n):
        k = (i * 7919 + seed) % 97
        out.append(
            Student(
                id=f"A-{i:03d}",
                school=("hs-a", "hs-b")[i % 2],
                grade_level=9 + k % 4,
                cohort=2027,
                scores=MappingProxyType({"gpa": round(1.5 + (k % 11) * 0.23, 2)}),
                flags=frozenset({"proficient.math"} if k % 3 else set()),
                demographics=MappingProxyType(
                    {"race_ethnicity": ("White", "Asian", "Hispanic/Latino")[k % 3]}
                ),
                attempts=(
                    (Attempt("CIS-101", t("G11-FA"), "B", 3.0, True, "cc", "2025-26"),)
                    if k % 4 == 0
                    else ()
                ),
                synthetic=True,
            )
        )
    return out


def _log_pmf(noise: int, epsilon: float) -> float:
    a = math.exp(-epsilon)
    return math.log((1 - a) / (1 + a)) - epsilon * abs(noise)


@settings(
    max_examples=4,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 1000),
    target=st.integers(0, 39),
    questions=st.lists(
        st.tuples(rules(), rules(), st.sampled_from(["school", "race_ethnicity"])),
        min_size=5,
        max_size=30,
    ),
)
@override_settings(CAREERPATHS_WHATIF_EPSILON=0.5, CAREERPATHS_WHATIF_BUDGET=3.0)
def test_many_questions_cannot_tell_whether_a_student_is_in_the_data(
    region: Any, seed: int, target: int, questions: list[tuple[str, str, str]]
) -> None:
    WhatIfAnswer.objects.all().delete()
    PrivacyCharge.objects.all().delete()
    user = get_user_model().objects.get_or_create(username="attacker")[0]
    people = _people(40, seed)
    without = [p for i, p in enumerate(people) if i != target]
    pop = _population(people, key=f"attack {seed}")
    llr = 0.0
    answered: set[tuple[str, str, str]] = set()
    noised = releases = 0
    for rule, alternative, by in questions:
        # the attacker also asks each question twice, hoping to average the noise away
        got = []
        for _ in range(2):
            try:
                got.append(
                    services.whatif(
                        pop=pop, user_id=user.pk, rule=rule, alternative=alternative, dimension=by
                    )[0]
                )
            except services.WhatIfRefused:
                break
        else:
            answered.add((got[0].rule, got[0].alternative, got[0].dimension))
            assert got[0] == got[1]  # the same noise: nothing to average
    # everything the attacker saw: the releases it was charged for
    for charge in PrivacyCharge.objects.filter(user=user).select_related("answer"):
        a = charge.answer
        worlds = []
        for data in (people, without):
            exact = wi.histogram(
                data,
                rule=a.rule,
                alternative=a.alternative,
                dimension=a.dimension,
                groups=tuple(a.groups),
            )
            assert exact.groups == tuple(a.groups)
            if data is people:
                releases += 1
                noised += exact.counts != tuple(a.counts)
            worlds.append(
                sum(_log_pmf(y - x, a.epsilon) for y, x in zip(a.counts, exact.counts, strict=True))
            )
        llr += worlds[0] - worlds[1]
    spent = sum(c.epsilon for c in PrivacyCharge.objects.filter(user=user))
    assert spent <= 3.0 + 1e-9
    assert len(answered) <= 6  # 3.0 / 0.5 new questions: the budget, whatever is tried
    assert abs(llr) <= spent + 1e-9, (llr, spent)
    assert noised >= releases - 1  # the answers are noisy (all-zero noise: vanishingly rare)
