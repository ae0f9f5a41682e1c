"""Labor-market reports for the command line and the web app.

* :func:`occupation_figures`: one occupation in one area (wages, openings, growth,
  classification, typical entry education), with the dataset of every figure;
* :func:`rank_credentials`: certificates and associate degrees ranked by the
  high-demand, high-wage jobs they lead to in an area;
* :func:`labor_panel` / :func:`pathway_exits`: each pathway's exits (off-ramps) with
  their occupations, and what is reachable from each on-ramp: the pathway map's panel;
* :func:`gap_report`: high-demand, high-wage occupations reachable with an associate
  degree or less that no pathway of the region leads to;
* :func:`review_flags`: pathways whose target occupations no longer meet the
  thresholds in the newest loaded vintage, as :class:`~careerpaths.core.findings.Finding`;
* :func:`openings_wage_chart`: openings against median wage, a self-contained SVG.

Every report carries ``sources`` (the :class:`~careerpaths.labor.store.Dataset` of
every figure in it) and its ``as_dict()`` puts them under a ``sources`` key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from careerpaths.core.findings import Finding, Severity, Where, sort_findings
from careerpaths.core.model import (
    Credential,
    CredentialKind,
    ExitKind,
    Pathway,
    PathwayStatus,
    Region,
)
from careerpaths.core.terms import Term
from careerpaths.labor.chart import openings_wage_chart
from careerpaths.labor.classify import (
    DEFAULT_SETTINGS,
    AreaBaseline,
    AreaClassification,
    ClassificationSettings,
    Classified,
    DemandBasis,
    classify_area,
    classify_rows,
    previous_national_rates,
)
from careerpaths.labor.links import (
    EDUCATION_RANK,
    LinkBasis,
    LinkOverride,
    OccupationLink,
    credential_links,
    make_link,
)
from careerpaths.labor.rollup import Join, normalize_soc
from careerpaths.labor.store import (
    NO_MATCH_CIP,
    ONET_ATTRIBUTION,
    Area,
    Dataset,
    LaborData,
    OnetOccupation,
)

__all__ = [
    "RANKED_KINDS",
    "CredentialRanking",
    "ExitLabor",
    "GapReport",
    "LaborPanel",
    "OccupationFigures",
    "gap_report",
    "labor_panel",
    "occupation_figures",
    "openings_wage_chart",
    "pathway_exits",
    "rank_credentials",
    "review_flags",
]

#: Credentials ranked by :func:`rank_credentials`: certificates and associate degrees.
RANKED_KINDS: frozenset[CredentialKind] = frozenset(
    {
        CredentialKind.CERTIFICATE,
        CredentialKind.DIPLOMA,
        CredentialKind.AAS,
        CredentialKind.AA,
        CredentialKind.AS,
    }
)


def money(v: float | None, topcoded: bool = False) -> str:
    if v is None:
        return "—"
    return ("≥ " if topcoded else "") + f"${v:,.0f}"


# ------------------------------------------------------------------ figures


@dataclass(frozen=True)
class OccupationFigures:
    """One occupation in one area, with where each figure comes from.

    ``soc`` is the code asked for; ``code`` the published code the figures are for
    (different when rolled up: ``join`` says how). ``status``: ``ok``; ``not_in_area``
    (BLS publishes no estimate for the area); ``missing`` (no published figure covers
    the code).
    """

    soc: str
    code: str | None
    join: Join
    join_note: str
    title: str
    area: str
    status: str
    employment: int | None = None
    median_wage: float | None = None
    wage_annualised: bool = False
    wage_topcoded: bool = False
    hourly_median: float | None = None
    pct25_wage: int | None = None
    pct75_wage: int | None = None
    openings: float | None = None
    growth_pct: float | None = None
    high_wage: bool | None = None
    high_demand: bool | None = None
    demand_basis: DemandBasis | None = None
    typical_education: str | None = None
    training: str | None = None
    wage_source: str | None = None
    projection_source: str | None = None
    datasets: tuple[int, ...] = ()

    @property
    def hdhw(self) -> bool:
        return self.high_wage is True and self.high_demand is True

    @property
    def wage_text(self) -> str:
        if self.median_wage is None:
            return "not released" if self.status == "ok" else "—"
        text = money(self.median_wage, self.wage_topcoded)
        if self.wage_annualised and self.hourly_median is not None:
            text += f" (${self.hourly_median:,.2f}/hr x hours; hourly only)"
        return text

    @property
    def openings_text(self) -> str:
        return "—" if self.openings is None else f"{self.openings:,.0f}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "soc": self.soc,
            "published_code": self.code,
            "join": self.join.value,
            "join_note": self.join_note or None,
            "title": self.title,
            "area": self.area,
            "status": self.status,
            "employment": self.employment,
            "median_wage": None if self.median_wage is None else round(self.median_wage),
            "median_wage_topcoded": self.wage_topcoded,
            "median_wage_annualised_from_hourly": self.wage_annualised,
            "hourly_median": self.hourly_median,
            "pct25_wage": self.pct25_wage,
            "pct75_wage": self.pct75_wage,
            "annual_openings": None if self.openings is None else round(self.openings, 1),
            "growth_pct": self.growth_pct,
            "high_wage": self.high_wage,
            "high_demand": self.high_demand,
            "high_demand_high_wage": self.hdhw,
            "demand_basis": None if self.demand_basis is None else self.demand_basis.value,
            "typical_education": self.typical_education,
            "typical_training": self.training,
            "wage_source": self.wage_source,
            "projection_source": self.projection_source,
        }


def occupation_figures(
    data: LaborData,
    area: Area,
    soc: str,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    classification: AreaClassification | None = None,
) -> OccupationFigures:
    """Figures for ``soc`` in ``area``, rolled up to the published code when needed."""
    soc = normalize_soc(soc)
    res = data.oews_resolver.resolve(soc)
    pres = data.projection_resolver.resolve(soc)
    code = res.code or pres.code
    join, note = (res.join, res.note) if res.code else (pres.join, pres.note)
    title = data.title(code or soc)
    if code is None:
        return OccupationFigures(soc, None, join, note, title, area.code, "missing")
    proj = data.projection(pres.code) if pres.code else None
    cls = classification or classify_area(data, area, settings)
    c: Classified | None = cls.get(code)
    oews = data.oews(area, code) if res.code else None
    datasets: list[int] = []
    wage_src = proj_src = None
    if oews is not None:
        datasets.append(oews.dataset)
        wage_src = data.dataset(oews.dataset).key
    if c is not None and c.openings is not None:
        if c.basis in (DemandBasis.STATE, DemandBasis.STATE_SCALED):
            sds = data.state_projections_dataset(area.state)
        else:
            sds = data.projections_dataset
        if sds is not None:
            datasets.append(sds.id)
            proj_src = sds.key
    if proj is not None and proj.dataset not in datasets:
        datasets.append(proj.dataset)
    if c is None:
        return OccupationFigures(
            soc,
            code,
            join,
            note,
            title,
            area.code,
            "not_in_area" if oews is None else "ok",
            employment=oews.employment if oews else None,
            typical_education=proj.education if proj else None,
            training=proj.training if proj else None,
            wage_source=wage_src,
            datasets=tuple(datasets),
        )
    return OccupationFigures(
        soc,
        code,
        join,
        note,
        title,
        area.code,
        "ok",
        employment=c.employment,
        median_wage=c.median_wage,
        wage_annualised=c.wage_annualised,
        wage_topcoded=c.wage_topcoded,
        hourly_median=oews.hourly_median if oews else None,
        pct25_wage=oews.annual_pct25 if oews else None,
        pct75_wage=oews.annual_pct75 if oews else None,
        openings=c.openings,
        growth_pct=c.growth_pct,
        high_wage=c.high_wage,
        high_demand=c.high_demand,
        demand_basis=c.basis,
        typical_education=proj.education if proj else None,
        training=proj.training if proj else None,
        wage_source=wage_src,
        projection_source=proj_src,
        datasets=tuple(datasets),
    )


@dataclass
class _Sources:
    data: LaborData
    ids: list[int] = field(default_factory=list)

    def add(self, ids: Iterable[int | None]) -> None:
        for i in ids:
            if i is not None and i not in self.ids:
                self.ids.append(i)

    def baseline(self, b: AreaBaseline) -> None:
        self.add([b.oews_dataset, b.projection_dataset])

    def result(self) -> tuple[Dataset, ...]:
        return tuple(self.data.dataset(i) for i in self.ids)


def sources_json(sources: Sequence[Dataset]) -> list[dict[str, Any]]:
    return [s.as_dict() for s in sources]


@dataclass(frozen=True)
class LinkedFigure:
    """An occupation link with its figures in the area."""

    link: OccupationLink
    figures: OccupationFigures

    @property
    def qualifies(self) -> bool:
        """The link counts (level fits or employer-validated) and the job is HDHW."""
        return self.link.counts and self.figures.hdhw

    def as_dict(self) -> dict[str, Any]:
        out = self.figures.as_dict()
        out.update(
            {
                "link_basis": self.link.basis.value,
                "education_fit": self.link.fit.value,
                "work_experience": self.link.experience,
                "link_counts": self.link.counts,
                "qualifies": self.qualifies,
            }
        )
        if self.link.override is not None:
            out["validated_by"] = self.link.override.validated_by
            out["validated_on"] = self.link.override.validated_on.isoformat()
        return out


def _sorted_links(items: Iterable[LinkedFigure]) -> tuple[LinkedFigure, ...]:
    return tuple(
        sorted(
            items,
            key=lambda lf: (
                not lf.qualifies,
                -(lf.figures.openings or 0),
                lf.figures.title,
            ),
        )
    )


def _unique_openings(items: Iterable[LinkedFigure]) -> float:
    seen: dict[str, float] = {}
    for lf in items:
        if lf.figures.code and lf.figures.openings is not None:
            seen[lf.figures.code] = lf.figures.openings
    return sum(seen.values())


def _best_wage(items: Iterable[LinkedFigure]) -> float | None:
    wages = [lf.figures.median_wage for lf in items if lf.figures.median_wage is not None]
    return max(wages) if wages else None


# ------------------------------------------------------------------ ranked credentials


@dataclass(frozen=True)
class RankedCredential:
    rank: int
    credential: Credential
    cip: str | None
    cip_title: str
    occupations: tuple[LinkedFigure, ...]
    qualifying: tuple[LinkedFigure, ...]
    openings: float  # qualifying occupations' annual openings (each published code once)
    best_median_wage: float | None
    problems: tuple[str, ...]
    removed: tuple[LinkOverride, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "credential": self.credential.id,
            "name": self.credential.name,
            "kind": self.credential.kind.value,
            "issuer": self.credential.issuer,
            "cip": self.cip,
            "cip_title": self.cip_title,
            "qualifying_occupations": len(self.qualifying),
            "annual_openings": round(self.openings, 1),
            "best_median_wage": None
            if self.best_median_wage is None
            else round(self.best_median_wage),
            "occupations": [lf.as_dict() for lf in self.occupations],
            "removed_links": [o.as_dict() for o in self.removed],
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class CredentialRanking:
    area: Area
    baseline: AreaBaseline
    rows: tuple[RankedCredential, ...]  # credentials leading to HDHW jobs, ranked
    others: tuple[RankedCredential, ...]  # the rest (rank 0)
    sources: tuple[Dataset, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": "credentials",
            "area": self.area.as_dict(),
            "baseline": self.baseline.as_dict(),
            "rule": "ranked by annual openings in the high-demand, high-wage occupations the "
            "credential leads to (level fits BLS typical entry education, or the link is "
            "employer-validated); ties by best median wage",
            "rows": [r.as_dict() for r in self.rows],
            "not_leading_to_high_demand_high_wage": [r.as_dict() for r in self.others],
            "sources": sources_json(self.sources),
        }

    #: The columns of the credential ranking as a table (CSV in the CLI and the web).
    TABLE_COLUMNS: ClassVar[tuple[str, ...]] = (
        "rank",
        "credential",
        "name",
        "kind",
        "cip",
        "cip_title",
        "area",
        "area_name",
        "qualifying_occupations",
        "annual_openings",
        "best_median_wage",
        "occupations",
        "wage_source",
        "projection_source",
    )

    def table_rows(self, *, include_others: bool = True) -> list[list[Any]]:
        """The ranking as rows of :attr:`TABLE_COLUMNS` (ranked credentials first, then,
        with ``include_others``, those not leading to a high-demand, high-wage job)."""

        def cite(key: str | None) -> str:
            if key is None:
                return ""
            return next((d.citation for d in self.sources if d.key == key), key)

        rows = (*self.rows, *self.others) if include_others else self.rows
        return [
            [
                r.rank or "",
                r.credential.id,
                r.credential.name,
                r.credential.kind.value,
                r.cip,
                r.cip_title,
                self.area.code,
                self.area.name,
                len(r.qualifying),
                round(r.openings, 1),
                None if r.best_median_wage is None else round(r.best_median_wage),
                "; ".join(f"{lf.figures.code} {lf.figures.title}" for lf in r.qualifying),
                cite(next((lf.figures.wage_source for lf in r.qualifying), None)),
                cite(next((lf.figures.projection_source for lf in r.qualifying), None)),
            ]
            for r in rows
        ]

    def chart_rows(self) -> list[OccupationFigures]:
        seen: dict[str, OccupationFigures] = {}
        for r in self.rows:
            for lf in r.occupations:
                if lf.link.counts and lf.figures.code and lf.figures.median_wage is not None:
                    seen.setdefault(lf.figures.code, lf.figures)
        return list(seen.values())


def rank_credentials(
    data: LaborData,
    credentials: Iterable[Credential],
    area: Area,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    overrides: Sequence[LinkOverride] = (),
    kinds: frozenset[CredentialKind] = RANKED_KINDS,
    named: Mapping[str, Sequence[str]] | None = None,
) -> CredentialRanking:
    """Rank ``credentials`` of ``kinds`` by the HDHW jobs they lead to in ``area``.

    Score = total projected annual openings in the qualifying occupations (HDHW in the
    area, and the credential's level fits BLS's typical entry education or the link is
    employer-validated, or a pathway exit names it: ``named``, see
    :func:`~careerpaths.labor.links.named_on_exits`), each published code counted once;
    ties by best median wage.
    """
    cls = classify_area(data, area, settings)
    src = _Sources(data)
    src.baseline(cls.baseline)
    if data.crosswalk_dataset:
        src.add([data.crosswalk_dataset.id])
    scored: list[RankedCredential] = []
    for cred in credentials:
        if cred.kind not in kinds:
            continue
        cl = credential_links(data, cred, overrides, (named or {}).get(cred.id, ()))
        items = [
            LinkedFigure(link, occupation_figures(data, area, link.soc, settings, cls))
            for link in cl.links
        ]
        for lf in items:
            src.add(lf.figures.datasets)
        qual = [lf for lf in items if lf.qualifies]
        scored.append(
            RankedCredential(
                0,
                cred,
                cl.cip,
                cl.cip_title,
                _sorted_links(items),
                _sorted_links(qual),
                _unique_openings(qual),
                _best_wage(qual),
                cl.problems,
                cl.removed,
            )
        )
    leading = sorted(
        (r for r in scored if r.qualifying),
        key=lambda r: (-r.openings, -(r.best_median_wage or 0), r.credential.name),
    )
    ranked = tuple(
        RankedCredential(
            i,
            *(
                getattr(r, f)
                for f in (
                    "credential",
                    "cip",
                    "cip_title",
                    "occupations",
                    "qualifying",
                    "openings",
                    "best_median_wage",
                    "problems",
                    "removed",
                )
            ),
        )
        for i, r in enumerate(leading, start=1)
    )
    others = tuple(sorted((r for r in scored if not r.qualifying), key=lambda r: r.credential.name))
    return CredentialRanking(area, cls.baseline, ranked, others, src.result())


# ------------------------------------------------------------------ pathway exits


@dataclass(frozen=True)
class ExitLabor:
    """One exit (off-ramp, milestone or transfer) with its occupations in the area."""

    pathway: str
    credential: str
    credential_name: str
    credential_kind: CredentialKind | None
    term: Term
    exit_kind: ExitKind
    occupations: tuple[LinkedFigure, ...]
    problems: tuple[str, ...]

    @property
    def openings(self) -> float:
        return _unique_openings(lf for lf in self.occupations if lf.link.counts)

    @property
    def best_median_wage(self) -> float | None:
        return _best_wage(lf for lf in self.occupations if lf.link.counts)

    @property
    def hdhw_count(self) -> int:
        return sum(1 for lf in self.occupations if lf.qualifies)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pathway": self.pathway,
            "credential": self.credential,
            "credential_name": self.credential_name,
            "credential_kind": None if self.credential_kind is None else self.credential_kind.value,
            "term": self.term.id,
            "term_label": self.term.label,
            "exit_kind": self.exit_kind.value,
            "annual_openings": round(self.openings, 1),
            "best_median_wage": None
            if self.best_median_wage is None
            else round(self.best_median_wage),
            "high_demand_high_wage_occupations": self.hdhw_count,
            "occupations": [lf.as_dict() for lf in self.occupations],
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class OnRampLabor:
    """What a student joining at an on-ramp can reach: the exits after it."""

    term: Term
    label: str
    exits: tuple[str, ...]  # credential ids
    openings: float
    best_median_wage: float | None
    hdhw_count: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "term": self.term.id,
            "term_label": self.term.label,
            "label": self.label,
            "exits": list(self.exits),
            "annual_openings": round(self.openings, 1),
            "best_median_wage": None
            if self.best_median_wage is None
            else round(self.best_median_wage),
            "high_demand_high_wage_occupations": self.hdhw_count,
        }


@dataclass(frozen=True)
class LaborPanel:
    """The labor panel of a pathway map: every off-ramp and every on-ramp."""

    pathway: str
    pathway_name: str
    area: Area
    baseline: AreaBaseline
    exits: tuple[ExitLabor, ...]
    on_ramps: tuple[OnRampLabor, ...]
    sources: tuple[Dataset, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "pathway": self.pathway,
            "pathway_name": self.pathway_name,
            "area": self.area.as_dict(),
            "baseline": self.baseline.as_dict(),
            "exits": [e.as_dict() for e in self.exits],
            "on_ramps": [o.as_dict() for o in self.on_ramps],
            "sources": sources_json(self.sources),
        }


def _exit_links(
    data: LaborData,
    region: Region,
    pathway: Pathway,
    credential: Credential | None,
    credential_id: str,
    exit_occupations: Sequence[str],
    overrides: Sequence[LinkOverride],
    milestone: bool = False,
) -> tuple[list[OccupationLink], list[str]]:
    """An exit's links: the SOC codes named on it (with any employer validation), else
    its credential's links (not for a milestone, which is not a place to leave)."""
    problems: list[str] = []
    kind = credential.kind if credential else None
    if credential is None:
        problems.append(f"credential {credential_id!r} is not in the region")
    if exit_occupations:
        links = []
        for soc in exit_occupations:
            try:
                code = normalize_soc(soc)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            mine = [o for o in overrides if o.credential == credential_id and o.soc == code]
            latest = max(mine, key=lambda o: o.validated_on) if mine else None
            links.append(make_link(data, credential_id, kind, code, LinkBasis.PATHWAY, latest))
        return links, problems
    if credential is None or milestone:
        return [], problems
    cl = credential_links(data, credential, overrides)
    return list(cl.links), problems + list(cl.problems)


def labor_panel(
    data: LaborData,
    region: Region,
    pathway: Pathway,
    area: Area,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    overrides: Sequence[LinkOverride] = (),
) -> LaborPanel:
    """Each exit's occupations (the exit's own SOC codes, else its credential's links)
    with median wage and openings in ``area``, and the same summed per on-ramp."""
    cls = classify_area(data, area, settings)
    src = _Sources(data)
    src.baseline(cls.baseline)
    exits: list[ExitLabor] = []
    for ex in sorted(pathway.exits, key=lambda e: e.term):
        cred = region.credentials.get(ex.credential)
        links, problems = _exit_links(
            data,
            region,
            pathway,
            cred,
            ex.credential,
            ex.occupations,
            overrides,
            ex.kind is ExitKind.MILESTONE,
        )
        items = [
            LinkedFigure(link, occupation_figures(data, area, link.soc, settings, cls))
            for link in links
        ]
        for lf in items:
            src.add(lf.figures.datasets)
        if not ex.occupations and cred is not None and data.crosswalk_dataset:
            src.add([data.crosswalk_dataset.id])
        exits.append(
            ExitLabor(
                pathway.id,
                ex.credential,
                cred.name if cred else ex.credential,
                cred.kind if cred else None,
                ex.term,
                ex.kind,
                _sorted_links(items),
                tuple(problems),
            )
        )
    ramps = list(pathway.on_ramps)
    starts: list[tuple[Term, str]] = [(r.term, r.label) for r in ramps]
    if not starts:
        first = min(
            [p.term for p in pathway.placements] + [e.term for e in pathway.exits],
            default=Term.parse("G9-FA"),
        )
        starts = [(first, "Start of the pathway")]
    on_ramps: list[OnRampLabor] = []
    for term, label in sorted(starts):
        reach = [e for e in exits if e.term >= term]
        counted = [lf for e in reach for lf in e.occupations if lf.link.counts]
        hdhw = {lf.figures.code for e in reach for lf in e.occupations if lf.qualifies}
        on_ramps.append(
            OnRampLabor(
                term,
                label,
                tuple(e.credential for e in reach),
                _unique_openings(counted),
                _best_wage(counted),
                len(hdhw),
            )
        )
    return LaborPanel(
        pathway.id,
        pathway.name,
        area,
        cls.baseline,
        tuple(exits),
        tuple(on_ramps),
        src.result(),
    )


def pathway_exits(
    data: LaborData,
    region: Region,
    area: Area,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    overrides: Sequence[LinkOverride] = (),
    pathway_id: str | None = None,
) -> list[LaborPanel]:
    """:func:`labor_panel` for every pathway of the region (or one); archived skipped."""
    if pathway_id is not None and pathway_id not in region.pathways:
        raise KeyError(pathway_id)
    out: list[LaborPanel] = []
    for pid in sorted(region.pathways):
        p = region.pathways[pid]
        if pathway_id is not None and pid != pathway_id:
            continue
        if pathway_id is None and p.status is PathwayStatus.ARCHIVED:
            continue
        out.append(labor_panel(data, region, p, area, settings, overrides))
    return out


# ------------------------------------------------------------------ gap report


@dataclass(frozen=True)
class GapRow:
    figures: OccupationFigures
    programs: tuple[tuple[str, str], ...]  # (CIP, title) leading to it per the crosswalk
    region_credentials: tuple[str, ...]  # region credentials linking to it, not on a pathway

    def as_dict(self) -> dict[str, Any]:
        out = self.figures.as_dict()
        out["programs"] = [{"cip": c, "title": t} for c, t in self.programs]
        out["region_credentials_not_on_a_pathway"] = list(self.region_credentials)
        return out


@dataclass(frozen=True)
class GapReport:
    area: Area
    baseline: AreaBaseline
    max_education: str
    rows: tuple[GapRow, ...]
    covered: tuple[str, ...]  # published codes some pathway leads to
    sources: tuple[Dataset, ...]
    include_experienced: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": "gap",
            "include_experienced": self.include_experienced,
            "area": self.area.as_dict(),
            "baseline": self.baseline.as_dict(),
            "rule": "high-demand, high-wage occupations in the area whose BLS typical entry "
            f"education is {self.max_education} or less"
            + ("" if self.include_experienced else " and need no related work experience")
            + ", that no pathway leads to",
            "rows": [r.as_dict() for r in self.rows],
            "covered_by_pathways": list(self.covered),
            "sources": sources_json(self.sources),
        }


def pathway_targets(
    data: LaborData,
    region: Region,
    pathway: Pathway,
    overrides: Sequence[LinkOverride] = (),
    *,
    with_credential_links: bool = True,
) -> dict[str, OccupationLink]:
    """The occupations a pathway leads to, by SOC: its targets, its exits' SOC codes and
    (unless told not to) its off-ramp credentials' counted links."""
    out: dict[str, OccupationLink] = {}
    for soc in pathway.occupations:
        try:
            code = normalize_soc(soc)
        except ValueError:
            continue
        out.setdefault(code, make_link(data, "", None, code, LinkBasis.PATHWAY))
    for ex in pathway.exits:
        if not ex.occupations and not with_credential_links:
            continue
        cred = region.credentials.get(ex.credential)
        links, _ = _exit_links(
            data, region, pathway, cred, ex.credential, ex.occupations, overrides
        )
        for link in links:
            if link.basis is LinkBasis.PATHWAY or link.counts:
                out.setdefault(link.soc, link)
    return out


def gap_report(
    data: LaborData,
    region: Region,
    area: Area,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    overrides: Sequence[LinkOverride] = (),
    max_education: str = "Associate's degree",
    include_experienced: bool = False,
) -> GapReport:
    """HDHW occupations in ``area`` reachable with ``max_education`` or less (BLS typical
    entry education) that no pathway (not archived) of ``region`` leads to. Occupations
    for which BLS gives related work experience as typical for entry (supervisors,
    managers) are left out unless ``include_experienced``."""
    if max_education not in EDUCATION_RANK:
        raise ValueError(f"{max_education!r} is not a BLS education category")
    limit = EDUCATION_RANK[max_education]
    cls = classify_area(data, area, settings)
    src = _Sources(data)
    src.baseline(cls.baseline)
    covered: set[str] = set()
    for p in region.pathways.values():
        if p.status is PathwayStatus.ARCHIVED:
            continue
        for link in pathway_targets(data, region, p, overrides).values():
            if link.resolution.code:
                covered.add(link.resolution.code)
    on_pathways = {ex.credential for p in region.pathways.values() for ex in p.exits}
    by_code: dict[str, list[str]] = {}
    for cred in region.credentials.values():
        if cred.id in on_pathways:
            continue
        for link in credential_links(data, cred, overrides).links:
            if link.counts and link.resolution.code:
                by_code.setdefault(link.resolution.code, []).append(cred.id)
    rows: list[GapRow] = []
    for code, c in cls.rows.items():
        if not c.hdhw or code in covered:
            continue
        proj = data.projection(code)
        edu = proj.education if proj else None
        if edu is None or EDUCATION_RANK.get(edu, 99) > limit:
            continue
        if not include_experienced and proj is not None and proj.experience not in (None, "None"):
            continue
        fig = occupation_figures(data, area, code, settings, cls)
        src.add(fig.datasets)
        members = [code, *data.rolled_up_members().get(code, [])]
        programs: list[tuple[str, str]] = []
        for m in members:
            for cip in data.cips_for(m):
                if cip != NO_MATCH_CIP and all(cip != p[0] for p in programs):
                    programs.append((cip, data.cip_title(cip)))
        rows.append(GapRow(fig, tuple(sorted(programs)), tuple(sorted(by_code.get(code, [])))))
    if rows and data.crosswalk_dataset:
        src.add([data.crosswalk_dataset.id])
    rows.sort(key=lambda r: (-(r.figures.openings or 0), r.figures.title))
    return GapReport(
        area,
        cls.baseline,
        max_education,
        tuple(rows),
        tuple(sorted(covered)),
        src.result(),
        include_experienced,
    )


# ------------------------------------------------------------------ review flags


def _previous_classification(
    data: LaborData, area: Area, settings: ClassificationSettings
) -> tuple[AreaClassification, str] | None:
    """The area classified with the previous loaded vintage, if one is loaded."""
    prev_oews = data.previous_oews_dataset(area)
    prev_proj = data.previous_projections_dataset
    if prev_oews is None and prev_proj is None:
        return None
    key = ("previous-classification", area.code, settings)
    if key in data.cache:
        hit: tuple[AreaClassification, str] = data.cache[key]
        return hit
    prev_area = Area(
        area.code, area.type, area.state, area.name, prev_oews.id if prev_oews else area.dataset
    )
    cls = classify_rows(
        data, prev_area, data.oews_rows(prev_area), settings, previous_national_rates(data)
    )
    parts = [d.citation for d in (prev_oews, prev_proj) if d is not None]
    result = (cls, " and ".join(parts))
    data.cache[key] = result
    return result


def review_flags(
    data: LaborData,
    region: Region,
    area: Area,
    settings: ClassificationSettings = DEFAULT_SETTINGS,
    overrides: Sequence[LinkOverride] = (),
    pathway_id: str | None = None,
) -> list[Finding]:
    """Findings for pathways whose target occupations do not meet the thresholds.

    Codes: ``labor.exit-below-typical-entry`` (warning: an exit names an occupation whose
    BLS typical entry education is above the credential, or needs related work
    experience, with no employer validation recorded),
    ``labor.target-not-high-wage`` / ``labor.target-not-high-demand``
    (warning; the message says when the previous vintage still met them),
    ``labor.target-no-data`` (warning: no figures for the area), ``labor.target-rolled-up``
    (info), ``labor.pathway-no-targets`` (warning) and
    ``labor.pathway-no-qualifying-target`` (error: no target is high-demand and
    high-wage in the newest vintage).
    """
    cls = classify_area(data, area, settings)
    prev = _previous_classification(data, area, settings)
    b = cls.baseline
    newest = " and ".join(
        d.citation
        for d in (data.datasets.get(b.oews_dataset), data.datasets.get(b.projection_dataset or -1))
        if d is not None
    )
    out: list[Finding] = []
    for pid in sorted(region.pathways):
        p = region.pathways[pid]
        if pathway_id is not None and pid != pathway_id:
            continue
        if p.status is PathwayStatus.ARCHIVED:
            continue
        targets = pathway_targets(data, region, p, overrides, with_credential_links=False)
        if not targets:
            out.append(
                Finding(
                    "labor.pathway-no-targets",
                    Severity.WARNING,
                    Where(pathway=pid),
                    "the pathway names no target occupations (pathway occupations or exit "
                    "SOC codes), so it cannot be checked against the labor market",
                )
            )
            continue
        for ex in p.exits:
            cred = region.credentials.get(ex.credential)
            if cred is None or not ex.occupations or ex.kind is ExitKind.TRANSFER:
                continue
            links, _ = _exit_links(data, region, p, cred, ex.credential, ex.occupations, overrides)
            for link in links:
                validated = link.override is not None and link.override.action.value == "add"
                if validated or not (link.fit.value == "below" or link.needs_experience):
                    continue
                out.append(
                    Finding(
                        "labor.exit-below-typical-entry",
                        Severity.WARNING,
                        Where(pathway=pid, term=ex.term.id, credential=ex.credential),
                        f"exit {cred.name} names {link.soc} {data.title(link.resolution.code or link.soc)}, "
                        f"for which BLS gives {link.typical_education or 'no typical education'}"
                        + (
                            f" and {link.experience} of related work experience"
                            if link.needs_experience
                            else ""
                        )
                        + " as typical for entry; record the employer validation of this link "
                        "(labor.yaml links: validated_by, validated_on) or name another occupation",
                        {
                            "soc": link.soc,
                            "education_fit": link.fit.value,
                            "typical_education": link.typical_education,
                            "work_experience": link.experience,
                        },
                    )
                )
        qualifying = 0
        known = 0
        for soc in sorted(targets):
            fig = occupation_figures(data, area, soc, settings, cls)
            where = Where(pathway=pid, credential=targets[soc].credential or None)
            base_data: dict[str, Any] = {
                "soc": soc,
                "area": area.code,
                "figures": fig.as_dict(),
                "wage_threshold": b.wage_threshold,
                "openings_threshold": b.openings_threshold,
                "vintage": newest,
            }
            if fig.join is Join.ROLLED_UP:
                out.append(
                    Finding(
                        "labor.target-rolled-up",
                        Severity.INFO,
                        where,
                        f"{soc} {fig.title}: figures are those of {fig.code} ({fig.join_note})",
                        base_data,
                    )
                )
            if fig.status != "ok" or (fig.high_wage is None and fig.high_demand is None):
                why = {
                    "missing": "BLS publishes no figures for it",
                    "not_in_area": f"BLS publishes no estimate for it in {area.name}",
                }.get(fig.status, "its wage and openings are not released for the area")
                out.append(
                    Finding(
                        "labor.target-no-data",
                        Severity.WARNING,
                        where,
                        f"target {soc} {fig.title}: {why}",
                        base_data,
                    )
                )
                continue
            known += 1
            if fig.hdhw:
                qualifying += 1
                continue
            before = prev[0].get(fig.code or "") if prev else None
            prev_vintage = prev[1] if prev else ""
            if fig.high_wage is False:
                was = (
                    f"; it met the threshold in {prev_vintage}"
                    if before is not None and before.high_wage
                    else ""
                )
                out.append(
                    Finding(
                        "labor.target-not-high-wage",
                        Severity.WARNING,
                        where,
                        f"target {soc} {fig.title}: median wage {fig.wage_text} in "
                        f"{area.name} is below {money(b.wage_threshold)} ({b.wage_basis}; "
                        f"{newest}){was}",
                        base_data
                        | {"previously_high_wage": None if before is None else before.high_wage},
                    )
                )
            if fig.high_demand is False:
                was = (
                    f"; it met the thresholds in {prev_vintage}"
                    if before is not None and before.high_demand
                    else ""
                )
                out.append(
                    Finding(
                        "labor.target-not-high-demand",
                        Severity.WARNING,
                        where,
                        f"target {soc} {fig.title}: {fig.openings_text} openings a year and "
                        f"{fig.growth_pct}% growth in {area.name} do not meet the high-demand "
                        f"thresholds ({b.openings_threshold or 0:,.0f} openings a year; growth "
                        f"at least {b.all_growth_pct}%, or top-quarter openings and not "
                        f"shrinking; {newest}){was}",
                        base_data
                        | {
                            "previously_high_demand": None if before is None else before.high_demand
                        },
                    )
                )
        if known and not qualifying:
            out.append(
                Finding(
                    "labor.pathway-no-qualifying-target",
                    Severity.ERROR,
                    Where(pathway=pid),
                    f"none of the pathway's {len(targets)} target occupations is high-demand "
                    f"and high-wage in {area.name} ({newest})",
                    {"area": area.code, "targets": sorted(targets)},
                )
            )
    return sort_findings(out)


# ------------------------------------------------------------------ one occupation


class OccupationNotFound(LookupError):
    """No figures, O*NET record or program for the occupation in the loaded data."""


@dataclass(frozen=True)
class OccupationReport:
    """One occupation: O*NET title and description, national and area figures, the
    programs (CIP) that lead to it, and the sources (``careerpaths labor occupation``)."""

    soc: str
    title: str
    onet: OnetOccupation | None
    specialties: tuple[OnetOccupation, ...]
    programs: tuple[tuple[str, str], ...]  # (CIP, title)
    areas: tuple[Area, ...]
    baselines: tuple[AreaBaseline, ...]
    figures: tuple[OccupationFigures, ...]
    sources: tuple[Dataset, ...]
    citations: Mapping[str, str]  # dataset key -> citation

    TABLE_COLUMNS: ClassVar[tuple[str, ...]] = (
        "soc",
        "published_code",
        "join",
        "title",
        "area",
        "area_name",
        "employment",
        "median_wage",
        "median_wage_topcoded",
        "pct25_wage",
        "pct75_wage",
        "annual_openings",
        "growth_pct",
        "high_wage",
        "high_demand",
        "demand_basis",
        "typical_education",
        "wage_source",
        "projection_source",
    )

    def cite(self, key: str | None) -> str:
        return "" if key is None else self.citations.get(key, key)

    def table_rows(self) -> list[list[Any]]:
        """One row of :attr:`TABLE_COLUMNS` per area (the nation first)."""
        return [
            [
                f.soc,
                f.code,
                f.join.value,
                f.title,
                a.code,
                a.name,
                f.employment,
                None if f.median_wage is None else round(f.median_wage),
                f.wage_topcoded,
                f.pct25_wage,
                f.pct75_wage,
                None if f.openings is None else round(f.openings, 1),
                f.growth_pct,
                f.high_wage,
                f.high_demand,
                f.demand_basis.value if f.demand_basis else None,
                f.typical_education,
                self.cite(f.wage_source),
                self.cite(f.projection_source),
            ]
            for a, f in zip(self.areas, self.figures, strict=True)
        ]

    def as_dict(self) -> dict[str, Any]:
        onet = self.onet
        return {
            "soc": self.soc,
            "title": self.title,
            "onet": None
            if onet is None
            else {
                "code": onet.code,
                "title": onet.title,
                "description": onet.description,
                "specialties": [{"code": o.code, "title": o.title} for o in self.specialties],
            },
            "programs": [{"cip": c, "title": t} for c, t in self.programs],
            "figures": [
                {**f.as_dict(), "area": a.as_dict(), "baseline": b.as_dict()}
                for a, b, f in zip(self.areas, self.baselines, self.figures, strict=True)
            ],
            "sources": [d.as_dict() for d in self.sources],
            "attribution": ONET_ATTRIBUTION if onet is not None else None,
        }


def occupation_report(
    data: LaborData,
    code: str,
    areas: Sequence[Area],
    settings: ClassificationSettings = DEFAULT_SETTINGS,
) -> OccupationReport:
    """The report on occupation ``code`` (normalized SOC) in ``areas`` (the nation first).
    Raises :class:`OccupationNotFound` when the loaded data knows nothing of it."""
    figs = [occupation_figures(data, a, code, settings) for a in areas]
    baselines = [classify_area(data, a, settings).baseline for a in areas]
    onet = data.onet(code)
    cips = [(c, data.cip_title(c)) for c in data.cips_for(code) if c != NO_MATCH_CIP]
    if figs[0].status == "missing" and onet is None and not cips:
        raise OccupationNotFound(f"no occupation {code} in the loaded data")
    ds_ids: list[int] = []
    for f in figs:
        ds_ids += [i for i in f.datasets if i not in ds_ids]
    if cips and data.crosswalk_dataset:
        ds_ids.append(data.crosswalk_dataset.id)
    if onet is not None:
        ds_ids.append(onet.dataset)
    citations: dict[str, str] = {}
    for d in data.datasets.values():
        citations.setdefault(d.key, d.citation)
    return OccupationReport(
        soc=code,
        title=data.title(code),
        onet=onet,
        specialties=tuple(data.onet_specialties(code)),
        programs=tuple(cips),
        areas=tuple(areas),
        baselines=tuple(baselines),
        figures=tuple(figs),
        sources=tuple(data.dataset(i) for i in dict.fromkeys(ds_ids)),
        citations=citations,
    )
