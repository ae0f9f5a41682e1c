"""The designer's pages: pathway list, editor (htmx), history; the course catalog.

Views parse input, call one service or selector, render. Every pathway edit posts the
version it started from; a stale version answers 409 with the conflict message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerpaths.core import model as m
from careerpaths.core.requisites import unparse
from careerpaths.io.yamldoc import dump_yaml
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog import selectors, services
from careerpaths.web.catalog.models import Pathway

DESIGNERS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER)
CATALOG_READERS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR, Role.VIEWER)


@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    from careerpaths.web.accounts.selectors import user_scope

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = user_scope(user=request.user)
    if scope.has(Role.COUNSELOR):
        return redirect("caseload")
    if scope.has(Role.COLLEGE_COORDINATOR):
        return redirect("catalog-courses")
    if scope.role is None:
        return redirect("home")
    return redirect("design")


@require_GET
@roles_required(*CATALOG_READERS)
def design_index(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    visible = selectors.pathways_visible(scope=scope).order_by("cluster", "name")
    editable = set(selectors.pathways_editable(scope=scope).values_list("id", flat=True))
    return render(
        request,
        "designer/index.html",
        {
            "pathways": [(p, p.id in editable) for p in visible],
            "can_create": scope.has(*DESIGNERS),
        },
    )


def _details_posted(post: Any) -> dict[str, Any]:
    """The details form's values as posted: blank on-ramp rows dropped, in order."""
    try:
        count = min(int(post.get("onramp-count", "0")), 50)
    except ValueError:
        count = 0
    ramps = [
        {
            k: post.get(f"onramp-{i}-{k}", "").strip()
            for k in ("term", "label", "label_es", "requires")
        }
        for i in range(count)
    ]
    return {
        "name": post.get("name", ""),
        "name_es": post.get("name_es", ""),
        "cluster": post.get("cluster", ""),
        "description": post.get("description", ""),
        "description_es": post.get("description_es", ""),
        "schools": set(post.getlist("schools")),
        # the kept checkboxes and the search box (a code picked by its title) post the same
        # name; a comma-separated list still works
        "occupations": " ".join(v.strip() for v in post.getlist("occupations") if v.strip()),
        "summers": post.get("summers") == "on",
        "on_ramps": [r for r in ramps if any(r.values())],
    }


def _editor(
    request: HttpRequest,
    template: str,
    row: Pathway,
    scope: Scope,
    *,
    status: int = 200,
    details: dict[str, Any] | None = None,
    details_errors: dict[str, str] | None = None,
    **notices: str,
) -> HttpResponse:
    """The editor page or fragment: :func:`selectors.pathway_editor`, and ``notices`` (a
    conflict, a refusal) above it."""
    editor = selectors.pathway_editor(
        scope=scope, row=row, details=details, details_errors=details_errors
    )
    return render(request, template, {"editor": editor, **notices}, status=status)


@require_GET
@roles_required(*DESIGNERS)
def design_edit(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    return _editor(request, "designer/edit.html", row, scope)


def _edited(
    request: HttpRequest, scope: Scope, pathway_id: str, action: Any, **fields: Any
) -> HttpResponse:
    """Run one pathway edit; answer with the editor (htmx) or a redirect (plain forms)."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    status = 200
    extra: dict[str, Any] = {}
    try:
        action(
            scope=scope, actor=staff_user(request), pathway_id=pathway_id, version=version, **fields
        )
    except services.EditConflict as exc:
        status = 409
        extra["conflict"] = _(
            "Someone else saved this pathway while you were editing it (you edited version "
            "%(expected)s; it is now version %(current)s). Your change was not saved and "
            "nothing was overwritten: review their change below, then make yours again."
        ) % {"expected": exc.expected, "current": exc.current}
    except services.DetailsRefused as exc:
        status = 422
        extra["refused"] = _("The details were not saved: correct the fields marked below.")
        extra["details_errors"] = exc.errors
        extra["details"] = _details_posted(request.POST)
        extra["details"]["on_ramps"].append(
            {"term": "", "label": "", "label_es": "", "requires": ""}
        )
    except services.PublishRefused as exc:
        status = 422
        extra["refused"] = str(exc)
    except services.EditRefused as exc:
        status = 422
        extra["refused"] = str(exc)
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    if request.headers.get("HX-Request") == "true":
        return _editor(request, "designer/_editor.html", row, scope, status=status, **extra)
    if status != 200:
        return _editor(request, "designer/edit.html", row, scope, status=status, **extra)
    return redirect("design-edit", pathway_id=pathway_id)


@require_POST
@roles_required(*DESIGNERS)
def design_place(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    if request.POST.get("suggest"):
        return _suggested(request, scope, pathway_id, request.POST.get("course", "").strip())
    return _edited(
        request,
        scope,
        pathway_id,
        services.pathway_place_course,
        course=request.POST.get("course", ""),
        term=request.POST.get("term", ""),
    )


def _suggested(request: HttpRequest, scope: Scope, pathway_id: str, course: str) -> HttpResponse:
    """The editor with the planner's suggested term for ``course`` chosen in the place
    form (nothing is saved: the designer places it, or not)."""
    from careerpaths.web.catalog.plain import term_heading

    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    term = selectors.suggest_placement(row=row, course=course) if course else None
    if not course:
        message = _("Type or pick a course first, then ask for a term.")
    elif term is None:
        message = _(
            "The planner finds no term for %(course)s with the courses placed where they are "
            "(is it in the catalog, and can its requisites come first?)."
        ) % {"course": course}
    else:
        message = _(
            "The planner suggests %(term)s for %(course)s: the grid stays shortest and most "
            "even there with every placed course where it is. Place it, or choose another term."
        ) % {"term": term_heading(term), "course": course}
    template = (
        "designer/_editor.html"
        if request.headers.get("HX-Request") == "true"
        else "designer/edit.html"
    )
    return _editor(
        request,
        template,
        row,
        scope,
        suggestion=message,
        place_course=course,
        suggested_term=term.id if term else "",
    )


@require_POST
@roles_required(*DESIGNERS)
def design_fill(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    return _edited(request, scope, pathway_id, services.pathway_fill)


@require_POST
@roles_required(*DESIGNERS)
def design_remove(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    return _edited(
        request,
        scope,
        pathway_id,
        services.pathway_remove_course,
        course=request.POST.get("course", ""),
    )


@require_POST
@roles_required(*DESIGNERS)
def design_exit(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    return _edited(
        request,
        scope,
        pathway_id,
        services.pathway_set_exit,
        credential=request.POST.get("credential", ""),
        term=request.POST.get("term", ""),
        kind=request.POST.get("kind", m.ExitKind.OFF_RAMP.value),
    )


@require_POST
@roles_required(*DESIGNERS)
def design_exit_remove(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    return _edited(
        request,
        scope,
        pathway_id,
        services.pathway_remove_exit,
        credential=request.POST.get("credential", ""),
    )


@require_POST
@roles_required(*DESIGNERS)
def design_status(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    status = request.POST.get("status", "")
    if status not in (m.PathwayStatus.PUBLISHED.value, m.PathwayStatus.DRAFT.value):
        status = m.PathwayStatus.DRAFT.value
    return _edited(request, scope, pathway_id, services.pathway_set_status, status=status)


@require_POST
@roles_required(*DESIGNERS)
def design_discard(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    """Drop a published pathway's unpublished changes (back to what families see)."""
    return _edited(request, scope, pathway_id, services.pathway_discard_changes)


@require_POST
@roles_required(*DESIGNERS)
def design_details(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    posted = _details_posted(request.POST)
    return _edited(
        request,
        scope,
        pathway_id,
        services.pathway_details_update,
        name=posted["name"],
        cluster=posted["cluster"],
        description=posted["description"],
        schools=sorted(posted["schools"]),
        occupations=posted["occupations"].replace(",", " ").split(),
        on_ramps=[services.OnRampInput(**r) for r in posted["on_ramps"]],
        summers=posted["summers"],
        name_es=posted["name_es"],
        description_es=posted["description_es"],
    )


@require_http_methods(["GET", "POST"])
@roles_required(*DESIGNERS)
def design_new(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    region = selectors.region_snapshot()
    owners = [
        i
        for i in region.institutions.values()
        if scope.covers(i.id)
        and i.kind in (m.InstitutionKind.DISTRICT, m.InstitutionKind.CAREER_CENTER)
    ]
    colleges = [i for i in region.institutions.values() if i.kind is m.InstitutionKind.COLLEGE]
    error = ""
    if request.method == "POST":
        try:
            row = services.pathway_create(
                scope=scope,
                actor=staff_user(request),
                pathway_id=request.POST.get("id", "").strip().lower(),
                name=request.POST.get("name", "").strip(),
                cluster=request.POST.get("cluster", "").strip(),
                owner=request.POST.get("owner", ""),
                college=request.POST.get("college", ""),
            )
        except services.EditRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Draft pathway created."))
            return redirect("design-edit", pathway_id=row.id)
    return render(
        request,
        "designer/new.html",
        {"owners": owners, "colleges": colleges, "error": error, "data": request.POST},
        status=422 if error else 200,
    )


@require_GET
@roles_required(*DESIGNERS)
def design_history(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    return render(
        request,
        "designer/history.html",
        {"row": row, "entries": selectors.pathway_history_page(pathway=row)},
    )


@require_GET
@roles_required(*DESIGNERS)
def design_version(
    request: HttpRequest, pathway_id: str, version: int, *, scope: Scope
) -> HttpResponse:
    """An old version of the pathway as its map, with what changed since (read only)."""
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    old = selectors.pathway_old_version(pathway=row, version=version)
    return render(request, "designer/version.html", {"row": row, "old": old, "map": old.map})


@require_POST
@roles_required(*DESIGNERS)
def design_restore(request: HttpRequest, pathway_id: str, *, scope: Scope) -> HttpResponse:
    """Restore the working copy to an earlier version of the history (a new version)."""
    try:
        restore = int(request.POST.get("restore", ""))
        version = int(request.POST.get("version", ""))
    except ValueError:
        return redirect("design-history", pathway_id=pathway_id)
    try:
        services.pathway_restore(
            scope=scope,
            actor=staff_user(request),
            pathway_id=pathway_id,
            version=version,
            restore=restore,
        )
    except services.EditConflict:
        messages.error(
            request,
            _("Someone else saved this pathway meanwhile: nothing was restored. Look again."),
        )
        return redirect("design-history", pathway_id=pathway_id)
    except services.EditRefused as exc:
        messages.error(request, str(exc))
        return redirect("design-history", pathway_id=pathway_id)
    messages.success(request, _("Version %(v)s restored as a new version.") % {"v": restore})
    return redirect("design-edit", pathway_id=pathway_id)


# --------------------------------------------------------------------------- catalog


@require_GET
@roles_required(*CATALOG_READERS)
def catalog_courses(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    editable = set(selectors.courses_editable(scope=scope).values_list("key", flat=True))
    region = selectors.region_snapshot()
    courses = sorted(region.courses.values(), key=lambda c: (c.provider, c.key))
    return render(
        request,
        "designer/courses.html",
        {
            "courses": [(c, c.key in editable, unparse(c.prerequisites)) for c in courses],
            "can_add": scope.has(Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR),
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)
def catalog_course_new(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    region = selectors.region_snapshot()
    providers = sorted(
        (i for i in region.institutions.values() if scope.covers(i.id)), key=lambda i: i.name
    )
    error = ""
    if request.method == "POST":
        try:
            credits = float(request.POST.get("credits", ""))
            tuition_raw = request.POST.get("tuition_per_credit", "").strip()
            tuition = float(tuition_raw) if tuition_raw else None
        except ValueError:
            error = _("Credits and tuition must be numbers")
        else:
            try:
                row = services.course_create(
                    scope=scope,
                    code=request.POST.get("code", ""),
                    title=request.POST.get("title", ""),
                    provider=request.POST.get("provider", ""),
                    credits=credits,
                    level=request.POST.get("level", ""),
                    tuition_per_credit=tuition,
                    prerequisites=request.POST.get("prerequisites", ""),
                    corequisites=request.POST.get("corequisites", ""),
                    description=request.POST.get("description", ""),
                )
            except services.EditRefused as exc:
                error = str(exc)
            else:
                messages.success(request, _("Course added."))
                return redirect("catalog-course", key=row.key)
    return render(
        request,
        "designer/course_new.html",
        {"providers": providers, "error": error, "data": request.POST},
        status=422 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)
def catalog_course(request: HttpRequest, key: str, *, scope: Scope) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            credits = float(request.POST.get("credits", ""))
            tuition_raw = request.POST.get("tuition_per_credit", "").strip()
            tuition = float(tuition_raw) if tuition_raw else None
        except ValueError:
            error = _("Credits and tuition must be numbers")
        else:
            try:
                services.course_update(
                    scope=scope,
                    key=key,
                    title=request.POST.get("title", "").strip(),
                    credits=credits,
                    tuition_per_credit=tuition,
                    prerequisites=request.POST.get("prerequisites", ""),
                    corequisites=request.POST.get("corequisites", ""),
                    description=request.POST.get("description", ""),
                    title_es=request.POST.get("title_es", ""),
                )
            except services.EditRefused as exc:
                error = str(exc)
            else:
                messages.success(request, _("Course saved."))
                return redirect("catalog-course", key=key)
    row = selectors.course_get(scope=scope, key=key)
    return render(
        request,
        "designer/course.html",
        {"course": row, "error": error, "data": request.POST if error else None},
        status=422 if error else 200,
    )


@require_GET
@roles_required(*CATALOG_READERS)
def catalog_credentials(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    region = selectors.region_snapshot()
    editable = set(selectors.credentials_editable(scope=scope).values_list("id", flat=True))
    creds = sorted(region.credentials.values(), key=lambda c: (c.kind.rank, c.name))
    return render(
        request,
        "designer/credentials.html",
        {"credentials": [(c, c.id in editable) for c in creds]},
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)
def catalog_credential(request: HttpRequest, credential_id: str, *, scope: Scope) -> HttpResponse:
    error = ""
    if request.method == "POST":
        total_raw = request.POST.get("total_credits", "").strip()
        try:
            total: float | None = float(total_raw) if total_raw else None
            if total is not None and total.is_integer():
                total = int(total)  # written back to YAML as 60, not 60.0
        except ValueError:
            error = _("Credits and tuition must be numbers")
        else:
            try:
                services.credential_update(
                    scope=scope,
                    credential_id=credential_id,
                    name=request.POST.get("name", ""),
                    total_credits=total,
                    requirements=request.POST.get("requirements", ""),
                    description=request.POST.get("description", ""),
                    stacks_into=request.POST.get("stacks_into", "").replace(",", " ").split(),
                    name_es=request.POST.get("name_es", ""),
                )
            except services.EditRefused as exc:
                error = str(exc)
            else:
                messages.success(request, _("Credential saved."))
                return redirect("catalog-credential", credential_id=credential_id)
    row = selectors.credential_get(scope=scope, credential_id=credential_id)
    requirements = dump_yaml(row.requirements) if row.requirements is not None else ""
    return render(
        request,
        "designer/credential.html",
        {
            "credential": row,
            "requirements": requirements,
            "error": error,
            "data": request.POST if error else None,
        },
        status=422 if error else 200,
    )


@require_GET
@roles_required(*CATALOG_READERS)
def catalog_translations(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    """What families read in English on the Spanish maps, with links to translate it."""
    missing = selectors.missing_texts(scope=scope, lang="es")
    return render(request, "designer/translations.html", {"missing": missing})
