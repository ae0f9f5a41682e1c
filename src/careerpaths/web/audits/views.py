"""Batch audit pages: the runs, starting one (site administrators), a run's report.

Views parse the request, call one selector or service and render; what each role sees
of a run is decided in ``selectors.run_report``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from careerpaths.core.privacy import SMALL_CELL
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.audits import selectors, services

#: Who may read runs: every staff role (each sees its own part of a run).
AUDIT_READERS = tuple(Role)


@require_GET
@roles_required(*AUDIT_READERS)
def index(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    return render(
        request,
        "audits/index.html",
        {
            "runs": selectors.runs_list(),
            "can_start": scope.has(Role.SITE_ADMIN),
            "threshold": SMALL_CELL,
        },
    )


@require_POST
@roles_required(Role.SITE_ADMIN)
def start(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    run = services.batch_audit_run(actor=staff_user(request))
    return redirect("audits:run", run_id=run.pk)


@require_GET
@roles_required(*AUDIT_READERS)
def run(request: HttpRequest, run_id: int, *, scope: Scope) -> HttpResponse:
    found = selectors.run_get(run_id=run_id)
    report = selectors.run_report(scope=scope, run=found)
    return render(
        request,
        "audits/run.html",
        {"report": report, "is_counselor": scope.has(Role.COUNSELOR)},
    )


@require_GET
@roles_required(Role.COUNSELOR)
def students(request: HttpRequest, run_id: int, *, scope: Scope) -> HttpResponse:
    found = selectors.run_get(run_id=run_id)
    rows = services.random_acts_open(scope=scope, actor=staff_user(request), run=found)
    return render(request, "audits/students.html", {"run": found, "rows": rows})
