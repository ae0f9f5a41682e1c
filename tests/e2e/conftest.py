"""Browser tests: Playwright driving Debian's Chromium (headless) against a live server.

Chromium comes from apt (``apt-get install -y chromium``; ``playwright install`` cannot
download here). Locally the tests are skipped with a reason when /usr/bin/chromium is
missing; in CI (``CI=true``) a missing browser fails the run. axe-core is fetched from
the npm registry once into ``.cache/axe-core/`` and injected into each page checked.
Screenshots go to ``test-artifacts/e2e/``.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# fixtures are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).parents[2]
CHROMIUM = Path(os.environ.get("CAREERPATHS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE_VERSION = "4"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must install it (apt-get install -y chromium)")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium to run browser tests)")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {"executable_path": str(CHROMIUM), "args": ARGS}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js from the npm registry, cached under .cache/ (git-ignored)."""
    cache = ROOT / ".cache" / "axe-core"
    script = cache / "package" / "axe.min.js"
    if script.exists():
        return script
    cache.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(cache), "--silent"],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    tarball = cache / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(cache, filter="data")
    tarball.unlink()
    return script


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> Iterator[Any]:
    """The two-district test region served live, with one user per role (password pw-ROLE)."""
    from django.contrib.auth import get_user_model

    from careerpaths.web.accounts.models import Role
    from careerpaths.web.accounts.services import user_set_role
    from careerpaths.web.catalog.services import region_import
    from tests.web.regions import web_region

    region_import(region=web_region())
    User = get_user_model()
    for name, role, insts in (
        ("designer", Role.DISTRICT_DESIGNER, ["da"]),
        ("counselor", Role.COUNSELOR, ["hs-a"]),
    ):
        user = User.objects.create_user(username=name, password=f"pw-{name}")
        user_set_role(user=user, role=role, institutions=insts)
    yield live_server


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page: Any, script: Path) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    # Evaluated, not added as a <script> tag: the site's Content-Security-Policy blocks
    # inline scripts, and that is what the page is being tested with.
    page.evaluate(script.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Setup keys read off the two-step enrolment page, per username (the test's "phone").
_KEYS: dict[str, str] = {}


def authenticator_code(key: str, *, drift: int = 0) -> str:
    """What an authenticator app shows for the setup key ``key`` (typed from the page)."""
    from django_otp.oath import totp

    raw = base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    return f"{totp(raw, drift=drift):06d}"


def login(page: Any, base: str, username: str) -> None:
    """Log in through the browser; a role that needs the two-step login enrols on its
    first login (reading the setup key off the page, as a user types it into an app) and
    types the app's code afterwards."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/two-step/" not in page.url:
        return
    setup = page.locator(".setup-key")
    drift = 0
    if setup.count():
        _KEYS[username] = setup.inner_text()
    else:
        drift = 1  # the code of the next 30 s: the current one may have been used already
    page.get_by_label("Six-digit code").fill(authenticator_code(_KEYS[username], drift=drift))
    page.get_by_role("button", name=re.compile("Finish setup|Continue")).click()
    page.wait_for_load_state()
    assert "/accounts/two-step/" not in page.url, "the two-step login refused the code"


def csp_violations(page: Any) -> list[str]:
    """Collects the browser's Content-Security-Policy reports for ``page`` (console)."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found
