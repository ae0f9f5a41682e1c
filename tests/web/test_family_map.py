"""The family map in plain language: no internal code, slug or term code in what a parent reads.

Codes are on demand only (``details.code-on-demand``). The check runs on every published map of
the Cedar Rapids demo region, in English and in Spanish.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from careerpaths.core.requisites import parse
from careerpaths.core.terms import FIRST_GRADE, LAST_GRADE, Season, Term
from careerpaths.web.catalog.plain import requisite_words, term_heading
from careerpaths.web.catalog.services import region_import

VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "embed"}


class _ReadableText(HTMLParser):
    """The page's readable text, skipping code-on-demand elements, scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # True where the element is skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skip = "code-on-demand" in classes or tag in {"script", "style", "title"}
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def readable(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    parser = _ReadableText()
    parser.feed("<main" + main + "</main>")
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def demo(db: None) -> Any:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    region_import(region=region)
    return region


TERM_CODE = re.compile(r"\bG1?\d-(FA|SP|SU)\b")
SOC = re.compile(r"\bSOC\b|\b\d{2}-\d{4}\b")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_code_slug_or_term_code_in_the_family_maps(demo: Any, lang: str) -> None:
    client = Client()
    codes = {c.code for c in demo.courses.values()}
    slugs = set(demo.credentials) | set(demo.institutions)
    published = [p for p in demo.pathways.values() if p.status.value == "published"]
    assert published
    for p in published:
        html = client.get(f"/pathways/{p.id}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        text = readable(html)
        words = set(re.findall(r"[\w.-]+", text))
        assert not TERM_CODE.search(text), (p.id, TERM_CODE.search(text))
        assert not SOC.search(text), (p.id, SOC.search(text))
        assert not (codes & words), (p.id, sorted(codes & words)[:5])
        assert not ({s for s in slugs if "-" in s or "_" in s} & words), (p.id, slugs & words)
        assert p.id not in words or "-" not in p.id
        # The codes are still there, on demand.
        assert 'class="code-on-demand' in html


def test_the_readable_text_skips_only_code_on_demand() -> None:
    html = (
        '<main><p>Anatomy I <details class="code-on-demand"><summary>Code</summary>'
        "<span>BIO-168</span></details> G11-SP</p></main>"
    )
    assert readable(html) == "Anatomy I G11-SP"


def test_requisites_in_words() -> None:
    expr = parse("BIO-168 with B- and credential iowa-cna and gpa >= 2.75")
    words = requisite_words(expr, {"BIO168": "Anatomy I"}, {"iowa-cna": "Certified Nurse Aide"})
    assert words == (
        "Anatomy I with a B- or better, the Certified Nurse Aide credential and "
        "a grade point average (GPA) of 2.75 or higher"
    )
    either = requisite_words(parse("HSC-186 or BIO-168"), {"BIO168": "Anatomy I"}, {})
    assert either == "either a listed course or Anatomy I"


def test_term_headings_say_grade_and_season() -> None:
    assert term_heading(Term.of(11, Season.SPRING)) == "Grade 11 · Spring"
    assert term_heading(Term.of(13, Season.FALL)) == "College year 1 · Fall"
    for g in range(FIRST_GRADE, LAST_GRADE + 1):
        assert "G" + str(g) not in term_heading(Term.of(g, Season.SUMMER))


def test_free_style_only_on_college_courses_in_high_school(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/").content.decode()
    cards = re.findall(r'<li class="course ([^"]+)" data-course="([^"]+)">', html)
    terms = {pl.key: pl.term for pl in demo.pathways["health-nursing"].placements}
    assert any("free" in cls for cls, _ in cards)
    for cls, code in cards:
        course = next(c for c in demo.courses.values() if c.code == code)
        term = terms.get(course.key)
        if "free" in cls.split():
            assert course.is_college and term is not None and term.in_high_school, code
    # Transfer degrees are in their own column, after grade 14.
    transfer = html.split('id="year-transfer"', 1)
    assert len(transfer) == 2 and "★" in transfer[1].split("</details>", 1)[0]


def test_spanish_money_is_es_us_and_the_register_is_usted(demo: Any) -> None:
    html = Client().get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    text = readable(html)
    assert 'data-testid="savings">$5,859<' in html  # es-US, not Spain's "$5 859"
    assert "$78,370" in text
    assert not re.search(r"\$\d+ \d{3}", text)
    # usted, not tú, in the page's own sentences
    assert not re.search(r"\b(puedes|te puede|tu|tus|quieres)\b", text, re.I)


def test_an_exit_that_does_not_raise_pay_says_so(demo: Any) -> None:
    html = Client().get("/pathways/mfg-welding/").content.decode()
    exits = re.findall(
        r'<li class="labor-exit" data-credential="([^"]+)">(.*?)</li>\s*(?=<li class="labor-exit"|</ol>)',
        html,
        re.S,
    )
    assert exits
    wages = []
    for _, body in exits:
        pays = [
            int(w.replace(",", ""))
            for w in re.findall(r"Median pay: (?:at least )?\$([\d,]+)", body)
        ]
        wages.append(max(pays) if pays else None)
    for i, (_, body) in enumerate(exits):
        flagged = 'class="no-raise"' in body
        expected = (
            i > 0 and wages[i] is not None and wages[i - 1] is not None and wages[i] <= wages[i - 1]
        )
        assert flagged == expected, (exits[i][0], wages)
    assert any('class="no-raise"' in body for _, body in exits)  # welding: $56,750 repeated


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Associate Degree in Nursing"), ("es", "Título de Asociado en Enfermería")],
)
def test_credential_abbreviations_are_explained(demo: Any, lang: str, title: str) -> None:
    html = Client().get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert re.search(r'<abbr title="' + title + r'[^"]*">ADN</abbr>', html)
    assert re.search(r'<abbr title="[^"]+">NCLEX-RN</abbr>', html)


def test_no_english_message_left_on_a_spanish_map(demo: Any) -> None:
    """Every catalogue sentence the maps could show in English is absent from the Spanish maps
    (the frame, the plain-language sentences, the labor panel)."""
    from pathlib import Path

    import polib

    from careerpaths.web.catalog import selectors

    po = polib.pofile(
        str(Path(selectors.__file__).parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po")
    )
    english = {
        e.msgid
        for e in po
        if e.msgstr
        and e.msgstr != e.msgid
        and len(e.msgid) >= 12
        and "%" not in e.msgid
        and "{" not in e.msgid
    }
    assert len(english) > 100
    # The region's own content (course, credential and pathway names) is English until it
    # has Spanish fields (issue 14, not done yet): a message that is also part of it is not
    # judged here.
    content = " ".join(
        [c.title for c in demo.courses.values()]
        + [c.name for c in demo.credentials.values()]
        + [f"{p.name} {p.description}" for p in demo.pathways.values()]
    )
    english = {m for m in english if m not in content}
    for p in ("health-nursing", "mfg-welding", "it-software-dev"):
        html = Client().get(f"/pathways/{p}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
        text = readable(html)
        left = sorted(m for m in english if m in text)
        assert not left, (p, left[:5])
