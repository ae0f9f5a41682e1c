"""Equity pages: the dashboard (with CSV and JSON downloads) and the eligibility what-if.

Views parse the query string, call one selector (or, asking a what-if, one service), render. Only suppressed aggregates of
the user's own scope reach a page or a download; no student record is shown.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from careerpaths.analytics import whatif as wi
from careerpaths.analytics.report import to_csv, to_json
from careerpaths.core.requisites import RequisiteSyntaxError, parse
from careerpaths.web.accounts.decorators import roles_required
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.equity import dashboard as dash
from careerpaths.web.equity import selectors, services
from careerpaths.web.equity.selectors import EQUITY_READERS, FilterRefused, Filters


def _filters(request: HttpRequest) -> Filters:
    grouping = request.GET.get("group", selectors.DEFAULT_GROUPING)
    if grouping not in selectors.GROUPINGS:
        grouping = selectors.DEFAULT_GROUPING
    return Filters(population=request.GET.get("population", "").strip(), grouping=grouping)


@require_GET
@roles_required(*EQUITY_READERS)
def dashboard(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    filters = _filters(request)
    fmt = request.GET.get("format", "")
    pop = selectors.population(scope=scope)
    context: dict[str, Any] = {
        "filters": filters,
        "population_choices": selectors.population_choices(pop),
        "groupings": [(k, str(v[0])) for k, v in selectors.GROUPINGS.items()],
        "pop": pop,
        "threshold": selectors.equity_threshold(),
    }
    status = 200
    try:
        report = selectors.dashboard_report(pop=pop, filters=filters)
    except FilterRefused:
        message = _(
            "This population cannot be shown: pick another filter. Either it is not among "
            "your students, or its figures would let a small group be worked out from the "
            "other views."
        )
        if fmt in ("csv", "json"):
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        context["refused"] = message
        status = 400
    else:
        if fmt == "csv":
            response = HttpResponse(to_csv(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="equity.csv"'
            return response
        if fmt == "json":
            response = HttpResponse(
                to_json(report) + "\n", content_type="application/json; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="equity.json"'
            return response
        context["report"] = report
        context["sections"] = dash.sections(report, selectors.school_names(pop))
        context["all_row"] = next((r for r in report.rows if r.dimension == "all"), None)
    template = (
        "equity/_results.html"
        if request.headers.get("HX-Request") == "true"
        else "equity/dashboard.html"
    )
    return render(request, template, context, status=status)


def _rule_error(text: str, rules: selectors.EligibilityRules) -> str | None:
    """Why ``text`` cannot be asked: a syntax error (with its column) or a part outside the
    what-if's vocabulary (coarse thresholds only: see docs/equity.md)."""
    if wi.paren_depth(text) <= wi.MAX_DEPTH:
        try:
            parse(text)
        except RequisiteSyntaxError as exc:
            return _("column %(column)s: %(reason)s") % {
                "column": exc.column,
                "reason": exc.reason,
            }
    return selectors.vocabulary_error(text, rules=rules)


def _presets(rules: selectors.EligibilityRules) -> list[tuple[str, str, str]]:
    """The seed's point, measurable: the technical (CTE) courses' rule against the
    academic one; and the academic rule opened to grade 10, when it names grade 11."""
    out = [
        (
            _("Technical (CTE) courses' rule instead of the academic one"),
            rules.academic,
            rules.technical,
        )
    ]
    younger = rules.academic.replace("grade >= 11", "grade >= 10")
    if younger != rules.academic:
        out.append((_("Academic rule, open to grade 10"), rules.academic, younger))
    return out


@require_GET
@roles_required(*EQUITY_READERS)
def whatif(request: HttpRequest, *, scope: Scope) -> HttpResponse:
    pop = selectors.population(scope=scope)
    rules = selectors.eligibility_rules(scope=scope, region=pop.region)
    rule = request.GET.get("rule", "").strip() or rules.academic
    alternative = request.GET.get("alternative", "").strip() or rules.technical
    breakdown = request.GET.get("by", selectors.DEFAULT_BREAKDOWN)
    if breakdown not in selectors.WHATIF_BREAKDOWNS:
        breakdown = selectors.DEFAULT_BREAKDOWN
    context: dict[str, Any] = {
        "rules": rules,
        "rule": rule,
        "alternative": alternative,
        "breakdown": breakdown,
        "breakdowns": [(k, str(v)) for k, v in selectors.WHATIF_BREAKDOWNS.items()],
        "pop": pop,
        "threshold": selectors.equity_threshold(),
        "rule_error": _rule_error(rule, rules),
        "alternative_error": _rule_error(alternative, rules),
        "presets": _presets(rules),
    }
    status = 200
    if context["rule_error"] or context["alternative_error"]:
        status = 400
    else:
        try:
            result, budget = services.whatif(
                pop=pop,
                user_id=request.user.pk,
                rule=rule,
                alternative=alternative,
                dimension=breakdown,
            )
        except services.WhatIfRefused as exc:
            context["refused"] = exc.message
            status = 429
        else:
            context["result"] = result
            context["tables"] = dash.whatif_sections(result, selectors.school_names(pop))
            context["budget"] = budget
    if "budget" not in context:
        context["budget"] = selectors.whatif_budget_of(user_id=request.user.pk)
    return render(request, "equity/whatif.html", context, status=status)
