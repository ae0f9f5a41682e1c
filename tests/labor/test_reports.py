"""Reports: ranked credentials, pathway exits (labor panel), gap report, review flags,
and the openings-against-wage chart."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from careerpaths.core.findings import Severity, has_errors
from careerpaths.core.model import Exit, ExitKind, Pathway, Region
from careerpaths.core.terms import Term
from careerpaths.labor import store
from careerpaths.labor.classify import DEFAULT_SETTINGS
from careerpaths.labor.links import named_on_exits, read_overrides
from careerpaths.labor.reports import (
    gap_report,
    labor_panel,
    occupation_figures,
    openings_wage_chart,
    pathway_exits,
    rank_credentials,
    review_flags,
)
from careerpaths.labor.store import LaborData

DATA = Path(__file__).resolve().parent.parent / "data" / "labor"


def test_occupation_figures_carry_sources(shipped: LaborData) -> None:
    fig = occupation_figures(shipped, shipped.area("0016300"), "29-1141")
    d = fig.as_dict()
    assert d["median_wage"] == 78_370 and d["wage_source"] == "oews-2025-05"
    assert d["projection_source"] == "projections-2024-2034"
    assert d["typical_education"] == "Bachelor's degree"
    assert d["demand_basis"] == "national_scaled"
    assert fig.wage_text == "$78,370"


def test_rank_credentials(shipped: LaborData, region: Region) -> None:
    cr = shipped.area("Cedar Rapids, IA")
    ranking = rank_credentials(shipped, region.credentials.values(), cr)
    names = [r.credential.id for r in ranking.rows]
    assert names[0] == "elec"  # electricians: the most openings among counted links
    assert "weld" in names
    assert "adn" not in names  # RN is 'below' (BLS: bachelor's) and not validated
    assert all(r.rank == i for i, r in enumerate(ranking.rows, start=1))
    assert [r.openings for r in ranking.rows] == sorted(
        (r.openings for r in ranking.rows), reverse=True
    )
    assert all(lf.qualifies for r in ranking.rows for lf in r.qualifying)
    kinds = {r.credential.kind.value for r in (*ranking.rows, *ranking.others)}
    assert kinds <= {"certificate", "diploma", "aas", "aa", "as"}
    payload = ranking.as_dict()
    assert {s["key"] for s in payload["sources"]} == {
        "oews-2025-05",
        "projections-2024-2034",
        "crosswalk-2020-2018",
    }
    json.dumps(payload)  # serialisable


def test_rank_credentials_with_validation_and_pathways(shipped: LaborData, region: Region) -> None:
    cr = shipped.area("0016300")
    validated = rank_credentials(
        shipped,
        region.credentials.values(),
        cr,
        overrides=read_overrides(DATA / "labor_links_sample.csv"),
    )
    adn = next(r for r in validated.rows if r.credential.id == "adn")
    assert [lf.figures.code for lf in adn.qualifying] == ["29-1141"]
    assert adn.openings == pytest.approx(2_880 * 189_100 / 3_391_000)
    named = rank_credentials(shipped, region.credentials.values(), cr, named=named_on_exits(region))
    assert "adn" in [r.credential.id for r in named.rows]


def test_rank_counts_each_published_code_once(shipped: LaborData) -> None:
    from careerpaths.core.model import Credential, CredentialKind

    # CIP 52.0202 (Purchasing...) links 13-1021/22/23, all published as 13-1020
    cred = Credential("buy", "Purchasing", CredentialKind.AAS, "college", cip="52.0202")
    ranking = rank_credentials(shipped, [cred], shipped.area("0000000"), replace(DEFAULT_SETTINGS))
    rows = ranking.rows or ranking.others
    codes = [lf.figures.code for lf in rows[0].occupations]
    assert codes.count("13-1020") >= 1
    if ranking.rows:
        assert ranking.rows[0].openings <= sum(
            lf.figures.openings or 0 for lf in ranking.rows[0].qualifying
        )


def test_labor_panel(shipped: LaborData, region: Region) -> None:
    cr = shipped.area("0016300")
    panel = labor_panel(shipped, region, region.pathways["health"], cr)
    assert [e.credential for e in panel.exits] == ["cna", "pn", "adn"]
    cna, pn, adn = panel.exits
    assert [lf.figures.code for lf in cna.occupations] == ["31-1131"]
    assert cna.occupations[0].figures.median_wage == 39_110
    assert {lf.figures.code for lf in pn.occupations} >= {"29-2061"}  # from the crosswalk
    assert adn.occupations[0].link.basis.value == "pathway"
    assert adn.hdhw_count == 1 and adn.best_median_wage == 78_370
    grade9, adult = panel.on_ramps
    assert grade9.exits == ("cna", "pn", "adn") and adult.exits == ("pn", "adn")
    assert adult.best_median_wage == 78_370 and adult.hdhw_count == 1
    assert grade9.openings > adult.openings
    d = panel.as_dict()
    assert d["exits"][2]["occupations"][0]["wage_source"] == "oews-2025-05"
    assert {s["key"] for s in d["sources"]} >= {"oews-2025-05", "projections-2024-2034"}


def test_pathway_exits_skip_archived_and_check_id(shipped: LaborData, region: Region) -> None:
    panels = pathway_exits(shipped, region, shipped.area("0016300"))
    assert [p.pathway for p in panels] == ["aides", "health", "welding"]
    with pytest.raises(KeyError):
        pathway_exits(shipped, region, shipped.area("0016300"), pathway_id="nope")


def test_gap_report(shipped: LaborData, region: Region) -> None:
    rep = gap_report(shipped, region, shipped.area("0016300"))
    codes = [r.figures.code for r in rep.rows]
    assert "53-3032" in codes  # heavy truck drivers: HDHW, postsecondary nondegree, no pathway
    assert "29-1141" not in codes and "51-4121" not in codes  # covered by pathways
    assert "15-1252" not in codes  # bachelor's
    assert "47-1011" not in codes  # supervisors need 5 years of experience
    assert all(r.figures.hdhw for r in rep.rows)
    elec = next(r for r in rep.rows if r.figures.code == "47-2111")
    assert elec.region_credentials == ("elec",)  # a credential exists but no pathway
    assert ("46.0302", "Electrician") in elec.programs
    trucks = next(r for r in rep.rows if r.figures.code == "53-3032")
    assert all(c != "99.9999" for c, _ in trucks.programs)
    openings = [r.figures.openings or 0 for r in rep.rows]
    assert openings == sorted(openings, reverse=True)
    with_exp = gap_report(shipped, region, shipped.area("0016300"), include_experienced=True)
    assert "47-1011" in [r.figures.code for r in with_exp.rows]
    assert rep.as_dict()["sources"]


def test_review_flags(shipped: LaborData, region: Region) -> None:
    findings = review_flags(shipped, region, shipped.area("0016300"))
    codes = {(f.where.pathway, f.code) for f in findings}
    assert ("health", "labor.target-not-high-wage") in codes  # nursing assistants
    assert ("aides", "labor.target-rolled-up") in codes  # 31-1121 → 31-1120
    assert ("aides", "labor.target-no-data") in codes  # 55-3016 military
    assert ("aides", "labor.pathway-no-qualifying-target") in codes
    assert ("health", "labor.exit-below-typical-entry") in codes  # ADN → RN, not validated
    assert not any(f.where.pathway == "old" for f in findings)  # archived
    assert not any(
        f.code == "labor.pathway-no-qualifying-target" and f.where.pathway in ("health", "welding")
        for f in findings
    )
    assert has_errors(findings)
    nw = next(
        f
        for f in findings
        if f.code == "labor.target-not-high-wage" and f.where.pathway == "health"
    )
    assert "$39,110" in nw.message and "$49,360" in nw.message and "May 2025" in nw.message
    assert nw.severity is Severity.WARNING and nw.data["soc"] == "31-1131"


def test_validation_clears_the_exit_flag(shipped: LaborData, region: Region) -> None:
    overrides = read_overrides(DATA / "labor_links_sample.csv")
    findings = review_flags(
        shipped, region, shipped.area("0016300"), overrides=overrides, pathway_id="health"
    )
    assert not any(
        f.code == "labor.exit-below-typical-entry" and f.where.credential == "adn" for f in findings
    )


def test_flags_say_when_the_previous_vintage_met_the_thresholds(
    home: Path, region: Region, tmp_path: Path
) -> None:
    """A newer (here: synthetic) OEWS vintage in which Cedar Rapids welders earn less."""
    lines = (DATA / "oews_may2025_sample.csv").read_text().splitlines()
    cr_rows = [line for line in lines if line.startswith("0016300")]
    welder = (
        '0016300,M,19,"Cedar Rapids, IA",51-4121,"Welders, Cutters, Solderers, and Brazers",3,'
        "560,5.0,20.00,41600,1.3,15.00,17.00,20.00,22.00,25.00,31200,35360,41600,45760,52000,"
        "4.000,1.49,"
    )
    path = tmp_path / "synthetic_oews.csv"
    path.write_text("\n".join([lines[0], *cr_rows, welder]) + "\n")
    store.UserStore().import_file("oews", path, vintage="May 2026")
    data = store.load()
    area = data.area("0016300")
    findings = review_flags(data, region, area, pathway_id="welding")
    nw = next(f for f in findings if f.code == "labor.target-not-high-wage")
    assert "May 2026" in nw.message
    assert "it met the threshold in BLS OEWS, May 2025" in nw.message
    assert nw.data["previously_high_wage"] is True


def test_no_targets_flag(shipped: LaborData, region: Region) -> None:
    p = Pathway(
        "bare",
        "Bare",
        "x",
        "d",
        "c",
        exits=(Exit("weld", Term.parse("G12-SP"), ExitKind.OFF_RAMP),),
    )
    r = replace(region, pathways={"bare": p})
    findings = review_flags(shipped, r, shipped.area("0016300"))
    assert [f.code for f in findings] == ["labor.pathway-no-targets"]


def test_chart_is_self_contained_svg(shipped: LaborData, region: Region) -> None:
    ranking = rank_credentials(shipped, region.credentials.values(), shipped.area("0016300"))
    svg = openings_wage_chart(
        ranking.chart_rows(),
        wage_threshold=ranking.baseline.wage_threshold,
        openings_threshold=ranking.baseline.openings_threshold,
        sources=[d.citation for d in ranking.sources],
    )
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in svg and "<script" not in svg
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    # one point per occupation, each with its figures as a tooltip (<title>)
    tips = [
        "".join(t.itertext())
        for shape in root.iter("{http://www.w3.org/2000/svg}path")
        for t in shape.findall("{http://www.w3.org/2000/svg}title")
    ]
    assert len(tips) == len(ranking.chart_rows())
    assert all("openings a year" in tip for tip in tips)
    assert "BLS OEWS, May 2025" in svg and "wage threshold" in svg
    assert "Electricians" in svg


def test_chart_with_nothing_to_plot() -> None:
    svg = openings_wage_chart([])
    ET.fromstring(svg)
    assert "No occupation" in svg


def test_chart_words_come_from_its_text() -> None:
    """The web app passes the words translated; the figures are the same."""
    from careerpaths.labor.chart import ChartText

    spanish = ChartText(nothing="Ninguna ocupación", source="Fuente: %(source)s")
    svg = openings_wage_chart([], sources=["BLS OEWS, May 2025"], text=spanish)
    assert "Ninguna ocupación" in svg and "Fuente: BLS OEWS, May 2025" in svg
    assert "No occupation" not in svg


def test_the_occupation_report_owns_its_rows_json_and_sources(shipped: LaborData) -> None:
    from careerpaths.labor.reports import OccupationNotFound, occupation_report

    areas = [shipped.area("0000000"), shipped.area("Cedar Rapids, IA")]
    report = occupation_report(shipped, "29-1141", areas)
    rows = report.table_rows()
    assert [r[4] for r in rows] == [a.code for a in areas]
    assert all(len(r) == len(report.TABLE_COLUMNS) for r in rows)
    payload = report.as_dict()
    assert payload["soc"] == "29-1141" and len(payload["figures"]) == 2
    cited = {c for r in rows for c in r[-2:] if c}
    assert cited and cited <= {d.citation for d in report.sources}  # each figure's source listed
    json.dumps(payload)
    with pytest.raises(OccupationNotFound):
        occupation_report(shipped, "99-9998", areas[:1])
