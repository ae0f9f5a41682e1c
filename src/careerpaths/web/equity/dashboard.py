"""The dashboard's figures: each chart with the table of the same published numbers.

Pure presentation over an :class:`~careerpaths.analytics.report.EquityReport` that is
already suppressed: nothing here sees a raw count, so nothing here can leak one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from careerpaths import viz
from careerpaths.analytics import measures as am
from careerpaths.analytics.report import EquityReport, GroupRow
from careerpaths.analytics.whatif import PrivateWhatIf, WhatIf, WhatIfRow
from careerpaths.web.equity.selectors import DIMENSION_LABELS, SCHOOL_DIMENSIONS, group_label

SUPPRESSED = "*"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    charts: tuple[Chart, ...]


def count(v: int | float | None) -> str:
    """A published count, or ``*`` for a suppressed one."""
    if v is None:
        return SUPPRESSED
    return f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"


def _gap(r: GroupRow) -> str:
    if r.gap_pp is None:
        return SUPPRESSED
    if r.gap_ci_pp is None:
        return f"{r.gap_pp:+.1f}"
    return f"{r.gap_pp:+.1f} [{r.gap_ci_pp[0]:+.1f}, {r.gap_ci_pp[1]:+.1f}]"


def _labels(rows: Sequence[GroupRow], names: Mapping[str, str], several: bool) -> list[str]:
    out = []
    for r in rows:
        label = group_label(r.dimension, r.group, names)
        if several:
            label = f"{DIMENSION_LABELS.get(r.dimension, r.dimension)}: {label}"
        out.append(label)
    return out


def _group_charts(
    key: str, rows: Sequence[GroupRow], labels: Sequence[str], *, with_gaps: bool
) -> list[Chart]:
    n_head = _("Students (n)")
    part = [
        viz.Item(lbl, viz.rate_value(r.participation), f"{r.participation} (n={count(r.enrolled)})")
        for lbl, r in zip(labels, rows, strict=True)
    ]
    success = [
        viz.Item(
            lbl,
            viz.rate_value(r.course_success),
            f"{r.course_success} (n={count(r.courses_completed)})",
        )
        for lbl, r in zip(labels, rows, strict=True)
    ]
    out = [
        Chart(
            id=f"{key}-participation",
            title=_("Dual-enrollment participation rate"),
            svg=viz.bars(
                _("Dual-enrollment participation rate"),
                _("Share of students with at least one dual-credit course, by group."),
                part,
            ),
            headers=(_("Group"), n_head, _("Participants"), _("Participation rate")),
            rows=tuple(
                (lbl, count(r.enrolled), count(r.participants), r.participation)
                for lbl, r in zip(labels, rows, strict=True)
            ),
        ),
        Chart(
            id=f"{key}-success",
            title=_("Course success (C or better)"),
            svg=viz.bars(
                _("Course success (C or better)"),
                _("Share of completed dual-credit courses passed with C or better, by group."),
                success,
            ),
            headers=(
                _("Group"),
                _("Completed courses (n)"),
                _("C or better"),
                _("Course success"),
                _("Credits earned ÷ attempted"),
            ),
            rows=tuple(
                (
                    lbl,
                    count(r.courses_completed),
                    count(r.courses_success),
                    r.course_success,
                    r.credit_ratio,
                )
                for lbl, r in zip(labels, rows, strict=True)
            ),
        ),
    ]
    if not with_gaps:
        return out
    ri = [
        viz.Item(
            lbl,
            r.representation_index,
            SUPPRESSED
            if r.representation_index is None
            else f"{r.representation_index:.2f} (n={count(r.enrolled)})",
        )
        for lbl, r in zip(labels, rows, strict=True)
    ]
    gaps = [
        viz.Item(
            lbl,
            r.gap_pp,
            SUPPRESSED if r.gap_pp is None else f"{_gap(r)} (n={count(r.enrolled)})",
            r.gap_ci_pp[0] if r.gap_ci_pp else None,
            r.gap_ci_pp[1] if r.gap_ci_pp else None,
        )
        for lbl, r in zip(labels, rows, strict=True)
    ]
    out += [
        Chart(
            id=f"{key}-representation",
            title=_("Representation index"),
            svg=viz.index_bars(
                _("Representation index"),
                _(
                    "Share among participants divided by share among students: 1 is "
                    "proportional, below 1 under-represented."
                ),
                ri,
            ),
            headers=(_("Group"), n_head, _("Representation index")),
            rows=tuple(
                (
                    lbl,
                    count(r.enrolled),
                    SUPPRESSED
                    if r.representation_index is None
                    else f"{r.representation_index:.2f}",
                )
                for lbl, r in zip(labels, rows, strict=True)
            ),
        ),
        Chart(
            id=f"{key}-gaps",
            # xgettext:no-python-format
            title=_("Participation gap with 95% confidence interval"),
            svg=viz.intervals(
                # xgettext:no-python-format
                _("Participation gap with 95% confidence interval"),
                _(
                    "Participation rate of the group minus that of all other students, in "
                    "percentage points, with its 95% Newcombe interval."
                ),
                gaps,
            ),
            headers=(_("Group"), n_head, _("Gap, percentage points [95% CI]")),
            rows=tuple(
                (lbl, count(r.enrolled), _gap(r)) for lbl, r in zip(labels, rows, strict=True)
            ),
        ),
    ]
    return out


def sections(report: EquityReport, names: Mapping[str, str]) -> list[Section]:
    """The dashboard's sections: summary, by group, by school, trend."""
    rows = list(report.rows)
    allrow = next((r for r in rows if r.dimension == am.ALL), None)
    out: list[Section] = []
    if allrow is not None:
        out.append(
            Section(
                id="summary",
                title=_("All students"),
                charts=(
                    Chart(
                        id="summary-table",
                        title=_("All students"),
                        svg="",
                        headers=(_("Measure"), _("Value"), _("n")),
                        rows=(
                            (_("Participation rate"), allrow.participation, count(allrow.enrolled)),
                            (_("Participants"), count(allrow.participants), count(allrow.enrolled)),
                            (
                                _("Course success (C or better)"),
                                allrow.course_success,
                                count(allrow.courses_completed),
                            ),
                            (
                                _("Credits earned ÷ attempted"),
                                allrow.credit_ratio,
                                count(allrow.courses_completed),
                            ),
                            (
                                _("Seniors with 12+ college credits"),
                                allrow.share_12plus,
                                count(allrow.cohort_students),
                            ),
                            (
                                _("Mean college credits per senior"),
                                count(allrow.cohort_mean_credits),
                                count(allrow.cohort_students),
                            ),
                            (
                                _("Credentials earned in high school"),
                                allrow.credential_rate,
                                count(allrow.enrolled),
                            ),
                        ),
                    ),
                ),
            )
        )
    group_dims = [d for d in report.dimensions if d not in SCHOOL_DIMENSIONS]
    grouped = [r for r in rows if r.dimension in group_dims]
    if grouped:
        labels = _labels(grouped, names, len(group_dims) > 1)
        out.append(
            Section(
                id="groups",
                title=(
                    _("By student group: %(what)s")
                    % {"what": DIMENSION_LABELS.get(group_dims[0], group_dims[0])}
                    if len(group_dims) == 1
                    else _("By student group")
                ),
                charts=tuple(_group_charts("groups", grouped, labels, with_gaps=True)),
            )
        )
    schools = [r for r in rows if r.dimension == "school"]
    if schools:
        labels = _labels(schools, names, False)
        out.append(
            Section(
                id="schools",
                title=_("By school"),
                charts=tuple(_group_charts("schools", schools, labels, with_gaps=False)),
            )
        )
    trend = _trend(report, names, group_dims)
    if trend is not None:
        out.append(Section(id="trend", title=_("Trend across school years"), charts=(trend,)))
    return out


def _trend(report: EquityReport, names: Mapping[str, str], dims: Sequence[str]) -> Chart | None:
    years = sorted({t.school_year for t in report.trends})
    if not years:
        return None
    keys = [(am.ALL, am.ALL_STUDENTS)]
    keys += [(r.dimension, r.group) for r in report.rows if r.dimension in dims]
    by = {(t.dimension, t.group, t.school_year): t for t in report.trends}
    several = len(dims) > 1
    series: list[tuple[str, list[viz.Item]]] = []
    table: list[tuple[str, ...]] = []
    for dim, group in keys:
        label = group_label(dim, group, names)
        if several and dim != am.ALL:
            label = f"{DIMENSION_LABELS.get(dim, dim)}: {label}"
        items = []
        cells = [label]
        for y in years:
            t = by.get((dim, group, y))
            text = t.participation if t else "—"
            items.append(viz.Item(y, viz.rate_value(text) if t else None, text))
            cells.append(f"{text} (n={count(t.enrolled)})" if t else "—")
        table.append(tuple(cells))
        if len(series) < 8:  # a legible chart; every series is in the table
            series.append((label, items))
    return Chart(
        id="trend-participation",
        title=_("Participation by school year"),
        svg=viz.trend(
            _("Participation by school year"),
            _(
                "Share of students with any course that year who took a dual-credit course "
                "that year, by group."
            ),
            years,
            series,
        ),
        headers=(_("Group"), *years),
        rows=tuple(table),
    )


def whatif_sections(result: WhatIf | PrivateWhatIf, names: Mapping[str, str]) -> list[Chart]:
    """The what-if by school and by student group: one table each, with a chart of the
    eligibility rates under both rules."""
    out: list[Chart] = []
    groups: list[tuple[str, str, list[WhatIfRow]]] = [
        ("all", _("All students"), [r for r in result.rows if r.dimension == "all"]),
        ("school", _("By school"), [r for r in result.rows if r.dimension == "school"]),
        (
            "groups",
            _("By student group"),
            [r for r in result.rows if r.dimension not in ("all", "school")],
        ),
    ]
    headers = (
        _("Group"),
        _("Students (n)"),
        _("Eligible now"),
        _("Eligible under the alternative"),
        _("Gain eligibility"),
        _("Lose eligibility"),
        _("Eligibility rate now"),
        _("Eligibility rate under the alternative"),
        _("Eligibility gap now, pp"),
        _("Eligibility gap under the alternative, pp"),
        _("Participation gap now, pp"),
        _("Participation gap projected, pp"),
    )

    def pp(v: float | None) -> str:
        return SUPPRESSED if v is None else f"{v:+.1f}"

    for key, title, rows in groups:
        if not rows:
            continue
        labels = [
            group_label(r.dimension, r.group, names)
            if r.dimension in ("all", "school")
            else f"{DIMENSION_LABELS.get(r.dimension, r.dimension)}: {group_label(r.dimension, r.group, names)}"
            for r in rows
        ]
        items: list[viz.Item] = []
        # outside the f-strings, where xgettext would not find them
        now, alternative = _("now"), _("alternative")
        for lbl, r in zip(labels, rows, strict=True):
            items.append(viz.Item(lbl, viz.rate_value(r.rate_now), f"{now} {r.rate_now}"))
            items.append(
                viz.Item(
                    "",
                    viz.rate_value(r.rate_alternative),
                    f"{alternative} {r.rate_alternative}",
                )
            )
        out.append(
            Chart(
                id=f"whatif-{key}",
                title=title,
                svg=viz.bars(
                    _("Eligibility rate now and under the alternative: %(what)s") % {"what": title},
                    _(
                        "For each group, the first bar is the current rule, the second the alternative."
                    ),
                    items,
                ),
                headers=headers,
                rows=tuple(
                    (
                        lbl,
                        count(r.enrolled),
                        count(r.eligible_now),
                        count(r.eligible_alternative),
                        count(r.gains),
                        count(r.loses),
                        r.rate_now,
                        r.rate_alternative,
                        pp(r.eligibility_gap_now_pp) if r.dimension != "all" else "",
                        pp(r.eligibility_gap_alternative_pp) if r.dimension != "all" else "",
                        pp(r.participation_gap_now_pp) if r.dimension != "all" else "",
                        pp(r.participation_gap_projected_pp) if r.dimension != "all" else "",
                    )
                    for lbl, r in zip(labels, rows, strict=True)
                ),
            )
        )
    return out
