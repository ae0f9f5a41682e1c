"""The what-if's privacy ledger: the noisy answers released, and what each user spent.

An answer is stored once per population (the digest of the scoped students and the
catalog) and question: asking it again returns the same noisy counts, so repeating a
question cannot average the noise away. Each user is charged a question's ε the first
time they see its answer; the sum of their charges in a calendar month (UTC) is their
spent budget (docs/equity.md, "The what-if's guarantee").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class WhatIfAnswer(models.Model):
    """One release: the noisy histogram of a question over one population."""

    population = models.CharField(max_length=64)  # the population's digest
    question = models.CharField(max_length=64)  # digest of the canonical question
    rule = models.TextField()
    alternative = models.TextField()
    dimension = models.CharField(max_length=64)
    epsilon = models.FloatField()
    groups = models.JSONField()
    counts = models.JSONField()  # noisy, as OpenDP released them
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["population", "question"], name="equity_whatif_one_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} → {self.alternative} by {self.dimension}"


class PrivacyCharge(models.Model):
    """A user's first view of an answer, and the ε it cost them in that month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    answer = models.ForeignKey(WhatIfAnswer, on_delete=models.CASCADE)
    period = models.CharField(max_length=7)  # "2026-12": the calendar month (UTC)
    epsilon = models.FloatField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "answer"], name="equity_charge_once")
        ]
        indexes = [models.Index(fields=["user", "period"], name="equity_charge_user_period")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} ε={self.epsilon}"
