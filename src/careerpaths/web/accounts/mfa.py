"""Two-step login (TOTP, django-otp) for the roles that can see or export student records.

A user in :data:`MFA_ROLES` (or a Django superuser / staff member, who reach the admin) who
has logged in with a password but not yet with a code is sent to the two-step page for
every request but the two-step page itself, logout, static files and the language switch:
they enrol there on their first login (QR code or typed key) and enter a code on every
later one. Recovery is an administrator's reset (:func:`mfa_reset`): the user enrols again.

Demo accounts (the ``demo-only`` group, created by ``careerpaths demo``) are exempt only
where ``CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS`` is on — the development/demo settings; the
production and test settings turn it off.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import user_scope

#: Roles that can see student records (counselors) or import and export them (site
#: administrators, district designers). Viewers and college coordinators see published
#: aggregates only (suppressed small cells); they may enrol but are not required to.
MFA_ROLES = frozenset({Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COUNSELOR})

#: The group marking an account as created by ``careerpaths demo`` (synthetic data only).
DEMO_GROUP = "demo-only"

DEVICE_NAME = "Authenticator app"


def mfa_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` must log in with a code as well as a password."""
    if not user.is_authenticated:
        return False
    if getattr(settings, "CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS", False) and is_demo_account(user):
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    return user_scope(user=user).role in MFA_ROLES


def is_demo_account(user: AbstractBaseUser | AnonymousUser) -> bool:
    groups = getattr(user, "groups", None)
    return bool(user.is_authenticated and groups and groups.filter(name=DEMO_GROUP).exists())


def mark_demo_account(user: AbstractBaseUser) -> None:
    group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    user.groups.add(group)  # type: ignore[attr-defined]


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice):
            return device
    return None


def enrolment_device(user: AbstractBaseUser) -> TOTPDevice:
    """The user's unconfirmed authenticator (one, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def mfa_reset(*, user: AbstractBaseUser) -> int:
    """An administrator's recovery: remove the user's authenticators (they enrol again at
    their next login). Returns how many were removed."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    return int(removed)


_OPEN_PREFIXES = ("/static/", "/i18n/")


class MFARequiredMiddleware:
    """Sends a user who must verify a code, and has not, to the two-step page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(_OPEN_PREFIXES)
            and request.path not in (reverse("mfa"), reverse("logout"))
            and mfa_required(user)
        ):
            target = reverse("mfa")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(target)
        return self.get_response(request)
