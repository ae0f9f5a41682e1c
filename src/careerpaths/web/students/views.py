"""Counselors' pages: the caseload and one student's audit (logged)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.students import selectors, services


def _filters(request: HttpRequest) -> selectors.CaseloadFilters:
    grade = request.GET.get("grade", "")
    return selectors.CaseloadFilters(
        school=request.GET.get("school", ""),
        grade=int(grade) if grade.isdigit() else None,
        flag=request.GET.get("flag", ""),
        pathway=request.GET.get("pathway", ""),
        sort=request.GET.get("sort", "id"),
    )


@require_GET
@roles_required(Role.COUNSELOR)
def caseload(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    filters = _filters(request)
    result = services.caseload_open(scope=scope, actor=staff_user(request), filters=filters)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "students/caseload.html",
        {
            "caseload": result,
            "filters": filters,
            "query": query.urlencode(),
            "grades": range(9, 13),
        },
    )


@require_GET
@roles_required(Role.COUNSELOR)
def student(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    page = services.student_record_open(
        scope=scope, actor=staff_user(request), public_id=str(public_id)
    )
    return render(request, "students/student.html", {"page": page, "audit": page.audit})
