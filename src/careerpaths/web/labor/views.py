"""Labor pages: ranked credentials, gaps and review flags (staff), data sources (public).

Views parse the area and the format, call one selector, render HTML or CSV. An area that
matches nothing (or several) is answered 400 with the page and a message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from careerpaths.labor import ONET_ATTRIBUTION
from careerpaths.labor.store import Area
from careerpaths.web.accounts.decorators import roles_required
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.labor import exports, selectors

#: Who may open the staff labor pages: the catalog's readers (the region's data, no student).
LABOR_READERS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR, Role.VIEWER)


def _area_error(exc: selectors.AreaNotFound) -> str:
    if exc.candidates:
        names = "; ".join(f"{a.name} ({a.code})" for a in exc.candidates[:8])
        return _(
            "“%(query)s” matches several areas: %(names)s. Give the area's code or its full name."
        ) % {"query": exc.query, "names": names}
    return _(
        "No area matches “%(query)s”. Give an OEWS area code (for example 0016300) or a "
        "name (for example Cedar Rapids, IA)."
    ) % {"query": exc.query}


def _report(
    request: HttpRequest,
    template: str,
    build: Callable[[Area], dict[str, Any]],
    csv: Callable[[dict[str, Any]], str],
    filename: str,
) -> HttpResponse:
    query = request.GET.get("area", "").strip()
    context: dict[str, Any] = {
        "query": query,
        "default_area": selectors.region_area_query(),
        "onet_attribution": ONET_ATTRIBUTION,
    }
    try:
        area = selectors.area_get(query=query)
    except selectors.AreaNotFound as exc:
        if request.GET.get("format") == "csv":
            return HttpResponse(
                _area_error(exc), status=400, content_type="text/plain; charset=utf-8"
            )
        context["area_error"] = _area_error(exc)
        return render(request, template, context, status=400)
    context["area"] = area
    context.update(build(area))
    if request.GET.get("format") == "csv":
        response = HttpResponse(csv(context), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{area.code}.csv"'
        return response
    return render(request, template, context)


@require_GET
@roles_required(*LABOR_READERS)
def credentials(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    def build(area: Area) -> dict[str, Any]:
        ranking = selectors.credential_ranking(area=area)
        chart = selectors.ranking_chart(
            ranking=ranking,
            title=_("Jobs the region's credentials lead to: openings against median wage, %(area)s")
            % {"area": area.name},
        )
        return {
            "report": ranking,
            "baseline": ranking.baseline,
            "sources": ranking.sources,
            "chart": chart,
        }

    return _report(
        request,
        "labor/credentials.html",
        build,
        lambda c: exports.ranking_csv(c["report"]),
        "credentials",
    )


@require_GET
@roles_required(*LABOR_READERS)
def gaps(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    experienced = request.GET.get("experienced") == "1"

    def build(area: Area) -> dict[str, Any]:
        report = selectors.gaps(area=area, include_experienced=experienced)
        return {
            "report": report,
            "baseline": report.baseline,
            "sources": report.sources,
            "experienced": experienced,
        }

    return _report(
        request, "labor/gaps.html", build, lambda c: exports.gaps_csv(c["report"]), "gaps"
    )


@require_GET
@roles_required(*LABOR_READERS)
def flags(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    def build(area: Area) -> dict[str, Any]:
        groups = selectors.flags_by_pathway(scope=scope, area=area)
        baseline, sources = selectors.area_baseline(area=area)
        return {"groups": groups, "baseline": baseline, "sources": sources}

    return _report(
        request,
        "labor/flags.html",
        build,
        lambda c: exports.flags_csv(c["groups"], c["area"].code),
        "review-flags",
    )


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    try:
        area_name = selectors.area_get().name
    except selectors.AreaNotFound:
        area_name = selectors.region_area_query()
    return render(
        request,
        "labor/sources.html",
        {
            "datasets": selectors.data_sources(),
            "area_query": area_name,
            "onet_attribution": ONET_ATTRIBUTION,
        },
    )
