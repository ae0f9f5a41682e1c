"""The security log (logger ``careerpaths.security``): logins, failed logins, lockouts and
two-step events, naming accounts by internal id only.

No password, username or address is ever written: a failed login for an unknown username
says ``account=unknown``, and the client is a keyed hash (HMAC with the site key, so the
same address can be followed across lines without being recorded).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

log = logging.getLogger("careerpaths.security")


def client_ref(request: HttpRequest | None) -> str:
    """A short keyed hash of the client's address (never the address itself)."""
    if request is None:
        return "-"
    addr = str(getattr(request, "axes_ip_address", "") or request.META.get("REMOTE_ADDR", ""))
    digest = hmac.new(settings.SECRET_KEY.encode(), addr.encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def _account(username: object) -> str:
    if not isinstance(username, str) or not username:
        return "unknown"
    User = get_user_model()
    pk = User.objects.filter(**{User.USERNAME_FIELD: username}).values_list("pk", flat=True).first()
    return str(pk) if pk is not None else "unknown"


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    log.warning(
        "login failed: account=%s client=%s",
        _account(credentials.get("username")),
        client_ref(request),
    )


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    log.info("login: account=%s client=%s", user.pk, client_ref(request))


def on_locked_out(sender: Any, request: HttpRequest | None, username: Any = None, **_: Any) -> None:
    log.warning(
        "account locked out after repeated failed logins: account=%s client=%s",
        _account(username),
        client_ref(request),
    )


def mfa_event(event: str, *, user: Any, request: HttpRequest | None) -> None:
    """``enrolled``, ``verified``, ``code refused`` or ``reset`` for ``user``."""
    level = logging.WARNING if event == "code refused" else logging.INFO
    log.log(level, "two-step %s: account=%s client=%s", event, user.pk, client_ref(request))


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_login_failed.connect(on_login_failed, dispatch_uid="careerpaths-login-failed")
    user_logged_in.connect(on_logged_in, dispatch_uid="careerpaths-logged-in")
    user_locked_out.connect(on_locked_out, dispatch_uid="careerpaths-locked-out")
