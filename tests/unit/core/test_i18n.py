"""Catalog content in Spanish: lookups, fallbacks, the missing-translation report and the
workspace files' round trip (issue 14, item 3)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpaths.core.i18n import (
    TRANSLATABLE,
    localized,
    lookup,
    missing_translations,
    translations_from_data,
    translations_to_data,
    with_translation,
)
from careerpaths.core.model import OnRamp, PathwayStatus
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.workspace import load_workspace, write_workspace
from tests.factories import mini_region, t


def test_a_translated_text_is_shown_and_a_missing_one_falls_back_to_english_marked() -> None:
    region = mini_region()
    course = region.courses["CIS101"]
    spanish = replace(course, translations=(("es", "title", "Introducción a TI"),))
    assert localized(spanish, "title", "es").text == "Introducción a TI"
    assert not localized(spanish, "title", "es").fallback
    assert localized(spanish, "title", "es-US").text == "Introducción a TI"
    assert localized(spanish, "title", "en").text == course.title
    shown = localized(course, "title", "es")
    assert (shown.text, shown.fallback) == (course.title, True)
    # an empty English text needs no translation
    assert not localized(course, "description", "es").fallback


def test_the_report_lists_what_families_read_in_english_once_each() -> None:
    region = mini_region()
    missing = missing_translations(region, "es")
    kinds = [(m.kind, m.ident, m.field) for m in missing]
    assert ("pathway", "it", "name") in kinds
    assert ("credential", "cert", "name") in kinds
    assert ("course", "CIS-101", "title") in kinds
    assert len(kinds) == len(set(kinds))
    course = region.courses["CIS101"]
    region = replace(
        region,
        courses={
            **region.courses,
            "CIS101": replace(course, translations=(("es", "title", "Introducción a TI"),)),
        },
    )
    after = {(m.kind, m.ident) for m in missing_translations(region, "es")}
    assert ("course", "CIS-101") not in after
    assert len(after) == len(kinds) - 1


def test_drafts_are_left_out_unless_asked() -> None:
    region = mini_region()
    draft = replace(region.pathways["it"], status=PathwayStatus.DRAFT)
    region = replace(region, pathways={"it": draft})
    assert missing_translations(region, "es") == []
    assert missing_translations(region, "es", published_only=False)


def test_the_workspace_files_keep_every_translation(tmp_path: Path) -> None:
    region = mini_region()
    p = region.pathways["it"]
    p = replace(
        p,
        translations=(("es", "description", "Una trayectoria."), ("es", "name", "Soporte de TI")),
        on_ramps=(OnRamp(t("G11-FA"), "Join in grade 11", None, (("es", "label", "Únase"),)),),
    )
    cert = replace(region.credentials["cert"], translations=(("es", "name", "Certificado"),))
    course = replace(region.courses["CIS101"], translations=(("es", "title", 'Intro, "TI"'),))
    region = replace(
        region,
        pathways={"it": p},
        credentials={**region.credentials, "cert": cert},
        courses={**region.courses, "CIS101": course},
    )
    write_workspace(region, tmp_path / "ws")
    header = (tmp_path / "ws" / "courses.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",title_es")
    again = load_workspace(tmp_path / "ws")
    assert again.pathways["it"].translations == p.translations
    assert again.pathways["it"].on_ramps[0].translations == (("es", "label", "Únase"),)
    assert again.credentials["cert"].translations == cert.translations
    assert again.courses["CIS101"].translations == course.translations


def test_a_workspace_without_translations_is_written_as_before(tmp_path: Path) -> None:
    write_workspace(mini_region(), tmp_path / "ws")
    header = (tmp_path / "ws" / "courses.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "title_es" not in header
    assert "translations" not in (tmp_path / "ws" / "pathways" / "it.yaml").read_text("utf-8")


def test_a_misspelled_translation_field_is_refused_with_its_place(tmp_path: Path) -> None:
    write_workspace(mini_region(), tmp_path / "ws")
    path = tmp_path / "ws" / "pathways" / "it.yaml"
    path.write_text(
        path.read_text("utf-8") + "translations:\n  es:\n    nmae: Soporte de TI\n", "utf-8"
    )
    with pytest.raises(WorkspaceError) as info:
        load_workspace(tmp_path / "ws")
    [error] = [e for e in info.value.errors if e.file == "pathways/it.yaml"]
    assert error.line is not None and "nmae" in error.reason


texts = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.strip())


@given(
    st.dictionaries(
        st.sampled_from(["es", "vi", "fr"]),
        st.dictionaries(st.sampled_from(TRANSLATABLE["pathway"]), texts, min_size=1),
        max_size=3,
    )
)
def test_translations_round_trip_through_the_files_shape(data: dict[str, dict[str, str]]) -> None:
    triples = translations_from_data(data, TRANSLATABLE["pathway"])
    assert translations_to_data(triples) == {k: v for k, v in data.items() if v}
    for lang, fields in data.items():
        for field, text in fields.items():
            assert lookup(triples, lang, field) == text


@given(st.lists(st.tuples(st.sampled_from(["name", "description"]), st.text(max_size=8))))
def test_with_translation_keeps_the_last_text_set_per_field(
    edits: list[tuple[str, str]],
) -> None:
    triples: tuple[tuple[str, str, str], ...] = ()
    last: dict[str, str] = {}
    for field, text in edits:
        triples = with_translation(triples, "es", field, text)
        last[field] = text.strip()
    for field, text in last.items():
        assert lookup(triples, "es", field) == text
    assert list(triples) == sorted(triples)


def test_the_region_in_spanish_has_the_translated_names_and_english_elsewhere() -> None:
    from careerpaths.core.i18n import region_in_language

    region = mini_region()
    course = replace(region.courses["CIS101"], translations=(("es", "title", "Intro a TI"),))
    region = replace(region, courses={**region.courses, "CIS101": course})
    spanish = region_in_language(region, "es-US")
    assert spanish.courses["CIS101"].title == "Intro a TI"
    assert spanish.courses["CIS102"].title == region.courses["CIS102"].title
    assert spanish.credentials["cert"].name == region.credentials["cert"].name
    assert region_in_language(region, "en") is region


def test_a_generated_sentence_is_its_english_and_keeps_its_template() -> None:
    import copy
    import json
    import pickle

    from careerpaths.core.i18n import Text, join_text, text

    t = text("%(n)s students at %(school)s", n=3, school=text("school %(id)s", id="A"))
    assert t == "3 students at school A" and isinstance(t, str)
    assert t.msgid == "%(n)s students at %(school)s"
    assert isinstance(t.params["school"], Text)
    for back in (copy.deepcopy(t), pickle.loads(pickle.dumps(t))):
        assert (
            back == t and back.msgid == t.msgid and back.params["school"].msgid == "school %(id)s"
        )
    assert json.dumps({"m": t}) == '{"m": "3 students at school A"}'
    assert join_text(["a", t], "; ") == "a; 3 students at school A"
    assert text("50% done") == "50% done"  # no parameters: no formatting
