"""Batch audit runs and what each one found, kept run by run (“off track on 2026-10-01”).

A run audits every active student once; its :class:`StudentResult` rows keep each
student's outcome as it was that day, and :class:`RandomAct` rows each dual-credit
course that counted toward no credential in the region, so reports group them per
school and per college course in the database. Schools and course providers are kept as
ids, not foreign keys: a later region import may remove an institution, and the history
must outlive it (as the access log outlives a removed student).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRun(models.Model):
    """One batch audit: when, as of which date, by whom, over which catalog, with its totals."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(verbose_name=_("as of"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=10)  # "web" or "cli"
    catalog_revision = models.PositiveBigIntegerField()
    students = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    off_track = models.PositiveIntegerField(default=0)
    students_with_random_acts = models.PositiveIntegerField(default=0)
    random_act_credits = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("batch audit run")
        verbose_name_plural = _("batch audit runs")

    def __str__(self) -> str:
        return f"batch audit {self.pk} as of {self.as_of:%Y-%m-%d}"


class StudentResult(models.Model):
    """One student's outcome in one run (the school is the one the student was at then)."""

    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="results")
    # Imports never delete a student (they make it inactive). SET_NULL: should someone
    # delete one by hand (the admin site), the run's history outlives the record.
    student = models.ForeignKey(
        "students.Student", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.CharField(max_length=64)
    on_track = models.BooleanField()
    flags = models.JSONField(default=list, blank=True)  # FlagCode values, sorted
    college_credits = models.FloatField()
    dual_credits = models.FloatField()
    random_act_count = models.PositiveSmallIntegerField(default=0)
    random_act_credits = models.FloatField(default=0.0)
    random_acts = models.JSONField(default=list, blank=True)  # course keys, in record order

    class Meta:
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "school"]),
            models.Index(fields=["run", "student"]),
        ]

    def __str__(self) -> str:
        return f"result {self.pk} of batch audit {self.run_id}"


class RandomAct(models.Model):
    """A passed dual-credit course of a result that counts toward no credential in the region."""

    run = models.ForeignKey(AuditRun, on_delete=models.CASCADE, related_name="random_acts")
    result = models.ForeignKey(StudentResult, on_delete=models.CASCADE, related_name="acts")
    school = models.CharField(max_length=64)
    course_key = models.CharField(max_length=32)
    provider = models.CharField(max_length=64, blank=True)  # the college, when known
    credits = models.FloatField()

    class Meta:
        ordering = ["run", "id"]
        indexes = [
            models.Index(fields=["run", "course_key"]),
            models.Index(fields=["run", "provider"]),
        ]

    def __str__(self) -> str:
        return f"random act {self.course_key} in batch audit {self.run_id}"
