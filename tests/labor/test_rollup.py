"""SOC roll-up and join coverage: nothing silently drops out of a join."""

from __future__ import annotations

import pytest

from careerpaths.labor.reports import occupation_figures
from careerpaths.labor.rollup import (
    OEWS_AGGREGATES,
    Join,
    SocResolver,
    derive_aggregates,
    normalize_soc,
    soc_from_int,
    soc_to_int,
)
from careerpaths.labor.store import LaborData

MILITARY = {
    "55-1011", "55-1012", "55-1013", "55-1014", "55-1015", "55-1016", "55-1017", "55-1019",
    "55-2011", "55-2012", "55-2013", "55-3011", "55-3012", "55-3013", "55-3014", "55-3015",
    "55-3016", "55-3018", "55-3019",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("29-1141", "29-1141"),
        ("291141", "29-1141"),
        ("29-1141.00", "29-1141"),
        (" 13-1020 ", "13-1020"),
    ],
)
def test_normalize_soc(text: str, code: str) -> None:
    assert normalize_soc(text) == code


@pytest.mark.parametrize("bad", ["29-114", "2911411", "RN", "29/1141", ""])
def test_normalize_soc_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_soc(bad)


def test_soc_int_round_trip() -> None:
    assert soc_to_int("29-1141") == 291141
    assert soc_from_int(291141) == "29-1141"
    assert soc_from_int(0) == "00-0000"


def test_join_coverage_oews(shipped: LaborData) -> None:
    """Every crosswalk SOC joins OEWS exactly, is rolled up, or is reported missing."""
    socs = shipped.crosswalk_socs()
    cov = shipped.oews_resolver.coverage(socs, "oews")
    assert cov.total == len(socs) == 867
    assert set(cov.exact) | set(cov.rolled_up) | set(cov.missing) == set(socs)
    assert (len(cov.exact), len(cov.rolled_up), len(cov.missing)) == (818, 28, 21)
    assert set(cov.missing) == MILITARY | {"11-1031", "45-3031"}
    expected = {m: agg for agg, members in OEWS_AGGREGATES.items() for m in members}
    assert dict(cov.rolled_up) == expected


def test_join_coverage_projections(shipped: LaborData) -> None:
    socs = shipped.crosswalk_socs()
    cov = shipped.projection_resolver.coverage(socs, "projections")
    assert (len(cov.exact), len(cov.rolled_up), len(cov.missing)) == (820, 28, 19)
    assert set(cov.missing) == MILITARY


def test_every_crosswalk_soc_has_a_status(shipped: LaborData) -> None:
    """The figures function reports every code: ok / not in area / missing, with a note."""
    us = shipped.area("0000000")
    for soc in sorted(shipped.crosswalk_socs()):
        fig = occupation_figures(shipped, us, soc)
        assert fig.status in ("ok", "missing", "not_in_area")
        if fig.join is not Join.EXACT:
            assert fig.join_note
        if fig.status == "missing":
            assert soc in MILITARY


@pytest.mark.parametrize(
    ("soc", "code"),
    [
        ("13-1021", "13-1020"),
        ("13-1022", "13-1020"),
        ("13-1023", "13-1020"),
        ("25-2055", "25-2052"),
        ("25-2056", "25-2052"),
        ("31-1122", "31-1120"),
        ("53-1049", "53-1047"),
    ],
)
def test_rollup_examples(shipped: LaborData, soc: str, code: str) -> None:
    r = shipped.oews_resolver.resolve(soc)
    assert (r.code, r.join) == (code, Join.ROLLED_UP)
    assert soc in r.note and code in r.note
    fig = occupation_figures(shipped, shipped.area("0016300"), soc)
    assert fig.code == code and fig.join is Join.ROLLED_UP


def test_rolled_up_figures_are_the_aggregates(shipped: LaborData) -> None:
    cr = shipped.area("Cedar Rapids, IA")
    fig = occupation_figures(shipped, cr, "13-1021")
    assert fig.median_wage == 68_630  # 13-1020 in Cedar Rapids (metro file line 22879)
    assert fig.as_dict()["published_code"] == "13-1020"
    assert fig.as_dict()["join"] == "rolled_up"


def test_legislators_have_projections_but_no_wages(shipped: LaborData) -> None:
    fig = occupation_figures(shipped, shipped.area("0000000"), "11-1031")
    assert fig.code == "11-1031" and fig.join is Join.EXACT
    assert fig.median_wage is None and fig.status == "not_in_area"


def test_derived_aggregates_match_the_documented_table(shipped: LaborData) -> None:
    """The data-only rule finds the same aggregates as OEWS_AGGREGATES for May 2025."""
    derived = derive_aggregates(shipped.oews_resolver.published, shipped.crosswalk_socs())
    expected = {m: agg for agg, members in OEWS_AGGREGATES.items() for m in members}
    assert derived == expected


def test_resolver_finds_a_new_aggregate_by_broad_group() -> None:
    """A newer vintage's aggregate (not in the table) is found within its broad group."""
    published = {"15-1250", "15-1299", "29-1141"}
    detailed = {"15-1251", "15-1252", "15-1299", "29-1141", "29-1151"}
    r = SocResolver(published, detailed)
    assert r.resolve("15-1252").code == "15-1250"
    assert r.resolve("29-1151").join is Join.MISSING
    assert r.resolve("29-1141").join is Join.EXACT


def test_resolver_without_soc_list_does_not_guess() -> None:
    r = SocResolver({"15-1250"})
    assert r.resolve("15-1252").join is Join.MISSING
