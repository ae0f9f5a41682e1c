"""The Content-Security-Policy header on every response (Django 5.2 has none built in).

The policy is the ``CAREERPATHS_CSP`` setting (directive -> sources). The app ships no
inline script and no event-handler attribute: its only scripts are static files (htmx and
careerpaths/csrf.js), so ``script-src 'self'`` holds, and htmx is configured not to
evaluate strings or add its indicator ``<style>`` (``htmx-config`` in base.html). Charts
are server-drawn SVG. A response that already has the header (e.g. a view that needs a
narrower one) keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy(directives: Mapping[str, str]) -> str:
    """The header value.

    >>> policy({"default-src": "'self'", "upgrade-insecure-requests": ""})
    "default-src 'self'; upgrade-insecure-requests"
    """
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = policy(settings.CAREERPATHS_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.value
        return response
