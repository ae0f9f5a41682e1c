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
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from careerpaths.core import model as m
from careerpaths.core.terms import Term
from careerpaths.io.student_formats import FORMATS

# The fields a Student row's domain student is made of (what ``to_domain`` reads and
# ``update_from_domain`` writes); the summary columns are derived from them.
DOMAIN_FIELDS = (
    "record_id",
    "school",
    "grade_level",
    "cohort",
    "pathway",
    "scores",
    "flags",
    "credentials",
    "demographics",
    "attempts",
    "synthetic",
)


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
    # The whole audit as JSON (careerpaths.io.audit_json): stored by the student page when it
    # builds it; cleared when the columns above are written from verdicts alone.
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
    # Imports never delete a student (they make it inactive). SET_NULL: should someone
    # delete one by hand (the admin site), the log outlives the record.
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


class RosterRecord(models.Model):
    """One record of student data as imported (OneRoster or the plain-CSV template).

    Every record ever imported is kept, active or not — never hard-deleted — with its
    kind, ``sourcedId``, ``dateLastModified`` and fields: together they are the
    :class:`~careerpaths.io.roster.RosterState` that the next import is merged into.
    ``Student`` rows are derived from the active records (``roster.to_students``).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    kind = models.CharField(max_length=20)
    sourced_id = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    date_last_modified = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The student a per-student record is about (a student's and its demographics' own id;
    # an enrollment's user, a result's student …); blank for the shared kinds. Indexed: a
    # delta reads the records of the students it names, not everyone's.
    student = models.CharField(max_length=255, blank=True, default="", db_index=True)
    # The import that last changed the record (the audit trail of each record).
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "sourced_id"], name="roster_record_key")
        ]

    def __str__(self) -> str:
        return f"roster record {self.pk} ({self.kind})"  # no personal data


class ImportBatch(models.Model):
    """One student-data import: who, when, what, with what result — the districts' audit trail.

    A held import keeps its uploaded files (``payload``, a zip) until someone in scope
    confirms or dismisses it; they are discarded then, so student data is not kept twice.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        UNCHANGED = "unchanged", _("nothing new")
        HELD = "held", _("held for confirmation")
        CONFIRMED = "confirmed", _("confirmed and applied")
        DISMISSED = "dismissed", _("dismissed")
        FAILED = "failed", _("failed")

    class Via(models.TextChoices):
        WEB = "web", _("web upload")
        CLI = "cli", _("command line")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.CharField(max_length=10, choices=Via.choices)
    # A format registered in careerpaths.io.student_formats (its key): a new format needs
    # no migration.
    format = models.CharField(max_length=20)
    delta = models.BooleanField(default=False)  # the plain-CSV template's --delta
    source = models.CharField(max_length=40, blank=True)  # oneroster-1.1 / oneroster-1.2 / csv
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    as_of = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    # {"student": {"insert": 3, "deactivate": 1}, ...} — MergePlan.counts()
    counts = models.JSONField(default=dict, blank=True)
    # {"added": n, "updated": n, "deactivated": n, "reactivated": n, "unchanged": n,
    #  "stale": n, "dropped": n} over all records, and the Student rows written.
    totals = models.JSONField(default=dict, blank=True)
    skipped = models.JSONField(default=dict, blank=True)  # {code: n}
    holds = models.JSONField(default=list, blank=True)  # MergePlan.holds as dicts
    errors = models.JSONField(default=list, blank=True)  # [{file, line, column, reason}]
    # What was imported but is reported: [{file, line, column, reason}]
    warnings = models.JSONField(default=list, blank=True)
    # The institutions whose students the import touches: who may see and confirm it.
    schools = models.JSONField(default=list, blank=True)
    payload = models.BinaryField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"import {self.pk} ({self.format}, {self.status})"

    @property
    def format_name(self) -> str:
        """The format's name in the page's language (its key if no longer registered)."""
        fmt = FORMATS.get(self.format)
        return fmt.name(get_language() or "en") if fmt is not None else self.format
