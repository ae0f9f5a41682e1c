"""The access log, read-only. Student records themselves are not in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careerpaths.web.students.models import StudentAccess


@admin.register(StudentAccess)
class StudentAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "student", "what")
    list_filter = ("what",)
    readonly_fields = ("at", "actor", "student", "what")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
