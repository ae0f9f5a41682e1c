"""Batch audit runs in the admin, read-only; per-student results stay out of it."""

from __future__ import annotations

from django.contrib import admin

from careerpaths.web.audits.models import AuditRun
from careerpaths.web.students.admin import ReadOnlyAdmin


@admin.register(AuditRun)
class AuditRunAdmin(ReadOnlyAdmin):
    list_display = ("as_of", "started_at", "finished_at", "source", "students", "catalog_revision")
    list_filter = ("source",)
    readonly_fields = (
        "started_at",
        "finished_at",
        "as_of",
        "started_by",
        "source",
        "catalog_revision",
        "students",
        "on_track",
        "off_track",
        "students_with_random_acts",
        "random_act_credits",
    )
