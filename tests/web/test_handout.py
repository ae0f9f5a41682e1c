"""The family handout PDF (WeasyPrint): real text, in English and Spanish, linked from the map."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client

from careerpaths.web.catalog.services import region_import


@pytest.fixture
def demo(db: None) -> Any:
    from careerpaths.demo.region import build_region

    region = build_region(students=0)
    region_import(region=region)
    return region


def _text(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ("How long", "Free college credit", "Grade 11 · Fall", "Registered Nurses", "$78,370"),
        ),
        ("es", ("Duración", "Grado 11 · Otoño", "créditos universitarios")),
    ],
)
def test_the_handout_is_searchable_text_in_the_language_asked(
    demo: Any, tmp_path: Any, lang: str, words: tuple[str, ...]
) -> None:
    client = Client()
    html = client.get("/pathways/health-nursing/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'/pathways/health-nursing/handout.pdf?lang={lang}"' in html
    response = client.get(f"/pathways/health-nursing/handout.pdf?lang={lang}")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    for w in words:
        assert w in text, w
    assert "G11-FA" not in text and "SOC " not in text
