"""Translated labels for the core's enums (the core's own labels are English only)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Term

register = template.Library()

CREDENTIAL_KINDS = {
    "hs_diploma": _("High-school diploma"),
    "industry_certification": _("Industry certification"),
    "certificate": _("Certificate"),
    "diploma": _("Diploma"),
    "aas": _("Associate of Applied Science"),
    "aa": _("Associate of Arts"),
    "as": _("Associate of Science"),
    "bachelor": _("Bachelor's degree"),
}


#: Career clusters as the national frameworks name them (Advance CTE's 16 clusters and the
#: 2024 Modernized Career Clusters), in the page's language; a region's own wording is
#: shown as it is.
CLUSTERS = {
    "Advanced Manufacturing": _("Advanced Manufacturing"),
    "Manufacturing": _("Manufacturing"),
    "Agriculture": _("Agriculture"),
    "Agriculture, Food & Natural Resources": _("Agriculture, Food & Natural Resources"),
    "Architecture & Construction": _("Architecture & Construction"),
    "Construction": _("Construction"),
    "Arts, A/V Technology & Communications": _("Arts, A/V Technology & Communications"),
    "Business": _("Business"),
    "Business Management & Administration": _("Business Management & Administration"),
    "Management & Entrepreneurship": _("Management & Entrepreneurship"),
    "Digital Technology": _("Digital Technology"),
    "Education & Training": _("Education & Training"),
    "Education": _("Education"),
    "Energy & Natural Resources": _("Energy & Natural Resources"),
    "Finance": _("Finance"),
    "Financial Services": _("Financial Services"),
    "Government & Public Administration": _("Government & Public Administration"),
    "Health Science": _("Health Science"),
    "Healthcare & Human Services": _("Healthcare & Human Services"),
    "Hospitality & Tourism": _("Hospitality & Tourism"),
    "Human Services": _("Human Services"),
    "Information Technology": _("Information Technology"),
    "Law, Public Safety, Corrections & Security": _("Law, Public Safety, Corrections & Security"),
    "Public Service & Safety": _("Public Service & Safety"),
    "Marketing": _("Marketing"),
    "Marketing & Sales": _("Marketing & Sales"),
    "Science, Technology, Engineering & Mathematics": _(
        "Science, Technology, Engineering & Mathematics"
    ),
    "Transportation, Distribution & Logistics": _("Transportation, Distribution & Logistics"),
    "Supply Chain & Transportation": _("Supply Chain & Transportation"),
}


@register.filter
def cluster_label(value: str) -> str:
    """``{{ pathway.cluster|cluster_label }}``: a national career cluster's name in the
    page's language (the region's own wording otherwise)."""
    return str(CLUSTERS.get(str(value), value))


@register.filter
def credential_kind(value: str) -> str:
    """``{{ exit.kind|credential_kind }}``: the credential kind in the page's language."""
    return str(CREDENTIAL_KINDS.get(str(value), value))


SEASONS = {"FA": _("fall"), "SP": _("spring"), "SU": _("summer")}


@register.filter
def term_label(term: Term) -> str:
    """``{{ exit.term|term_label }}``: "Grade 11, spring" / "College year 2, spring"."""
    season = SEASONS[term.season.value]
    if term.in_high_school:
        return str(_("Grade %(grade)s, %(season)s") % {"grade": term.grade, "season": season})
    return str(
        _("College year %(year)s, %(season)s")
        % {"year": term.grade - LAST_HIGH_SCHOOL_GRADE, "season": season}
    )


@register.filter
def term_heading(term: Term) -> str:
    """``{{ t.term|term_heading }}``: "Grade 11 · Spring" / "College year 1 · Fall"."""
    from careerpaths.web.catalog.plain import term_heading as heading

    return heading(term)


@register.simple_tag
def credits_in_words(n: float, college: bool) -> str:
    """``{% credits_in_words c.credits False %}``: "1 high-school credit" with plural forms."""
    from careerpaths.web.catalog.plain import credits_words

    return credits_words(n, college)


@register.simple_tag
def requisite_in_words(expr: object, pmap: object) -> str:
    """``{% requisite_in_words c.prereq map %}``: requisites in words with course titles."""
    from careerpaths.web.catalog.plain import requisite_words

    return requisite_words(
        expr,  # type: ignore[arg-type]
        getattr(pmap, "course_titles", {}),
        getattr(pmap, "credential_names", {}),
    )


# Numbers for families in the United States: es-US groups like en-US ("$5,859", not Spain's
# "$5 859"). Django's own locale formats are Spain's for "es"; babel knows es_US.
BABEL_LOCALES = {"en": "en_US", "es": "es_US"}


@register.filter
def whole(value: float | int | None) -> str:
    """``{{ map.savings|whole }}``: a rounded number grouped for the reader's locale (es-US)."""
    if value is None:
        return ""
    from babel.numbers import format_decimal
    from django.utils.translation import get_language

    locale = BABEL_LOCALES.get((get_language() or "en").split("-")[0], "en_US")
    return str(format_decimal(round(float(value)), locale=locale))


@register.filter
def explain_abbreviations(text: str) -> str:
    """``{{ e.name|explain_abbreviations }}``: known abbreviations as ``<abbr title>``."""
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from careerpaths.web.catalog.plain import glossary

    terms = glossary()
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(k) for k in sorted(terms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    escaped = str(escape(text))
    # The text is escaped first; the titles are escaped too.
    return mark_safe(
        pattern.sub(
            lambda m: f'<abbr title="{escape(terms[m.group(1)])}">{m.group(1)}</abbr>', escaped
        )
    )


@register.filter
def in_map_language(text: str, pmap: object) -> str:
    """``{{ c.title|in_map_language:map }}``: the text, marked ``lang="en"`` (and styled as
    not yet translated) when the map is in another language and this text has no
    translation."""
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    if text in getattr(pmap, "untranslated", ()):
        return str(format_html('<span lang="en" class="untranslated">{}</span>', text))
    return mark_safe(str(escape(text)))


@register.filter
def name_in_map_language(text: str, pmap: object) -> str:
    """:func:`in_map_language` with the known abbreviations explained."""
    from django.utils.safestring import mark_safe

    explained = explain_abbreviations(text)
    if text in getattr(pmap, "untranslated", ()):
        return mark_safe(f'<span lang="en" class="untranslated">{explained}</span>')
    return explained


STUDENT_FLAGS = {
    "off-track-diploma": _("Behind on diploma credits"),
    "off-track-pathway": _("Behind the pathway's pace"),
    "random-act": _("College credit outside any pathway"),
    "off-pathway-dual-credit": _("College credit outside the student's pathway"),
    "failed-college-course": _("Failed a college course"),
    "no-pathway": _("No pathway chosen"),
}


@register.filter
def flag_label(code: object) -> str:
    """``{{ f|flag_label }}``: a student flag's label for staff, not its code."""
    return str(STUDENT_FLAGS.get(str(getattr(code, "value", code)), code))


PLACES = {
    "school": _("at %(name)s"),
    "career_center": _("at %(name)s"),
    "college": _("on the campus of %(name)s"),
    "online": _("online"),
    "work": _("at a workplace (work-based learning)"),
}


@register.filter
def places_in_words(places: object) -> str:
    """``{{ course.places|places_in_words }}``: where a course is taught, in the page's
    language ("at Kennedy High School, on the campus of Kirkwood Community College or
    online"); a career center the data does not name is "at a career center"."""
    words = []
    for kind, name in places:  # type: ignore[attr-defined]
        if kind == "career_center" and not name:
            words.append(str(_("at a career center")))
        else:
            words.append(str(PLACES.get(kind, kind)) % {"name": name})
    if not words:
        return str(_("ask the school counselor"))
    if len(words) == 1:
        return words[0]
    return str(_("%(first)s or %(last)s")) % {"first": ", ".join(words[:-1]), "last": words[-1]}
