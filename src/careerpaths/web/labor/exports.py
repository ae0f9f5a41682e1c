"""CSV downloads of the labor reports: the same columns as ``careerpaths labor … --format csv``,
with the area and the source of every figure on each row."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from careerpaths.io import csvsafe
from careerpaths.labor.reports import CredentialRanking, GapReport
from careerpaths.labor.store import Dataset
from careerpaths.web.labor.selectors import PathwayFlags


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    w = csvsafe.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def _cite(sources: Sequence[Dataset], key: str | None) -> str:
    if key is None:
        return ""
    return next((d.citation for d in sources if d.key == key), key)


def ranking_csv(ranking: CredentialRanking) -> str:
    """Every credential (ranked first, then the others): rows and columns are the
    report's own (``CredentialRanking.table_rows``), as in ``careerpaths labor
    credentials --all --format csv``."""
    return _csv(ranking.TABLE_COLUMNS, ranking.table_rows(include_others=True))


def gaps_csv(report: GapReport) -> str:
    src = report.sources
    return _csv(
        [
            "soc",
            "title",
            "area",
            "area_name",
            "median_wage",
            "median_wage_topcoded",
            "annual_openings",
            "growth_pct",
            "demand_basis",
            "typical_education",
            "programs",
            "region_credentials_not_on_a_pathway",
            "wage_source",
            "projection_source",
        ],
        (
            [
                r.figures.code,
                r.figures.title,
                report.area.code,
                report.area.name,
                None if r.figures.median_wage is None else round(r.figures.median_wage),
                r.figures.wage_topcoded,
                None if r.figures.openings is None else round(r.figures.openings, 1),
                r.figures.growth_pct,
                None if r.figures.demand_basis is None else r.figures.demand_basis.value,
                r.figures.typical_education,
                "; ".join(f"{c} {t}" for c, t in r.programs),
                "; ".join(r.region_credentials),
                _cite(src, r.figures.wage_source),
                _cite(src, r.figures.projection_source),
            ]
            for r in report.rows
        ),
    )


def flags_csv(groups: Sequence[PathwayFlags], area_code: str) -> str:
    return _csv(
        ["pathway", "pathway_name", "area", "severity", "code", "credential", "soc", "message"],
        (
            [
                g.pathway,
                g.name,
                area_code,
                f.severity.value,
                f.code,
                f.where.credential,
                f.data.get("soc"),
                f.message,
            ]
            for g in groups
            for f in g.findings
        ),
    )
