"""Who may see and do what: a user's :class:`Scope`, and the refusals.

Every selector and service that reads or writes a scoped record takes the scope from
here, so permissions hold whatever the template shows. A record outside the scope is
answered exactly like a missing one (404), and the refusal is logged with ids only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from careerpaths.web.accounts.models import Membership, Role
from careerpaths.web.catalog.models import Institution

log = logging.getLogger("careerpaths.web.access")

STAFF_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Scope:
    """A user's role and the institutions it covers (descendants included)."""

    user_id: int | None
    role: Role | None  # None: a member of the public
    institutions: frozenset[str] = frozenset()

    @property
    def is_public(self) -> bool:
        return self.role is None

    def has(self, *roles: Role) -> bool:
        return self.role in roles

    def covers(self, institution_id: str | None) -> bool:
        return self.role is Role.SITE_ADMIN or institution_id in self.institutions


PUBLIC = Scope(user_id=None, role=None)


def _descendants(roots: set[str]) -> frozenset[str]:
    """``roots`` and every institution under them, from the institutions' table (one query;
    not the catalog's cached region, whose selectors take a :class:`Scope` from here)."""
    children: dict[str, list[str]] = {}
    for inst_id, parent_id in Institution.objects.values_list("id", "parent_id").order_by():
        if parent_id:
            children.setdefault(parent_id, []).append(inst_id)
    out = set(roots)
    stack = list(roots)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return frozenset(out)


def user_scope(*, user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The scope of ``user``: public for anonymous users and users without a role.

    Computed once per user object, i.e. once per request (``request.user``).
    """
    if not user.is_authenticated or not user.is_active:
        return PUBLIC
    cached = getattr(user, "_careerpaths_scope", None)
    if cached is None:
        cached = _scope(user)
        user._careerpaths_scope = cached  # type: ignore[attr-defined]
    return cached


def _scope(user: AbstractBaseUser) -> Scope:
    try:
        membership = Membership.objects.get(user_id=user.pk)
    except Membership.DoesNotExist:
        if getattr(user, "is_superuser", False):
            return Scope(user_id=user.pk, role=Role.SITE_ADMIN)
        return PUBLIC
    roots = set(membership.institutions.values_list("id", flat=True))
    return Scope(user_id=user.pk, role=Role(membership.role), institutions=_descendants(roots))


def refuse(scope: Scope, kind: str) -> Http404:
    """Log an out-of-scope request (ids only, no personal data) and return the 404 to raise."""
    log.warning(
        "out-of-scope request refused: user=%s role=%s kind=%s", scope.user_id, scope.role, kind
    )
    return Http404()
