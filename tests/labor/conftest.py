"""Fixtures for the labor-market tests.

The shipped snapshot is what the product reads; these tests never read the shared
source folder. Importer tests use the small files under ``tests/data/labor``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpaths.core.model import (
    Credential,
    CredentialKind,
    Exit,
    ExitKind,
    OnRamp,
    Pathway,
    PathwayStatus,
    Region,
)
from careerpaths.core.terms import Term
from careerpaths.labor import store
from careerpaths.labor.store import LaborData

DATA = Path(__file__).resolve().parent.parent / "data" / "labor"


@pytest.fixture(scope="session")
def shipped() -> LaborData:
    """The shipped snapshot alone (no user store)."""
    return store.load(user=False)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty CAREERPATHS_HOME for one test."""
    h = tmp_path / "home"
    monkeypatch.setenv("CAREERPATHS_HOME", str(h))
    store.clear_cache()
    yield h
    store.clear_cache()


def _t(term: str) -> Term:
    return Term.parse(term)


def make_region() -> Region:
    """A small region: nursing, welding and electrical credentials and pathways."""
    k = CredentialKind
    creds = [
        Credential("adn", "Associate Degree Nursing", k.AAS, "college", cip="51.3801"),
        Credential("pn", "Practical Nursing", k.DIPLOMA, "college", cip="51.3901"),
        Credential(
            "cna", "Certified Nursing Assistant", k.INDUSTRY_CERTIFICATION, "state", cip="51.3902"
        ),
        Credential("weld", "Welding", k.CERTIFICATE, "college", cip="48.0508"),
        Credential(
            "elec", "Electrician Pre-apprenticeship", k.CERTIFICATE, "college", cip="46.0302"
        ),
        Credential("cs", "Computer Science", k.AS, "college", cip="11.0701"),
        Credential("taxi", "Taxidermy", k.CERTIFICATE, "college", cip="01.0508"),
        Credential("nocip", "General Studies", k.CERTIFICATE, "college"),
        Credential("diploma", "High-school diploma", k.HS_DIPLOMA, "district"),
    ]
    pathways = [
        Pathway(
            "health",
            "Health",
            "Health Science",
            "district",
            "college",
            occupations=("29-1141", "31-1131"),
            exits=(
                Exit("cna", _t("G11-SP"), ExitKind.OFF_RAMP, ("31-1131",)),
                Exit("pn", _t("G13-SP"), ExitKind.OFF_RAMP),
                Exit("adn", _t("G14-SP"), ExitKind.OFF_RAMP, ("29-1141",)),
            ),
            on_ramps=(OnRamp(_t("G9-FA"), "Grade 9"), OnRamp(_t("G13-FA"), "Adult entry")),
            status=PathwayStatus.PUBLISHED,
        ),
        Pathway(
            "welding",
            "Welding",
            "Manufacturing",
            "district",
            "college",
            occupations=("51-4121",),
            exits=(Exit("weld", _t("G12-SP"), ExitKind.OFF_RAMP, ("51-4121",)),),
        ),
        Pathway(
            "aides",
            "Care aides",
            "Health Science",
            "district",
            "college",
            occupations=("31-1121", "55-3016"),
            exits=(Exit("cna", _t("G11-SP"), ExitKind.OFF_RAMP, ("31-1131",)),),
        ),
        Pathway(
            "old",
            "Archived",
            "Health Science",
            "district",
            "college",
            occupations=("31-1131",),
            status=PathwayStatus.ARCHIVED,
        ),
    ]
    return Region(
        "test", "Test region", {}, {}, {c.id: c for c in creds}, {p.id: p for p in pathways}
    )


@pytest.fixture
def region() -> Region:
    return make_region()
