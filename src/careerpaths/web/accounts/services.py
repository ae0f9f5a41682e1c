"""Writes about accounts: roles, disabling a user, the demo accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from careerpaths.core.model import InstitutionKind
from careerpaths.web.accounts.mfa import mark_demo_account
from careerpaths.web.accounts.models import Membership, Role
from careerpaths.web.catalog.models import Institution, Pathway


@transaction.atomic
def user_set_role(*, user: User, role: Role, institutions: list[str]) -> Membership:
    """Give ``user`` a role over ``institutions``; site admins also get the Django admin."""
    admin = role is Role.SITE_ADMIN
    if user.is_staff != admin or user.is_superuser != admin:
        user.is_staff = user.is_superuser = admin
        user.save(update_fields=["is_staff", "is_superuser"])
    membership, _ = Membership.objects.get_or_create(user_id=user.pk)
    membership.role = role.value
    membership.save()
    membership.institutions.set(Institution.objects.filter(pk__in=institutions))
    return membership


@transaction.atomic
def user_disable(*, user: User) -> int:
    """Disable ``user`` and end their sessions at once; returns how many were ended.

    (An inactive user is also refused by the authentication backend on their next
    request, so a session this misses cannot be used either.)
    """
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    institutions: tuple[str, ...]


def demo_accounts_create() -> list[DemoLogin]:
    """One account per role over the loaded region, with fresh random passwords, each
    marked demo-only (group ``demo-only``).

    Scopes: the designer gets the district owning the most pathways, the coordinator
    the college partnering most, the counselor that district's high schools.
    """
    owners: dict[str, int] = {}
    colleges: dict[str, int] = {}
    for owner_id, college_id in Pathway.objects.values_list("owner_id", "college_id"):
        owners[owner_id] = owners.get(owner_id, 0) + 1
        colleges[college_id] = colleges.get(college_id, 0) + 1
    district = max(sorted(owners), key=lambda k: owners[k]) if owners else None
    college = max(sorted(colleges), key=lambda k: colleges[k]) if colleges else None
    schools = list(
        Institution.objects.filter(parent_id=district, kind=InstitutionKind.HIGH_SCHOOL.value)
        .order_by("id")
        .values_list("id", flat=True)
    )
    plan = [
        ("admin", Role.SITE_ADMIN, []),
        ("designer", Role.DISTRICT_DESIGNER, [district] if district else []),
        ("coordinator", Role.COLLEGE_COORDINATOR, [college] if college else []),
        ("counselor", Role.COUNSELOR, schools),
        ("viewer", Role.VIEWER, []),
    ]
    out = []
    for username, role, insts in plan:
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_active = True
        user.save()
        user_set_role(user=user, role=role, institutions=insts)
        # demo-only: exempt from the two-step login where the settings allow it
        # (development and the demo, never production; see accounts/mfa.py)
        mark_demo_account(user)
        out.append(DemoLogin(username, password, role, tuple(insts)))
    return out
