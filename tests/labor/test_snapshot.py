"""The shipped snapshot: figures checked by hand in the source files, quirks, provenance.

Where each hand-checked figure is (files of shared/data/labor_market, line numbers of
the decompressed CSV, header = line 1):

* bls_oews_may2025/oews_may2025_national_cross_industry.csv
  line 2    00-0000 All Occupations: employment 155,495,730, a_median 50,980
  line 108  15-1252 Software Developers: employment 1,687,890, a_median 135,980
  line 374  27-2011 Actors: a_* "-" with footnote a_median:4 (hourly only), h_median 29.05
  line 436  29-1141 Registered Nurses: a_median 97,550
* bls_oews_may2025/oews_may2025_state_cross_industry.csv
  line 274    Alabama 29-1022 Oral and Maxillofacial Surgeons: wages "-" with footnote 5
  line 10497  Iowa 00-0000: a_median 48,540
* bls_oews_may2025/oews_may2025_metro_nonmetro_cross_industry.csv.gz (decompressed)
  line 22848  Cedar Rapids, IA 00-0000: employment 139,260, a_median 49,360
  line 22867  Cedar Rapids 11-9032 Education Administrators K-12: annual only, a_median 105,200
  line 22879  Cedar Rapids 13-1020 Buyers and Purchasing Agents: 430, a_median 68,630
  line 22890  Cedar Rapids 13-1141 Compensation Specialists: employment "-" (footnote 8)
  line 23027  Cedar Rapids 29-1141 Registered Nurses: 2,880, a_pct25 67,220,
              a_median 78,370, a_pct75 92,570
  line 23042  Cedar Rapids 29-2061 LPNs: 380, a_median 61,840
  line 23049  Cedar Rapids 31-1131 Nursing Assistants: 1,740, a_median 39,110
  line 23174  Cedar Rapids 47-2111 Electricians: 1,690, a_median 50,230
* bls_ep_2024_34/ep_2024_34_table_1_2_occupations.csv (and csv/sheet03_Table_1.2.csv)
  line 2    00-0000: employment 169,956.1k, change 3.1%, openings 18,863.3k
  line 109  15-1252: +15.8%, 115.2k openings, $133,080, Bachelor's degree
  line 437  29-1141: 3,391.0k, +4.9%, 189.1k openings, Bachelor's degree
  line 789  47-2111: High school diploma or equivalent, Apprenticeship
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from careerpaths.labor import store
from careerpaths.labor.importers import ANNUAL_ONLY, HOURLY_ONLY, MEDIAN_TOPCODED
from careerpaths.labor.store import AreaType, LaborData


def test_national_medians(shipped: LaborData) -> None:
    us = shipped.area("0000000")
    rn = shipped.oews(us, "29-1141")
    swd = shipped.oews(us, "15-1252")
    assert rn is not None and rn.annual_median == 97_550
    assert swd is not None and swd.annual_median == 135_980
    assert swd.employment == 1_687_890
    total = shipped.oews(us, "00-0000")
    assert total is not None and total.annual_median == 50_980
    assert total.employment == 155_495_730


@pytest.mark.parametrize(
    ("soc", "employment", "median"),
    [
        ("00-0000", 139_260, 49_360),
        ("29-1141", 2_880, 78_370),
        ("29-2061", 380, 61_840),
        ("31-1131", 1_740, 39_110),
        ("47-2111", 1_690, 50_230),
        ("13-1020", 430, 68_630),
    ],
)
def test_cedar_rapids_figures(shipped: LaborData, soc: str, employment: int, median: int) -> None:
    cr = shipped.area("Cedar Rapids, IA")
    fig = shipped.oews(cr, soc)
    assert fig is not None
    assert (fig.employment, fig.annual_median) == (employment, median)


def test_cedar_rapids_percentiles_and_hourly(shipped: LaborData) -> None:
    rn = shipped.oews(shipped.area("0016300"), "29-1141")
    assert rn is not None
    assert (rn.annual_pct25, rn.annual_pct75, rn.hourly_median) == (67_220, 92_570, 37.68)


def test_iowa_all_occupations(shipped: LaborData) -> None:
    fig = shipped.oews(shipped.area("IA"), "00-0000")
    assert fig is not None and fig.annual_median == 48_540


def test_projections_figures(shipped: LaborData) -> None:
    rn = shipped.projection("29-1141")
    assert rn is not None
    assert (rn.emp_base, rn.change_pct, rn.openings) == (3_391_000, 4.9, 189_100)
    assert rn.education == "Bachelor's degree"
    swd = shipped.projection("15-1252")
    assert swd is not None
    assert (swd.change_pct, swd.openings, swd.median_wage) == (15.8, 115_200, 133_080)
    elec = shipped.projection("47-2111")
    assert elec is not None
    assert (elec.education, elec.training) == (
        "High school diploma or equivalent",
        "Apprenticeship",
    )
    total = shipped.projection("00-0000")
    assert total is not None and total.change_pct == 3.1 and total.openings == 18_863_300


def test_quirk_top_coded(shipped: LaborData) -> None:
    """'-' with footnote 5: stored as the top code and flagged; read as 'at least'."""
    fig = shipped.oews(shipped.area("Alabama"), "29-1022")
    assert fig is not None
    assert fig.median_topcoded and fig.annual_median == 239_200
    ep = shipped.projection("29-1022")
    assert ep is not None and ep.wage_topcoded and ep.median_wage == 239_200


def test_quirk_hourly_only_and_annual_only(shipped: LaborData) -> None:
    actors = shipped.oews(shipped.area("0000000"), "27-2011")
    assert actors is not None
    assert actors.flags & HOURLY_ONLY and actors.annual_median is None
    assert actors.hourly_median == 29.05
    assert actors.comparable_annual_median() == (29.05 * 2080, True)
    admins = shipped.oews(shipped.area("0016300"), "11-9032")
    assert admins is not None
    assert admins.flags & ANNUAL_ONLY and admins.annual_median == 105_200
    assert admins.hourly_median is None


def test_quirk_not_released(shipped: LaborData) -> None:
    fig = shipped.oews(shipped.area("0016300"), "13-1141")
    assert fig is not None
    assert fig.employment is None and fig.annual_median == 60_810
    assert not fig.flags & MEDIAN_TOPCODED


def test_crosswalk_quirks(shipped: LaborData) -> None:
    assert shipped.crosswalk("51.3801") == ["25-1072", "29-1141"]
    assert shipped.crosswalk("01.0508") == []  # 99-9999 NO MATCH: known, no occupation
    assert shipped.crosswalk("99.1234") is None  # not in the crosswalk at all
    assert shipped.cip_title("11.0701") == "Computer Science"  # trailing '.' dropped
    assert "15-1252" in (shipped.crosswalk("11.0701") or [])
    assert len(shipped.crosswalk("11.0701") or []) == 13
    assert "99-9999" not in shipped.crosswalk_socs()
    assert len(shipped.crosswalk_socs()) == 867


def test_areas_are_complete(shipped: LaborData) -> None:
    kinds = [a.type for a in shipped.areas.values()]
    assert kinds.count(AreaType.NATIONAL) == 1
    assert kinds.count(AreaType.STATE) == 54  # 50 states, DC, Guam, Puerto Rico, Virgin Islands
    assert kinds.count(AreaType.METRO) + kinds.count(AreaType.NONMETRO) == 528
    assert kinds.count(AreaType.NONMETRO) == 135


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Cedar Rapids, IA", "0016300"),
        ("cedar rapids ia", "0016300"),
        ("0016300", "0016300"),
        ("16300", "0016300"),
        ("Cedar Rapids", "0016300"),
        ("IA", "1900000"),
        ("Iowa", "1900000"),
        ("19", "1900000"),
        ("national", "0000000"),
        ("Northeast Iowa nonmetropolitan area", "1900001"),
    ],
)
def test_area_lookup(shipped: LaborData, query: str, code: str) -> None:
    assert shipped.area(query).code == code


def test_area_lookup_errors(shipped: LaborData) -> None:
    with pytest.raises(store.AreaNotFound) as exc:
        shipped.area("Springfield")
    assert "ambiguous" in str(exc.value) and len(exc.value.candidates) >= 5
    with pytest.raises(store.AreaNotFound, match="no area"):
        shipped.area("Atlantis, XX")
    with pytest.raises(store.AreaNotFound):
        shipped.area("9999999")


def test_provenance_shipped(shipped: LaborData) -> None:
    kinds = {d.kind: d for d in shipped.datasets.values()}
    assert set(kinds) == {"oews", "projections", "crosswalk", "onet"}
    assert kinds["oews"].vintage == "May 2025" and kinds["oews"].key == "oews-2025-05"
    assert kinds["projections"].vintage == "2024–34"
    assert kinds["onet"].licence == "CC BY 4.0"
    assert "O*NET® is a trademark of USDOL/ETA" in kinds["onet"].attribution
    for d in shipped.datasets.values():
        assert d.url.startswith("https://") and d.licence and d.provenance and d.sha256
    doc = json.loads(files("careerpaths.labor").joinpath("data", "sources.json").read_text())
    assert {d["key"] for d in doc["datasets"]} == {d.key for d in shipped.datasets.values()}
    assert "CC BY 4.0" in doc["onet_attribution"]


def test_snapshot_is_compact() -> None:
    size = store.snapshot_path().stat().st_size
    assert size < 6_000_000  # a few MB, not the 12 MB of the raw gzip


def test_onet_titles(shipped: LaborData) -> None:
    rn = shipped.onet("29-1141")
    assert rn is not None and rn.title == "Registered Nurses" and rn.code == "29-1141.00"
    specialties = [o.code for o in shipped.onet_specialties("29-1141")]
    assert "29-1141.01" in specialties
