"""Django admin for institutions (pathways and courses are edited in the app's services)."""

from __future__ import annotations

from django.contrib import admin

from careerpaths.web.catalog.models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("id", "name")
