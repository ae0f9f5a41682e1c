"""Partnership pages: costs by delivery model and the Perkins V budget (read only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careerpaths.core.funding import DELIVERY_LABELS
from careerpaths.io.funding import bundled_regions
from careerpaths.io.funding_report import to_csv, to_json
from careerpaths.web.accounts.decorators import roles_required
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.partnerships import selectors

READERS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR, Role.VIEWER)


def _region(request: HttpRequest) -> str:
    return request.GET.get("region", "cedar-rapids")


def _export(request: HttpRequest, tables: tuple, name: str) -> HttpResponse | None:  # type: ignore[type-arg]
    fmt = request.GET.get("format")
    if fmt == "csv":
        resp = HttpResponse(to_csv(tables[0]), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        resp = HttpResponse(to_json(tables), content_type="application/json")
    else:
        return None
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@require_GET
@roles_required(*READERS)
def costs(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    page = selectors.costs_page(
        scope=scope,
        region_id=_region(request),
        pathway=request.GET.get("pathway", ""),
        deliveries=request.GET.getlist("delivery"),
        lines=request.GET.get("lines") == "1",
    )
    exported = _export(request, page.tables, f"costs-{page.partnership.id}-{page.pathway}")
    if exported is not None:
        return exported
    return render(
        request,
        "partnerships/costs.html",
        {
            "page": page,
            "regions": bundled_regions(),
            "delivery_labels": DELIVERY_LABELS.items(),
        },
    )


@require_GET
@roles_required(*READERS)
def budget(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    p, check, table = selectors.budget_page(scope=scope, region_id=_region(request))
    if table is not None:
        exported = _export(request, (table,), f"perkins-budget-{p.id}")
        if exported is not None:
            return exported
    return render(
        request,
        "partnerships/budget.html",
        {"p": p, "check": check, "table": table, "regions": bundled_regions()},
    )
