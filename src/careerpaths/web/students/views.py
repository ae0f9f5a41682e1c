"""Counselors' pages (the caseload, one student's audit, logged) and student-data imports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerpaths.io.student_formats import FORMATS
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.audits.selectors import latest_run
from careerpaths.web.students import roster_import, selectors, services
from careerpaths.web.students.models import ImportBatch


def _filters(request: HttpRequest) -> selectors.CaseloadFilters:
    grade = request.GET.get("grade", "")
    return selectors.CaseloadFilters(
        school=request.GET.get("school", ""),
        grade=int(grade) if grade.isdigit() else None,
        flag=request.GET.get("flag", ""),
        pathway=request.GET.get("pathway", ""),
        q=request.GET.get("q", "")[:64],
        sort=request.GET.get("sort", "id"),
        page=request.GET.get("page", "1"),
    )


@require_GET
@roles_required(Role.COUNSELOR)
def caseload(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    filters = _filters(request)
    result = services.caseload_open(scope=scope, actor=staff_user(request), filters=filters)
    # Links keep the filters: sort links go back to page 1, page links keep the sort.
    query = request.GET.copy()
    query.pop("page", None)
    paged = query.urlencode()
    query.pop("sort", None)
    return render(
        request,
        "students/caseload.html",
        {
            "caseload": result,
            "filters": filters,
            "query": query.urlencode(),
            "paged": paged,
            "grades": range(9, 13),
            "batch_run": latest_run(current=True),
        },
    )


@require_GET
@roles_required(Role.COUNSELOR)
def student(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    page = services.student_record_open(
        scope=scope, actor=staff_user(request), public_id=str(public_id)
    )
    return render(request, "students/student.html", {"page": page, "audit": page.audit})


@require_GET
@roles_required(Role.COUNSELOR)
def student_plan(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    page = services.student_plan_open(
        scope=scope,
        actor=staff_user(request),
        public_id=str(public_id),
        what_if=request.GET.get("pathway", ""),
    )
    return render(request, "students/plan.html", {"page": page, "plan": page.plan})


# --------------------------------------------------------------------------- imports


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > roster_import.max_upload_bytes() + 64 * 1024  # the form's own fields


@require_http_methods(["GET", "POST"])
@roles_required(*roster_import.IMPORT_ROLES)
def student_import(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    limit_mb = roster_import.max_upload_bytes() // (1024 * 1024)
    error = ""
    if request.method == "POST":
        if _too_large(request):
            # Refused before Django reads the body into memory or a temporary file.
            error = _("The upload is larger than %(mb)d MB; nothing was read.") % {"mb": limit_mb}
        else:
            files = [
                roster_import.Upload(f.name or "upload", f.read())
                for f in request.FILES.getlist("files")
            ]
            try:
                result = roster_import.import_upload(
                    scope=scope,
                    actor=staff_user(request),
                    files=files,
                    fmt=request.POST.get("format", ""),
                    delta=request.POST.get("delta") == "on",
                )
            except roster_import.UploadRefused as exc:
                error = str(exc)
            else:
                return redirect("student-import-detail", public_id=result.batch.public_id)
    batches = list(selectors.import_batches_visible(scope=scope)[:100])
    return render(
        request,
        "students/import.html",
        {
            "batches": batches,
            "school_names": selectors.institution_names(batches=batches),
            "error": error,
            "limit_mb": limit_mb,
            "formats": [(key, f.name(get_language() or "en")) for key, f in FORMATS.items()],
        },
        status=400 if error else 200,
    )


@require_GET
@roles_required(*roster_import.IMPORT_ROLES)
def student_import_detail(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    batch = selectors.import_batch_get(scope=scope, public_id=str(public_id))
    names = selectors.institution_names(batches=[batch])
    return render(request, "students/import_detail.html", {"batch": batch, "school_names": names})


@require_POST
@roles_required(*roster_import.IMPORT_ROLES)
def student_import_confirm(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    try:
        batch = roster_import.import_confirm(
            scope=scope, actor=staff_user(request), public_id=str(public_id)
        )
    except roster_import.NotHeld:
        messages.warning(request, _("This import is no longer waiting for confirmation."))
    else:
        if batch.status == ImportBatch.Status.FAILED:
            messages.error(request, _("The import could not be applied; nothing was written."))
        else:
            messages.success(request, _("The import was confirmed and applied."))
    return redirect("student-import-detail", public_id=public_id)


@require_POST
@roles_required(*roster_import.IMPORT_ROLES)
def student_import_dismiss(request: HttpRequest, public_id: str, *, scope: Scope) -> HttpResponse:
    try:
        roster_import.import_dismiss(
            scope=scope, actor=staff_user(request), public_id=str(public_id)
        )
    except roster_import.NotHeld:
        messages.warning(request, _("This import is no longer waiting for confirmation."))
    else:
        messages.success(request, _("The import was dismissed; nothing was applied."))
    return redirect("student-import-detail", public_id=public_id)
