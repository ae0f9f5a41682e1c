"""Issue #12 item 12: a Content-Security-Policy on every response, in every settings
module, and pages that need nothing it forbids (no inline script, no event-handler
attribute, no htmx string evaluation, no javascript: URL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from careerpaths.web.students.models import Student
from tests.web.test_permission_matrix import MATRIX, _kwargs

SRC = Path(__file__).parents[2] / "src"
TEMPLATES = SRC / "careerpaths" / "web" / "templates"


class _Inline(HTMLParser):
    """Everything in a page that a ``script-src 'self'`` policy would block or that needs
    ``unsafe-inline``/``unsafe-eval``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


def inline_code(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_what_it_looks_for() -> None:
    page = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<button onclick="x()">x</button><div hx-on:click="y()"></div>'
        '<a href="javascript:void(0)">z</a><p style="color:red">s</p>'
    )
    assert inline_code(page) == [
        "inline <script>",
        "<button onclick=...>",
        "<div hx-on:click=...>",
        "<a href=javascript:...>",
        "<p style=...>",
    ]


PAGES = [name for name, (method, _, _) in MATRIX.items() if method == "GET"]


@pytest.mark.parametrize("role", ["anonymous", "site_admin", "district_designer", "counselor"])
def test_every_page_carries_the_policy_and_needs_no_inline_code(client_for: Any, role: str) -> None:
    client = client_for(role)
    checked = 0
    for name in PAGES:
        url = reverse(name, kwargs=_kwargs(MATRIX[name][1]))
        response = client.get(url, follow=True)
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, (role, url)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        if response.status_code == 200 and "html" in response["Content-Type"]:
            assert inline_code(response.content.decode()) == [], (role, url)
            checked += 1
    assert checked >= 5


def test_student_pages_and_errors_carry_the_policy(client_for: Any) -> None:
    client = client_for("counselor")
    student = Student.objects.get(record_id="SYN-A1")
    for url in (reverse("student", kwargs={"public_id": student.public_id}), "/no-such-page/"):
        response = client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert inline_code(response.content.decode()) == []


def test_no_template_has_inline_code() -> None:
    """The templates themselves, for pages the crawl above does not reach."""
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in TEMPLATES.rglob("*.html")
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize("module", ["base", "test", "production"])
def test_every_settings_module_sets_the_policy(module: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "CAREERPATHS_HOME": str(tmp_path),
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "paths.example.org",
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import json, importlib; "
        f"s = importlib.import_module('careerpaths.web.settings.{module}'); "
        "print(json.dumps([s.CAREERPATHS_CSP, s.CAREERPATHS_MFA_EXEMPT_DEMO_ACCOUNTS, "
        "'careerpaths.web.csp.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    csp, exempt, installed = json.loads(out.stdout)
    assert installed
    assert csp["script-src"] == "'self'" and csp["object-src"] == "'none'"
    assert all("unsafe" not in v for v in csp.values())
    # demo accounts skip the two-step login in development and the demo only
    assert exempt is (module == "base")
    if module == "production":
        assert "upgrade-insecure-requests" in csp


def test_responses_answered_by_a_middleware_carry_the_policy(client: Any) -> None:
    """A disallowed host is refused by CommonMiddleware before the view: still covered."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "script-src 'self'" in response["Content-Security-Policy"]
