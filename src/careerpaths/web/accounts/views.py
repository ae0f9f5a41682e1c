"""The two-step login page: enrol an authenticator app on the first login, then a code on
every login (see :mod:`careerpaths.web.accounts.mfa`)."""

from __future__ import annotations

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from careerpaths.web.accounts import mfa as mfa_rules
from careerpaths.web.accounts.security import mfa_event


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (no image request, no script)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = str(image.to_string(encoding="unicode"))
    svg = svg.split("?>", 1)[-1].strip()  # drop the XML declaration
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-label" class="qr" ', 1)


def typed_key(device: TOTPDevice) -> str:
    """The secret in the groups of four an authenticator app's "enter a key" form takes."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required
def mfa(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(_next(request))
    device = mfa_rules.confirmed_device(user)  # type: ignore[arg-type]
    enrolling = device is None
    if device is None:
        device = mfa_rules.enrolment_device(user)  # type: ignore[arg-type]
    error = False
    status = 200
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())
        if code.isdigit() and device.verify_token(code):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                mfa_event("enrolled", user=user, request=request)
            django_otp.login(request, device)
            mfa_event("verified", user=user, request=request)
            return HttpResponseRedirect(_next(request))
        mfa_event("code refused", user=user, request=request)
        error = True
        status = 422
    context = {"next": _next(request), "error": error, "enrolling": enrolling}
    if enrolling:
        context["qr"] = mark_safe(qr_svg(device.config_url))
        context["key"] = typed_key(device)
    template = "registration/mfa_enrol.html" if enrolling else "registration/mfa_verify.html"
    return render(request, template, context, status=status)
