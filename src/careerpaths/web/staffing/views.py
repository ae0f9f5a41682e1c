"""Staffing pages: sections with demand and shortages, an instructor's record and
approval, the instructor and section forms, section activation, and each role's due list
(with an iCalendar download).

Views parse the request, call one selector or service, render. Refusals by the core's
checks come back as messages naming each finding, or on a form beside each field;
nothing is half-saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerpaths.core import staffing as st
from careerpaths.core.findings import Severity
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.core_text import say
from careerpaths.web.staffing import inputs, selectors, services

READERS = (Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR, Role.DISTRICT_DESIGNER)
MANAGERS = (Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR)
DUE_READERS = (*READERS, Role.COUNSELOR)


def _refused(request: HttpRequest, exc: services.StaffingRefused) -> None:
    for f in exc.findings:
        if f.severity is Severity.ERROR:
            messages.error(request, say(f.message))


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
        "milestones": milestones, "reminders": [(r, r.due.status(today)) for r in reminders],
        "renewals": renewals,
    })  # fmt: skip


@require_GET
@roles_required(*DUE_READERS)
def dues_ics(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    from careerpaths.staffing.ical import calendar_ics
    from careerpaths.web.core_text import say

    milestones, reminders = selectors.due_list(scope=scope)
    ics = calendar_ics(
        milestones,
        [r.due for r in reminders],
        say=say,
        instructors={r.due.instructor: r.instructor for r in reminders},
        sections={r.due.section: r.section for r in reminders if r.section},
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="careerpaths-timeline.ics"'
    return response


# --------------------------------------------------------------------------- forms

EXTRA_ROWS = 2  # blank rows a form offers after the filled ones


def _rows(
    rows: list[dict[str, Any]], prefix: str, blank: dict[str, Any], errors: dict[str, str],
    warnings: dict[str, str] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The rows as posted (blank ones dropped), each with its fields' errors and warnings
    by key, then blank rows to fill; numbered afresh (``i``) for the form."""
    warnings = warnings or {}

    def marks(source: dict[str, str], i: int) -> dict[str, str]:
        return {k: source[f"{prefix}-{i}-{k}"] for k in blank if f"{prefix}-{i}-{k}" in source}

    kept = [
        {**row, "errors": marks(errors, i), "warnings": marks(warnings, i)}
        for i, row in enumerate(rows)
        if any(row.get(k) for k in blank) or marks(errors, i)
    ]
    kept += [{**blank, "errors": {}, "warnings": {}} for _n in range(EXTRA_ROWS)]
    return [{**row, "i": i} for i, row in enumerate(kept)]


def _managed_college(request: HttpRequest, scope: Scope) -> str:
    """The college a new instructor or section is for: asked for, else the first one the
    user manages (404 when none, or one outside the scope)."""
    from careerpaths.web.accounts.selectors import refuse

    colleges = selectors.colleges_in_scope(scope)
    college = (
        request.POST.get("college")
        or request.GET.get("college")
        or (colleges[0] if colleges else "")
    )
    if college not in colleges:
        raise refuse(scope, "staffing")
    return college


def _saved(request: HttpRequest, saved: services.Saved, prefix: str = "") -> None:
    for note in saved.notes:
        messages.info(request, note)
    for f in saved.findings:
        messages.warning(request, prefix + say(f.message) if f.code.startswith("activation-")
                         else say(f.message))  # fmt: skip


def _instructor_form(
    request: HttpRequest, *, scope: Scope, college: str, data: inputs.InstructorInput,
    row: Any = None, refused: services.FormRefused | None = None,
) -> HttpResponse:  # fmt: skip
    from careerpaths.web.catalog.selectors import region_snapshot

    region = region_snapshot()
    errors = refused.errors if refused else {}
    warnings = refused.warnings if refused else {}
    has_application = row is not None and hasattr(row, "approval")
    context = {
        "row": row,
        "college": college,
        "college_name": region.institutions[college].name if college in region.institutions
        else college,
        "data": data,
        "errors": errors,
        "refused": refused is not None,
        "employers": inputs.employer_choices(region, college),
        "other_employer": inputs.OTHER_EMPLOYER,
        "levels": [(lv.value, lv.label) for lv in st.DegreeLevel],
        "slots": [(t.value, t.label) for t in st.TimeSlot],
        "degrees": _rows(data.degrees, "degree", {"level": "", "discipline": "", "institution": ""},
                         errors),
        "hours": _rows(data.graduate_hours, "hours", {"discipline": "", "value": ""}, errors),
        "work": _rows(data.work_years, "work", {"discipline": "", "value": ""}, errors),
        "licences": _rows(data.licences, "licence", {"name": "", "expires": ""}, errors, warnings),
        "applies": not has_application,
        "changes": list(row.changes.select_related("actor")) if row is not None else [],
    }  # fmt: skip
    return render(request, "staffing/instructor_form.html", context, status=422 if refused else 200)


@require_http_methods(["GET", "POST"])
@roles_required(*MANAGERS)
def instructor_new(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    college = _managed_college(request, scope)
    if request.method == "GET":
        data = inputs.InstructorInput(available=[st.TimeSlot.DAY.value])
        return _instructor_form(request, scope=scope, college=college, data=data)
    data = inputs.InstructorInput.from_post(request.POST)
    try:
        saved = services.instructor_save(
            scope=scope, actor=staff_user(request), college=college, data=data
        )
    except services.FormRefused as exc:
        return _instructor_form(request, scope=scope, college=college, data=data, refused=exc)
    messages.success(request, _("Instructor %(name)s added.") % {"name": saved.row.name})
    _saved(request, saved)
    return redirect("staffing:instructor", public_id=saved.row.public_id)


@require_http_methods(["GET", "POST"])
@roles_required(*MANAGERS)
def instructor_edit(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    from careerpaths.web.catalog.selectors import region_snapshot

    row = selectors.instructor_get(scope=scope, public_id=public_id)
    if request.method == "GET":
        services.instructor_record_open(scope=scope, instructor=row, what="edit")
        data = inputs.InstructorInput.from_domain(
            row.to_domain(), employers=inputs.employer_choices(region_snapshot(), row.college_id)
        )
        return _instructor_form(request, scope=scope, college=row.college_id, data=data, row=row)
    data = inputs.InstructorInput.from_post(request.POST)
    try:
        saved = services.instructor_save(
            scope=scope, actor=staff_user(request), college=row.college_id, data=data, row=row
        )
    except services.FormRefused as exc:
        return _instructor_form(
            request, scope=scope, college=row.college_id, data=data, row=row, refused=exc
        )
    messages.success(request, _("Record saved."))
    _saved(request, saved)
    return redirect("staffing:instructor", public_id=row.public_id)


def _section_form(
    request: HttpRequest, *, scope: Scope, college: str, data: inputs.SectionInput,
    row: Any = None, refused: services.FormRefused | None = None,
) -> HttpResponse:  # fmt: skip
    from careerpaths.web.catalog.selectors import region_snapshot

    region = region_snapshot()
    errors = refused.errors if refused else {}
    cal = selectors.staffing_data(college)
    instructors = sorted(((i.id, i.name) for i in cal.instructors.values()), key=lambda kv: kv[1])
    courses = sorted(
        (c for c in region.courses.values() if c.provider == college), key=lambda c: c.key
    )
    meetings = _rows(data.meetings, "meeting", {"days": [], "start": "", "end": ""}, errors)
    context = {
        "row": row,
        "college": college,
        "college_name": region.institutions[college].name if college in region.institutions
        else college,
        "data": data,
        "errors": errors,
        "refused": refused is not None,
        "terms": sorted(cal.terms, key=lambda t: cal.terms[t][0]),
        "courses": courses,
        "sites": inputs.site_choices(region, college),
        "schools": inputs.school_choices(region),
        "deliveries": [(d.value, d.label) for d in st.SectionDelivery],
        "slots": [(t.value, t.label) for t in st.TimeSlot],
        "days": [(d, d.capitalize()) for d in st.DAYS],
        "meetings": meetings,
        "instructors": instructors,
        "changes": list(row.changes.select_related("actor")) if row is not None else [],
    }  # fmt: skip
    return render(request, "staffing/section_form.html", context, status=422 if refused else 200)


def _index(college: str) -> str:
    return reverse("staffing:index") + f"?college={college}#sections"


@require_http_methods(["GET", "POST"])
@roles_required(*MANAGERS)
def section_new(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    college = _managed_college(request, scope)
    if request.method == "GET":
        q = request.GET
        school = q.get("school", "")
        data = inputs.SectionInput(
            term=q.get("term", ""), course=q.get("course", ""), site=q.get("site", school),
            serves=[school] if school else [], delivery=q.get("delivery", ""),
        )  # fmt: skip
        return _section_form(request, scope=scope, college=college, data=data)
    data = inputs.SectionInput.from_post(request.POST)
    try:
        saved = services.section_save(
            scope=scope, actor=staff_user(request), college=college, data=data
        )
    except services.FormRefused as exc:
        return _section_form(request, scope=scope, college=college, data=data, refused=exc)
    messages.success(request, _("Section %(ref)s added.") % {"ref": saved.row.ref})
    _saved(request, saved, _("Not ready to activate yet: "))
    return redirect(_index(college))


@require_http_methods(["GET", "POST"])
@roles_required(*MANAGERS)
def section_edit(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    row = selectors.section_get(scope=scope, public_id=public_id)
    if request.method == "GET":
        data = inputs.SectionInput.from_domain(row.to_domain())
        return _section_form(request, scope=scope, college=row.college_id, data=data, row=row)
    data = inputs.SectionInput.from_post(request.POST)
    try:
        saved = services.section_save(
            scope=scope, actor=staff_user(request), college=row.college_id, data=data, row=row
        )
    except services.FormRefused as exc:
        return _section_form(
            request, scope=scope, college=row.college_id, data=data, row=row, refused=exc
        )
    messages.success(request, _("Section %(ref)s saved.") % {"ref": row.ref})
    _saved(request, saved, _("Not ready to activate yet: "))
    return redirect(_index(row.college_id))
