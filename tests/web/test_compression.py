"""Pages go compressed to browsers that accept it (issue 14: the family map's weight)."""

from __future__ import annotations

import gzip
from typing import Any

from django.test import Client


def test_the_family_map_is_sent_compressed_and_reads_the_same(region: Any) -> None:
    plain = Client().get("/pathways/it/")
    packed = Client().get("/pathways/it/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert "script-src 'self'" in packed["Content-Security-Policy"]
    html = gzip.decompress(packed.content).decode()
    assert "IT Support" in html and html.count('<li class="course') == plain.content.decode().count(
        '<li class="course'
    )
    assert len(packed.content) < len(plain.content) / 2
