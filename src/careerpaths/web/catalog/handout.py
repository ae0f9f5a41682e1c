"""The family handout: a pathway's map as a PDF, rendered on the server by WeasyPrint.

The same plain-language map as the web page (``catalog/_map_article.html``) with its jobs and
pay, laid out by the print stylesheet; text stays text (searchable, read aloud by screen
readers). WeasyPrint is imported when a handout is made, not when the app starts.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from careerpaths.web.catalog.selectors import PathwayMap, SchoolHandout

STATIC = Path(__file__).parents[1] / "static"
STYLES = (
    "careerpaths/site.css",
    "careerpaths/print.css",
    "labor/labor.css",
    "careerpaths/handout.css",
)
LANGUAGES = ("en", "es")


def handout_language(lang: str | None) -> str:
    """The handout's language: ``lang`` when the app has it, else English."""
    codes = {code for code, _ in settings.LANGUAGES}
    return lang if lang in codes and lang in LANGUAGES else "en"


def handout_html(*, pmap: PathwayMap, lang: str, school: SchoolHandout | None = None) -> str:
    """The handout's HTML, without styles (they are handed to WeasyPrint as stylesheets,
    so the template has no inline code: see the content security policy). With ``school``,
    the handout of that school: its name, and where its students take the courses."""
    with translation.override(handout_language(lang)):
        return render_to_string(
            "catalog/handout.html",
            {"map": pmap, "school": school, "LANGUAGE_CODE": handout_language(lang)},
        )


def handout_pdf(*, pmap: PathwayMap, lang: str, school: SchoolHandout | None = None) -> bytes:
    """The handout as PDF bytes (letter, landscape, at least 8 pt)."""
    from weasyprint import CSS, HTML

    # The styles are read from the package; the panel's own <link> would be a fetch of
    # /static: drop it.
    html = re.sub(
        r"<link rel=\"stylesheet\"[^>]*>", "", handout_html(pmap=pmap, lang=lang, school=school)
    )
    sheets = [CSS(string=(STATIC / name).read_text(encoding="utf-8")) for name in STYLES]
    sheets.append(CSS(string=column_widths_css(html)))
    pdf = HTML(string=html, media_type="print").write_pdf(stylesheets=sheets)
    assert pdf is not None
    return bytes(pdf)


# Each column's share of the map's width follows how much it holds, so the longest year (a
# college year with its requisites, a Spanish year) does not run the map onto a third page
# while a short year leaves half its column empty. A course or credential counts as
# ``_ITEM_CHARS`` characters besides its text (its box, its credits line).
_ITEM_CHARS = 40
_NARROWEST, _WIDEST = 0.55, 1.9


def column_weights(html: str) -> list[float]:
    """The map's columns (years, then after transfer) weighted by the printed text each
    holds, their mean 1, each within [``_NARROWEST``, ``_WIDEST``]; ``[]`` without a map."""
    start, end = html.find('<div class="grid'), html.find('<section class="exits"')
    if start < 0 or end < start:
        return []
    grid = re.sub(r'<details class="code-on-demand.*?</details>', "", html[start:end], flags=re.S)
    sizes = []
    for part in grid.split('<details class="year')[1:]:
        items = len(re.findall(r'<li class="course|<p class="(?:exit-point|on-ramp)', part))
        words = " ".join(re.sub(r"<[^>]+>", " ", part).split())
        sizes.append(len(words) + _ITEM_CHARS * items)
    if not sizes or not sum(sizes):
        return []
    mean = sum(sizes) / len(sizes)
    return [min(_WIDEST, max(_NARROWEST, size / mean)) for size in sizes]


def column_widths_css(html: str) -> str:
    """A stylesheet giving the map's columns :func:`column_weights` (a stylesheet handed to
    WeasyPrint with the others: the handout has no inline style)."""
    weights = column_weights(html)
    if not weights:
        return ""
    columns = " ".join(f"minmax(0, {w:.2f}fr)" for w in weights)
    return f"#main .grid {{ grid-template-columns: {columns} !important; }}\n"
