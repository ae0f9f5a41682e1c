"""Writes for the equity pages: asking the eligibility what-if stores its differentially
private release (the same noise for everyone who asks the same question of the same
population) and charges the asker's monthly budget; see :mod:`careerpaths.analytics.whatif`
and docs/equity.md. The reads (the population, the rules, the budget left) are in
:mod:`careerpaths.web.equity.selectors`.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils.translation import gettext as _

from careerpaths.analytics import whatif as wi
from careerpaths.analytics.tables import FLAGS, high_schools
from careerpaths.core.requisites import parse, unparse
from careerpaths.web.equity.models import PrivacyCharge, WhatIfAnswer
from careerpaths.web.equity.selectors import (
    DEFAULT_BREAKDOWN,
    GROUP_VALUES,
    WHATIF_BREAKDOWNS,
    Budget,
    Population,
    equity_threshold,
    whatif_budget_of,
    whatif_epsilon,
    whatif_period,
)


class WhatIfRefused(Exception):
    """A question the what-if does not answer; ``message`` says why, for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _question_key(rule: str, alternative: str, dimension: str, threshold: int) -> str:
    text = json.dumps([unparse(parse(rule)), unparse(parse(alternative)), dimension, threshold])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _known_groups(pop: Population, dimension: str) -> tuple[str, ...]:
    """The dimension's groups as the public knows them (not read from the students)."""
    if dimension == "school":
        return tuple(sorted(high_schools(pop.region)))
    if dimension in FLAGS:
        return ("N", "Y")
    return tuple(sorted(GROUP_VALUES.get(dimension, {})))


def whatif(
    *, pop: Population, user_id: int | None, rule: str, alternative: str, dimension: str
) -> tuple[wi.PrivateWhatIf, Budget]:
    """The differentially private what-if of ``rule`` → ``alternative`` by ``dimension``,
    and the asker's budget after it.

    The answer is the one stored for this population and question if there is one (the
    same noise for everyone who asks), else a new OpenDP release, stored. The user is
    charged the answer's ε the first time they see it; without enough budget left for a
    first view, :class:`WhatIfRefused`. The rules must be in the vocabulary (the caller
    checks with :func:`vocabulary_error`).
    """
    threshold = equity_threshold()
    epsilon = whatif_epsilon()
    if dimension not in WHATIF_BREAKDOWNS:
        dimension = DEFAULT_BREAKDOWN
    if not pop.people:  # nobody in scope: nothing to compare, nothing released
        empty = wi.PrivateWhatIf(
            rule=unparse(parse(rule)),
            alternative=unparse(parse(alternative)),
            dimension=dimension,
            threshold=threshold,
            epsilon=0.0,
            margins={},
            rows=(),
        )
        return empty, whatif_budget_of(user_id=user_id)
    key = _question_key(rule, alternative, dimension, threshold)
    with transaction.atomic():
        answer = WhatIfAnswer.objects.filter(population=pop.data_key, question=key).first()
        charged = (
            answer is not None
            and user_id is not None
            and PrivacyCharge.objects.filter(user_id=user_id, answer=answer).exists()
        )
        budget = whatif_budget_of(user_id=user_id)
        cost = epsilon if answer is None else answer.epsilon
        if not charged and budget.spent + cost > budget.total + 1e-9:
            raise WhatIfRefused(
                _(
                    "You have used this month's what-if budget (%(n)s questions). Questions "
                    "you have already asked still show their answers; new ones can be asked "
                    "again from the first of next month. The budget keeps the answers from "
                    "being combined to single out a student."
                )
                % {"n": int(budget.total // budget.per_question)}
            )
        if answer is None:
            exact = wi.histogram(
                pop.people,
                rule=rule,
                alternative=alternative,
                dimension=dimension,
                groups=_known_groups(pop, dimension),
            )
            noisy = wi.privatize(exact, epsilon=epsilon)
            answer, _created = WhatIfAnswer.objects.get_or_create(
                population=pop.data_key,
                question=key,
                defaults={
                    "rule": unparse(parse(rule)),
                    "alternative": unparse(parse(alternative)),
                    "dimension": dimension,
                    "epsilon": epsilon,
                    "groups": list(noisy.groups),
                    "counts": list(noisy.counts),
                },
            )
        if not charged and user_id is not None:
            PrivacyCharge.objects.get_or_create(
                user_id=user_id,
                answer=answer,
                defaults={"period": whatif_period(), "epsilon": answer.epsilon},
            )
    noisy = wi.Histogram(
        dimension=answer.dimension,
        groups=tuple(answer.groups),
        counts=tuple(int(c) for c in answer.counts),
    )
    result = wi.private_rows(
        noisy,
        rule=answer.rule,
        alternative=answer.alternative,
        epsilon=answer.epsilon,
        threshold=threshold,
        synthetic=pop.synthetic,
    )
    return result, whatif_budget_of(user_id=user_id)
