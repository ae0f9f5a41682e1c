"""Partnership pages: costs by delivery model, the Perkins V budget, agreements."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from careerpaths.core.funding import DELIVERY_LABELS
from careerpaths.io.funding_report import Table, to_csv, to_json, write_xlsx
from careerpaths.web.accounts.decorators import roles_required, staff_user
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.partnerships import selectors, services
from careerpaths.web.partnerships.forms import HEAD_FIELDS, AgreementForm

READERS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR, Role.VIEWER)


def _region(request: HttpRequest) -> str:
    return request.GET.get("region", "cedar-rapids")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request: HttpRequest, tables: tuple[Table, ...], name: str) -> HttpResponse | None:
    """The report's tables as CSV (one after another, as the CLI writes them), JSON or
    XLSX (a sheet each), from the same builder as the page and the CLI."""
    fmt = request.GET.get("format")
    if fmt == "csv":
        resp = HttpResponse(
            "\n".join(to_csv(t) for t in tables), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "json":
        resp = HttpResponse(to_json(tables), content_type="application/json")
    elif fmt == "xlsx":
        buf = io.BytesIO()
        write_xlsx(tables, buf)
        resp = HttpResponse(buf.getvalue(), content_type=XLSX)
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
        # a download always carries every cost line with its rule and source
        lines=request.GET.get("lines") == "1" or "format" in request.GET,
    )
    exported = _export(request, page.tables, f"costs-{page.partnership.id}-{page.pathway}")
    if exported is not None:
        return exported
    return render(
        request,
        "partnerships/costs.html",
        {
            "page": page,
            "query": urlencode(
                [("region", page.partnership.id), ("pathway", page.pathway)]
                + [("delivery", d.value) for d in page.deliveries]
            ),
            "regions": selectors.report_regions(),
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
        {"p": p, "check": check, "table": table, "regions": selectors.report_regions()},
    )


# --------------------------------------------------------------------------- agreements

EDITORS = (Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)


@require_GET
@roles_required(*READERS)
def agreements(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    rows = selectors.partnerships_visible(scope=scope)
    return render(
        request,
        "partnerships/agreements.html",
        {
            "partnerships": [
                (p, selectors.agreements_visible(scope=scope, partnership_id=p.id)) for p in rows
            ],
            "renewals": selectors.renewals_due(scope=scope),
            "may_edit": selectors.may_edit_agreements(scope),
        },
    )


@require_GET
@roles_required(*READERS)
def agreement(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    page = selectors.agreement_page(scope=scope, public_id=public_id)
    return render(request, "partnerships/agreement.html", {"page": page})


def _form_page(
    request: HttpRequest, form: AgreementForm, partnership: Any, row: Any, errors: Any
) -> HttpResponse:
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, "partnership": partnership, "row": row, "errors": errors or {}},
        status=400 if errors else 200,
    )


def _edit(request: HttpRequest, scope: Scope, partnership_id: str, row: Any) -> HttpResponse:
    p = selectors.partnership_row_get(scope=scope, partnership_id=partnership_id)
    domain = selectors.domain_partnership(p)
    choices = {
        "institutions": dict(domain.institutions),
        "courses": {code: c.title for code, c in domain.courses.items()},
    }
    if request.method != "POST":
        initial = AgreementForm.initial_of(row.data, row.version) if row else {}
        return _form_page(request, AgreementForm(initial=initial, **choices), p, row, None)
    form = AgreementForm(request.POST, **choices)
    if not form.is_valid():
        return _form_page(request, form, p, row, None)
    try:
        saved, _findings = services.agreement_save(
            scope=scope,
            actor=staff_user(request),
            partnership_id=p.id,
            data=form.to_data(),
            public_id=row.public_id if row else None,
            version=form.cleaned_data.get("version") if row else None,
        )
    except services.AgreementRefused as exc:
        for field, problems in exc.errors.items():
            if field in HEAD_FIELDS:
                for problem in problems:
                    form.add_error(field, problem)
        return _form_page(request, form, p, row, exc.errors)
    except services.AgreementConflict:
        msg = _("Someone saved this agreement after you opened it; reload it and edit again.")
        return _form_page(request, form, p, row, {"__all__": [msg]})
    messages.success(request, _("Agreement saved."))
    return redirect("partnerships:agreement", public_id=saved.public_id)


@require_http_methods(["GET", "POST"])
@roles_required(*EDITORS)
def agreement_new(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    return _edit(request, scope, request.GET.get("partnership", ""), None)


@require_http_methods(["GET", "POST"])
@roles_required(*EDITORS)
def agreement_edit(request: HttpRequest, public_id: UUID, *, scope: Scope) -> HttpResponse:
    row = selectors.agreement_get(scope=scope, public_id=public_id)
    return _edit(request, scope, row.partnership_id, row)
