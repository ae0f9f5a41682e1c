"""Public pages (no login): browse pathways, the pathway map."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from careerpaths.web.accounts.selectors import user_scope
from careerpaths.web.catalog import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = user_scope(user=request.user)
    return render(request, "catalog/home.html", {"browse": selectors.browse(scope=scope)})


@require_GET
def school(request: HttpRequest, school_id: str) -> HttpResponse:
    scope = user_scope(user=request.user)
    inst = selectors.school_get(school_id=school_id)
    return render(
        request,
        "catalog/school.html",
        {"school": inst, "browse": selectors.browse(scope=scope, school=school_id)},
    )


@require_GET
def pathway_map(request: HttpRequest, pathway_id: str) -> HttpResponse:
    scope = user_scope(user=request.user)
    revision, pmap = selectors.public_pathway_map(scope=scope, pathway_id=pathway_id)
    return render(request, "catalog/pathway_map.html", {"map": pmap, "revision": revision})


@require_GET
def pathway_handout(request: HttpRequest, pathway_id: str) -> HttpResponse:
    """The family handout as a PDF, in the language asked for (``?lang=es``)."""
    from careerpaths.web.catalog.handout import handout_language, handout_pdf

    scope = user_scope(user=request.user)
    lang = handout_language(request.GET.get("lang") or translation.get_language())
    _, pmap = selectors.public_pathway_map(scope=scope, pathway_id=pathway_id, lang=lang)
    response = HttpResponse(handout_pdf(pmap=pmap, lang=lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pmap.pathway.id}-{lang}.pdf"'
    return response
