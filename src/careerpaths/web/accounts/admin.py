"""Django admin for institutions, users and roles (site administrators only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from careerpaths.web.accounts.models import Membership
from careerpaths.web.accounts.services import user_disable


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    filter_horizontal = ("institutions",)


@admin.action(description="Disable the selected users and end their sessions")
def disable_users(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    ended = sum(user_disable(user=u) for u in queryset)
    messages.info(request, f"Disabled {queryset.count()} users; ended {ended} sessions.")


class CareerpathsUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    actions = [disable_users]
    list_display = ("username", "email", "is_active", "role")

    @admin.display(description="Role")
    def role(self, obj: User) -> str:
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "—"

    def save_model(self, request: HttpRequest, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_disable(user=obj)  # disabling here ends the sessions at once too


admin.site.unregister(User)
admin.site.register(User, CareerpathsUserAdmin)
