"""Public pages (no login): browse pathways, the pathway map."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
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
    """The family handout as a PDF, in the language asked for (``?lang=es``); with
    ``?school=ID``, the handout for families of one of the schools offering the pathway
    (404 for a school that does not)."""
    from careerpaths.web.catalog.handout import handout_language, handout_pdf

    scope = user_scope(user=request.user)
    lang = handout_language(request.GET.get("lang") or translation.get_language())
    _, pmap = selectors.public_pathway_map(scope=scope, pathway_id=pathway_id, lang=lang)
    school = None
    school_id = request.GET.get("school")
    if school_id:
        school = selectors.school_handout(
            region=selectors.region_snapshot(),
            pathway=pmap.pathway,
            school_id=school_id,
            lang=pmap.lang,
        )
        if school is None:
            raise Http404()
    pdf = handout_pdf(pmap=pmap, lang=lang, school=school)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{pmap.pathway.id}-{school.school.id}-{lang}" if school else f"{pmap.pathway.id}-{lang}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
