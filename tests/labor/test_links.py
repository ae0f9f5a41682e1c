"""Credential → occupation links: crosswalk, employer validation, education fit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from careerpaths.core.model import CredentialKind, Region
from careerpaths.labor.config import read_config
from careerpaths.labor.importers import ImportFailed
from careerpaths.labor.links import (
    EducationFit,
    LinkAction,
    LinkBasis,
    LinkOverride,
    check_overrides,
    credential_links,
    education_fit,
    named_on_exits,
    read_overrides,
)
from careerpaths.labor.store import LaborData

DATA = Path(__file__).resolve().parent.parent / "data" / "labor"
K = CredentialKind


@pytest.mark.parametrize(
    ("kind", "typical", "fit"),
    [
        (K.CERTIFICATE, "Postsecondary nondegree award", EducationFit.FITS),
        (K.DIPLOMA, "Postsecondary nondegree award", EducationFit.FITS),
        (K.INDUSTRY_CERTIFICATION, "Postsecondary nondegree award", EducationFit.FITS),
        (K.AAS, "Associate's degree", EducationFit.FITS),
        (K.AA, "Associate's degree", EducationFit.FITS),
        (K.AS, "Associate's degree", EducationFit.FITS),
        (K.BACHELOR, "Bachelor's degree", EducationFit.FITS),
        (K.HS_DIPLOMA, "High school diploma or equivalent", EducationFit.FITS),
        (K.AAS, "High school diploma or equivalent", EducationFit.EXCEEDS),
        (K.CERTIFICATE, "Some college, no degree", EducationFit.EXCEEDS),
        (K.CERTIFICATE, "No formal educational credential", EducationFit.EXCEEDS),
        (K.CERTIFICATE, "Associate's degree", EducationFit.BELOW),
        (K.AAS, "Bachelor's degree", EducationFit.BELOW),
        (K.HS_DIPLOMA, "Postsecondary nondegree award", EducationFit.BELOW),
        (K.AAS, None, EducationFit.UNKNOWN),
        (None, "Associate's degree", EducationFit.UNKNOWN),
    ],
)
def test_education_fit(kind: CredentialKind | None, typical: str | None, fit: EducationFit) -> None:
    assert education_fit(kind, typical) is fit


def test_crosswalk_links(shipped: LaborData, region: Region) -> None:
    cl = credential_links(shipped, region.credentials["adn"])
    assert cl.cip == "51.3801" and cl.cip_title == "Registered Nursing/Registered Nurse"
    by_soc = {link.soc: link for link in cl.links}
    assert set(by_soc) == {"25-1072", "29-1141"}
    rn = by_soc["29-1141"]
    assert rn.basis is LinkBasis.CROSSWALK
    assert rn.fit is EducationFit.BELOW and rn.typical_education == "Bachelor's degree"
    assert not rn.counts  # below the typical level and not validated
    assert rn.fit_text == "below (Bachelor's degree)"


def test_welding_certificate_links(shipped: LaborData, region: Region) -> None:
    cl = credential_links(shipped, region.credentials["weld"])
    by_soc = {link.soc: link for link in cl.links}
    assert by_soc["51-4121"].fit is EducationFit.EXCEEDS and by_soc["51-4121"].counts


def test_problems_are_reported(shipped: LaborData, region: Region) -> None:
    assert (
        "no matching occupation"
        in credential_links(shipped, region.credentials["taxi"]).problems[0]
    )
    assert "no CIP code" in credential_links(shipped, region.credentials["nocip"]).problems[0]


def test_employer_validated_add_and_remove(shipped: LaborData, region: Region) -> None:
    overrides = read_overrides(DATA / "labor_links_sample.csv")
    assert overrides[0] == LinkOverride(
        "adn",
        "29-1141",
        LinkAction.ADD,
        "UnityPoint Health St. Luke's nurse managers",
        date(2025, 3, 1),
        "ADN graduates hired as RNs after NCLEX-RN",
    )
    cl = credential_links(shipped, region.credentials["adn"], overrides)
    assert [link.soc for link in cl.links] == ["29-1141"]
    rn = cl.links[0]
    assert rn.counts and rn.override is not None
    assert rn.as_dict()["validated_by"] == "UnityPoint Health St. Luke's nurse managers"
    assert rn.as_dict()["validated_on"] == "2025-03-01"
    assert [o.soc for o in cl.removed] == ["25-1072"]


def test_employer_only_link_and_newest_record_wins(shipped: LaborData, region: Region) -> None:
    overrides = [
        LinkOverride("weld", "49-9041", LinkAction.ADD, "Acme", date(2024, 1, 1)),
        LinkOverride("weld", "51-4122", LinkAction.REMOVE, "Acme", date(2024, 1, 1)),
        LinkOverride("weld", "51-4122", LinkAction.ADD, "Acme", date(2025, 1, 1)),
    ]
    cl = credential_links(shipped, region.credentials["weld"], overrides)
    by_soc = {link.soc: link for link in cl.links}
    assert by_soc["49-9041"].basis is LinkBasis.EMPLOYER and by_soc["49-9041"].counts
    assert "51-4122" in by_soc and cl.removed == ()


def test_named_on_exits(shipped: LaborData, region: Region) -> None:
    named = named_on_exits(region)
    assert named["adn"] == ["29-1141"] and named["cna"] == ["31-1131"]
    cl = credential_links(shipped, region.credentials["adn"], (), named["adn"])
    rn = next(link for link in cl.links if link.soc == "29-1141")
    assert rn.basis is LinkBasis.PATHWAY and rn.counts and rn.fit is EducationFit.BELOW


def test_experience_needed_does_not_count(shipped: LaborData, region: Region) -> None:
    from careerpaths.core.model import Credential

    cred = Credential("bus", "Business", K.AAS, "college", cip="52.0201")
    cl = credential_links(shipped, cred)
    gm = next(link for link in cl.links if link.soc == "11-1021")
    assert gm.needs_experience and not gm.counts
    assert "5 years or more" in gm.fit_text


def test_read_overrides_errors() -> None:
    with pytest.raises(ImportFailed) as exc:
        read_overrides(DATA / "labor_links_malformed.csv")
    got = [(p.line, p.reason) for p in exc.value.problems]
    assert got == [
        (2, "soc: '29-114' is not a SOC code"),
        (3, "action: 'keep' is not add or remove"),
        (4, "validated_by is missing"),
        (5, "validated_on: 'March 2025' is not a date (YYYY-MM-DD)"),
    ]


def test_workspace_config(tmp_path: Path) -> None:
    (tmp_path / "labor.yaml").write_text((DATA / "labor.yaml.sample").read_text())
    cfg = read_config(tmp_path)
    assert cfg.area == "Cedar Rapids, IA"
    assert cfg.settings.family_supporting_wage == 60_000
    assert cfg.settings.min_annual_openings == 12
    assert [o.soc for o in cfg.overrides] == ["29-1141"]
    (tmp_path / "labor.yaml").write_text("thresholds:\n  median_multiple: 2\n")
    with pytest.raises(ImportFailed, match="unknown setting"):
        read_config(tmp_path)


def test_check_overrides(shipped: LaborData, region: Region) -> None:
    findings = check_overrides(
        [
            LinkOverride("nope", "29-1141", LinkAction.ADD, "x", date(2025, 1, 1)),
            LinkOverride("adn", "55-3016", LinkAction.ADD, "x", date(2025, 1, 1)),
        ],
        region,
        shipped,
    )
    assert [f.code for f in findings] == ["labor.link-unknown-credential", "labor.link-unknown-soc"]
