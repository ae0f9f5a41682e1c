"""Student records and the access log.

URLs name a student by ``public_id`` (a random UUID), never by the record's own id,
which is personal data. Attempts are stored as JSON rows (the workspace's attempts.csv
columns); ``summary_*`` columns cache the audit's flags for the caseload list and are
recomputed when ``summary_revision`` falls behind the catalog revision.
"""

from __future__ import annotations

import uuid
from types import MappingProxyType

from django.conf import settings
from django.db import models

from careerpaths.core import model as m
from careerpaths.core.terms import Term


class Student(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record_id = models.CharField(max_length=64, unique=True)
    school = models.ForeignKey("catalog.Institution", on_delete=models.PROTECT, related_name="+")
    grade_level = models.PositiveSmallIntegerField()
    cohort = models.PositiveSmallIntegerField()
    pathway = models.CharField(max_length=64, blank=True)  # declared pathway id
    scores = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    credentials = models.JSONField(default=list, blank=True)
    demographics = models.JSONField(default=dict, blank=True)
    attempts = models.JSONField(default=list, blank=True)
    synthetic = models.BooleanField(default=False)
    # False once a roster import made the record inactive (OneRoster tobedeleted, or no
    # longer in a bulk file): nothing is hard-deleted, inactive students leave caseloads
    # and aggregates.
    active = models.BooleanField(default=True, db_index=True)

    summary_revision = models.PositiveBigIntegerField(default=0)
    summary_on_track = models.BooleanField(default=True)
    summary_flags = models.JSONField(default=list, blank=True)
    summary_college_credits = models.FloatField(default=0.0)
    summary_dual_credits = models.FloatField(default=0.0)
    summary_random_acts = models.PositiveSmallIntegerField(default=0)
    # The whole audit as JSON (see students.audits), materialized with the columns above.
    summary_audit = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["record_id"]
        indexes = [models.Index(fields=["school", "grade_level"])]

    def __str__(self) -> str:
        return f"student {self.pk}"  # no personal data in logs or the admin's titles

    def to_domain(self) -> m.Student:
        return m.Student(
            id=self.record_id,
            school=self.school_id,
            grade_level=self.grade_level,
            cohort=self.cohort,
            pathway=self.pathway or None,
            scores=MappingProxyType(dict(self.scores)),
            flags=frozenset(self.flags),
            credentials=frozenset(self.credentials),
            demographics=MappingProxyType(dict(self.demographics)),
            attempts=tuple(
                m.Attempt(
                    course=a[0],
                    term=Term.parse(a[1]),
                    grade=a[2],
                    credits_earned=a[3],
                    dual_credit=a[4],
                    provider=a[5],
                    school_year=a[6],
                )
                for a in self.attempts
            ),
            synthetic=self.synthetic,
        )

    def update_from_domain(self, s: m.Student) -> None:
        self.record_id = s.id
        self.school_id = s.school
        self.grade_level = s.grade_level
        self.cohort = s.cohort
        self.pathway = s.pathway or ""
        self.scores = dict(s.scores)
        self.flags = sorted(s.flags)
        self.credentials = sorted(s.credentials)
        self.demographics = dict(s.demographics)
        self.attempts = [
            [
                a.course,
                a.term.id,
                a.grade,
                a.credits_earned,
                a.dual_credit,
                a.provider,
                a.school_year,
            ]
            for a in s.attempts
        ]
        self.synthetic = s.synthetic


class StudentAccess(models.Model):
    """Every view of a student record: who, whom, when, what.

    ``what`` is ``audit`` (the student's page) or ``caseload`` (a row of a caseload list).
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # SET_NULL: the log outlives a record removed by a later import.
    student = models.ForeignKey(
        Student, null=True, on_delete=models.SET_NULL, related_name="accesses"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=40)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "student accesses"

    def __str__(self) -> str:
        return f"{self.actor_id} {self.what} student {self.student_id} at {self.at:%Y-%m-%d %H:%M}"
