"""The access log and the import log, read-only. Student records themselves are not in the
admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from careerpaths.web.students.models import ImportBatch, StudentAccess


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the app writes itself (runs, logs): shown in the admin, never edited there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LogAdmin(ReadOnlyAdmin):
    """A log: not even deleted from the admin."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(StudentAccess)
class StudentAccessAdmin(LogAdmin):
    """Who looked at whom: the student by the school's record id, school and grade (site
    administrators only see this page), linked to the student's page."""

    list_display = ("at", "actor", "student_named", "what")
    list_filter = ("what",)
    readonly_fields = ("at", "actor", "student_named", "what")
    list_select_related = ("actor", "student", "student__school")

    @admin.display(description="student")
    def student_named(self, obj: StudentAccess) -> str:
        st = obj.student
        if st is None:
            return "(record deleted)"
        return format_html(
            '<a href="{}">{}</a> · {} · grade {}',
            reverse("student", args=[st.public_id]),
            st.record_id,
            st.school.name,
            st.grade_level,
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(LogAdmin):
    """The student-data import log, read-only (the uploaded files are not shown)."""

    list_display = ("created_at", "via", "actor", "format", "source", "status")
    list_filter = ("status", "via", "format")
    exclude = ("payload",)
    readonly_fields = (
        "public_id", "created_at", "actor", "via", "format", "delta", "source", "filename",
        "sha256", "size", "as_of", "status", "counts", "totals", "skipped", "holds", "errors",
        "schools", "decided_by", "decided_at",
    )  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("payload")
