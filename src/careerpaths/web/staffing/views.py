"""Staffing pages: sections with demand and shortages, an instructor's record and
approval, section activation, and each role's due list (with an iCalendar download).

Views parse the request, call one selector or service, render. Refusals by the core's
checks come back as messages naming each finding; nothing is half-saved.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from careerpaths.core import staffing as st
from careerpaths.core.findings import Severity
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.staffing import selectors, services

READERS = (Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR, Role.DISTRICT_DESIGNER)
MANAGERS = (Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR)
DUE_READERS = (*READERS, Role.COUNSELOR)


def _refused(request: HttpRequest, exc: services.StaffingRefused) -> None:
    for f in exc.findings:
        if f.severity is Severity.ERROR:
            messages.error(request, f.message)


@require_GET
@roles_required(*READERS)
def index(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    colleges = selectors.colleges_in_scope(scope)
    college = request.GET.get("college") or (colleges[0] if colleges else "")
    subjects = tuple(s for s in request.GET.get("subject", "").upper().split(",") if s)
    page = (
        selectors.staffing_page(scope=scope, college=college, subjects=subjects)
        if college
        else None
    )
    return render(request, "staffing/index.html", {"page": page, "colleges": colleges,
                                                   "subject": ",".join(subjects)})  # fmt: skip


@require_GET
@roles_required(*MANAGERS)
def instructor(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    row = selectors.instructor_get(scope=scope, public_id=public_id)
    services.instructor_record_open(scope=scope, instructor=row)
    page = selectors.instructor_page(scope=scope, row=row)
    return render(
        request, "staffing/instructor.html", {"page": page, "statuses": list(st.ApprovalStatus)}
    )


@require_POST
@roles_required(*MANAGERS)
def decide(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    row = selectors.instructor_get(scope=scope, public_id=public_id)
    approval = getattr(row, "approval", None)
    url = reverse("staffing:instructor", kwargs={"public_id": public_id})
    if approval is None:
        messages.error(request, "This instructor has not applied.")
        return redirect(url)
    try:
        decision = st.ApprovalStatus(request.POST.get("decision", ""))
    except ValueError:
        messages.error(request, "Choose approve or decline.")
        return redirect(url)
    courses = [c.strip() for c in request.POST.get("courses", "").split(",") if c.strip()]
    try:
        services.approval_decide(
            scope=scope, actor=staff_user(request), approval=approval, decision=decision,
            courses=courses, conditions=request.POST.get("conditions", ""),
            reasons=request.POST.get("reasons", ""),
            justification=request.POST.get("justification", ""),
        )  # fmt: skip
        messages.success(request, "Decision recorded.")
    except services.StaffingRefused as exc:
        _refused(request, exc)
    return redirect(url)


@require_POST
@roles_required(*MANAGERS)
def orientation(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    row = selectors.instructor_get(scope=scope, public_id=public_id)
    url = reverse("staffing:instructor", kwargs={"public_id": public_id})
    approval = getattr(row, "approval", None)
    try:
        day = date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "Give the orientation's date (YYYY-MM-DD).")
        return redirect(url)
    course = request.POST.get("course", "").strip()
    if approval is None or not course:
        messages.error(request, "Name the course of the orientation.")
        return redirect(url)
    services.orientation_record(
        scope=scope, actor=staff_user(request), approval=approval, course=course, day=day
    )
    messages.success(request, "Orientation recorded.")
    return redirect(url)


@require_POST
@roles_required(*MANAGERS)
def activate(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    section = selectors.section_get(scope=scope, public_id=public_id)
    try:
        services.section_activate(scope=scope, actor=staff_user(request), section=section)
        messages.success(request, f"Section {section.ref} is active.")
    except services.StaffingRefused as exc:
        messages.error(request, f"Section {section.ref} cannot be activated:")
        _refused(request, exc)
    return redirect(reverse("staffing:index") + f"?college={section.college_id}#sections")


@require_GET
@roles_required(*DUE_READERS)
def dues(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    from careerpaths.web.partnerships.selectors import renewals_due

    milestones, reminders = selectors.due_list(scope=scope)
    today = date.today()
    renewals = renewals_due(scope=scope, today=today) if scope.role is not Role.COUNSELOR else []
    return render(request, "staffing/dues.html", {
        "milestones": milestones, "reminders": [(d, d.status(today)) for d in reminders],
        "renewals": renewals,
    })  # fmt: skip


@require_GET
@roles_required(*DUE_READERS)
def dues_ics(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    from careerpaths.staffing.ical import calendar_ics

    milestones, reminders = selectors.due_list(scope=scope)
    response = HttpResponse(
        calendar_ics(milestones, reminders), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="careerpaths-timeline.ics"'
    return response
