"""Catalog content in other languages: what a designer translated, and what is missing.

The catalog is written in English; each pathway, course, credential, exit, on-ramp and
placement note may carry translations (``translations``: (language, field, text) triples).
A page in Spanish shows the Spanish text where there is one and the English text, marked as
such, where there is not (:func:`localized`); :func:`missing_translations` lists, for the
published pathways, every text families would read in English.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from careerpaths.core.model import PathwayStatus, Region, Translations

#: The fields each kind of thing can be translated in.
TRANSLATABLE: Mapping[str, tuple[str, ...]] = {
    "pathway": ("name", "description"),
    "course": ("title", "description"),
    "credential": ("name", "description"),
    "exit": ("note",),
    "on_ramp": ("label",),
    "placement": ("note",),
}

#: The fields families read on a pathway's map and handout: what
#: :func:`missing_translations` reports (exit and placement notes are staff notes).
SHOWN: Mapping[str, tuple[str, ...]] = {
    "pathway": ("name", "description"),
    "course": ("title",),
    "credential": ("name",),
    "on_ramp": ("label",),
}

#: The languages the public pages are offered in, besides English.
LANGUAGES = ("es",)


@dataclass(frozen=True)
class Localized:
    """A text to show in ``lang``: ``fallback`` when it is the English text instead."""

    text: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text


def lookup(translations: Translations, lang: str, field: str) -> str:
    """The ``field`` text in ``lang``, or ``""``."""
    for code, name, text in translations:
        if code == lang and name == field:
            return text
    return ""


def localized(obj: Any, field: str, lang: str) -> Localized:
    """``obj.field`` in ``lang``: the translation, else the English text marked as fallback
    (an empty English text needs no translation)."""
    english = str(getattr(obj, field))
    if not lang or lang.startswith("en") or not english:
        return Localized(english)
    text = lookup(getattr(obj, "translations", ()), _base(lang), field)
    return Localized(text) if text else Localized(english, fallback=True)


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def translations_from_data(data: Any, allowed: tuple[str, ...]) -> Translations:
    """``{"es": {"name": "…"}}`` (the workspace files' shape) as triples; blank texts and
    fields outside ``allowed`` are left out (the schema refuses them in files)."""
    if not isinstance(data, Mapping):
        return ()
    out = []
    for lang, fields in data.items():
        if not isinstance(fields, Mapping):
            continue
        for name, text in fields.items():
            if name in allowed and isinstance(text, str) and text.strip():
                out.append((str(lang), str(name), text.strip()))
    return tuple(sorted(out))


def translations_to_data(translations: Translations) -> dict[str, dict[str, str]]:
    """The triples in the workspace files' shape (languages and fields sorted)."""
    out: dict[str, dict[str, str]] = {}
    for lang, name, text in sorted(translations):
        out.setdefault(lang, {})[name] = text
    return out


def with_translation(translations: Translations, lang: str, field: str, text: str) -> Translations:
    """``translations`` with ``field`` in ``lang`` set to ``text`` (removed when blank)."""
    kept = [t for t in translations if (t[0], t[1]) != (lang, field)]
    if text.strip():
        kept.append((lang, field, text.strip()))
    return tuple(sorted(kept))


@dataclass(frozen=True)
class MissingTranslation:
    """A text shown to families that has no translation into ``lang``."""

    lang: str
    kind: str  # pathway, course, credential, exit, on_ramp, placement
    ident: str  # the pathway id, course code, credential id; an exit's credential id
    pathway: str  # the published pathway it appears in ("" for the pathway itself)
    field: str
    english: str

    def as_dict(self) -> dict[str, str]:
        return {
            "lang": self.lang,
            "kind": self.kind,
            "id": self.ident,
            "pathway": self.pathway,
            "field": self.field,
            "english": self.english,
        }


def _missing(obj: Any, kind: str, lang: str) -> Iterator[tuple[str, str]]:
    for field in SHOWN.get(kind, ()):
        shown = localized(obj, field, lang)
        if shown.fallback:
            yield field, shown.text


def missing_translations(
    region: Region, lang: str = "es", *, published_only: bool = True
) -> list[MissingTranslation]:
    """Every text of the (published) pathways' maps with no ``lang`` translation: the
    pathway's name and description, its courses' titles (alternatives included), its
    credentials' names and its on-ramps' labels (:data:`SHOWN`). Each course and
    credential is listed once, under the first pathway (by id) that shows it."""
    out: list[MissingTranslation] = []
    seen: set[tuple[str, str]] = set()
    for pid in sorted(region.pathways):
        p = region.pathways[pid]
        if published_only and p.status is not PathwayStatus.PUBLISHED:
            continue
        things: list[tuple[str, str, Any]] = [("pathway", p.id, p)]
        for pl in sorted(p.placements, key=lambda x: (x.term, x.key)):
            course = region.course(pl.course)
            if course is not None:
                things.append(("course", course.code, course))
            for alt in pl.alternatives:
                other = region.course(alt)
                if other is not None:
                    things.append(("course", other.code, other))
        for cid in p.credential_ids:
            cred = region.credentials.get(cid)
            if cred is not None:
                things.append(("credential", cred.id, cred))
        for r in p.on_ramps:
            things.append(("on_ramp", f"{r.term.id} {r.label[:40]}", r))
        for kind, ident, obj in things:
            if kind in ("course", "credential"):
                if (kind, ident) in seen:
                    continue
                seen.add((kind, ident))
            where = "" if kind == "pathway" else p.id
            for field, english in _missing(obj, kind, lang):
                out.append(MissingTranslation(lang, kind, ident, where, field, english))
    return out


def region_in_language(region: Region, lang: str) -> Region:
    """``region`` with the texts families and staff read — course titles, credential and
    pathway names, on-ramp labels — in ``lang`` where translated (English where not), for
    pages that print them from the region."""
    if not lang or _base(lang) == "en":
        return region
    courses = {
        k: replace(c, title=localized(c, "title", lang).text) for k, c in region.courses.items()
    }
    credentials = {
        k: replace(c, name=localized(c, "name", lang).text) for k, c in region.credentials.items()
    }
    pathways = {
        k: replace(
            p,
            name=localized(p, "name", lang).text,
            on_ramps=tuple(replace(r, label=localized(r, "label", lang).text) for r in p.on_ramps),
        )
        for k, p in region.pathways.items()
    }
    return replace(
        region,
        courses=MappingProxyType(courses),
        credentials=MappingProxyType(credentials),
        pathways=MappingProxyType(pathways),
    )


# --------------------------------------------------------------------------- generated text


class Text(str):
    """A sentence the core generated, in English, that remembers how it was made: its
    ``msgid`` (a template with ``%(name)s`` placeholders) and ``params``.

    Everything outside the web app reads it as the English string it is (the CLI, JSON,
    CSV, tests). The web app says it in the reader's language: gettext of ``msgid``,
    filled with ``params`` said the same way (``careerpaths.web.core_text``), so the core
    stays free of Django. Every ``text("…")`` call in the core is listed, for
    ``makemessages``, in ``careerpaths/web/core_messages.py`` (generated; a test keeps it
    current).
    """

    msgid: str
    params: Mapping[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object] | None = None) -> Text:
        values = dict(params or {})
        obj = super().__new__(
            cls, msgid % {k: str(v) for k, v in values.items()} if values else msgid
        )
        obj.msgid = msgid
        obj.params = MappingProxyType(values)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle keep the template
        return (Text, (self.msgid, dict(self.params)))


def text(msgid: str, /, **params: object) -> Text:
    """A generated sentence: ``msgid`` (a literal, so it can be extracted) with ``params``.
    A literal ``%`` in a template with parameters is written ``%%``."""
    return Text(msgid, params)


def join_text(parts: Iterable[object], sep: str = "; ") -> Text:
    """``parts`` joined by ``sep`` (each said in the reader's language on the web)."""
    items = list(parts)
    names = {f"p{i}": p for i, p in enumerate(items)}
    template = sep.replace("%", "%%").join(f"%(p{i})s" for i in range(len(items)))
    return Text(template, names)


def text_to_data(value: object) -> object:
    """``value`` as JSON data that keeps a :class:`Text`'s template and values
    (``{"msgid": …, "params": {…}}``, parameters likewise); anything else as its string,
    or as it is when it is a number or None. :func:`text_from_data` reads it back."""
    if isinstance(value, Text):
        return {
            "msgid": value.msgid,
            "params": {k: text_to_data(v) for k, v in value.params.items()},
        }
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def text_from_data(data: object) -> object:
    """The :class:`Text` (or plain value) :func:`text_to_data` stored."""
    if isinstance(data, Mapping) and isinstance(data.get("msgid"), str):
        params = data.get("params")
        values = (
            {str(k): text_from_data(v) for k, v in params.items()}
            if isinstance(params, Mapping)
            else {}
        )
        try:
            return Text(data["msgid"], values)
        except (KeyError, ValueError, TypeError):  # a template that lost a placeholder
            return data["msgid"]
    return data
