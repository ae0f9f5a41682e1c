"""Which funding rules cost the shortage finder's remedies.

The remedies of a shortage (approve a high-school teacher, assign college faculty, a
shared section at the career center, online, a non-traditional time) are costed by
:class:`careerpaths.core.staffing.FundingCost` with the funding rules of issue #16
(:func:`careerpaths.core.funding.section_cost`, per delivery model and per party, less
the state aid that flows back). This module picks the rules, in this order:

1. the ones asked for: a bundled rule set (``iowa-syp``, ``ohio-ccp``, ``indiana``,
   ``texas-fast``), a rules file, a partnership folder (its state rules with its local
   costs), or ``tuition`` for the published-tuition estimate;
2. a bundled partnership that names the college among its institutions, under the rules
   of the college's state (the demo's Cedar Rapids partnership: Iowa's Senior Year Plus
   with the region's illustrative local costs);
3. the bundled rule set of the college's state (``state`` of the college in the region);
4. none: :func:`careerpaths.core.staffing.tuition_cost`, said so beside every cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from careerpaths.core import i18n
from careerpaths.core import staffing as st
from careerpaths.core.funding import RuleSet
from careerpaths.core.model import Region

TUITION = "tuition"


@dataclass(frozen=True)
class Funding:
    """The rules that cost remedies and where they came from (shown beside the costs)."""

    rules: RuleSet | None
    origin: str  # in words: "partnership cedar-rapids: Cedar Rapids, Iowa (demo)"

    def cost(self, *, on: date | None = None) -> st.SectionCost:
        if self.rules is None:
            return st.tuition_cost
        return st.FundingCost(self.rules, on=on)

    @property
    def name(self) -> str:
        return self.rules.name if self.rules else i18n.text("the course's published tuition")


@cache
def _bundled_partnerships() -> tuple[tuple[str, frozenset[str], RuleSet, str], ...]:
    """(id, institution ids, rules, name) of each bundled partnership."""
    from careerpaths.io.funding import bundled_partnership, bundled_regions

    out = []
    for rid in bundled_regions():
        p = bundled_partnership(rid)
        out.append((p.id, frozenset(p.institutions), p.rules, p.name))
    return tuple(out)


@cache
def _bundled_rules_by_state() -> dict[str, RuleSet]:
    from careerpaths.io.funding import bundled_rule_ids, bundled_rules

    out: dict[str, RuleSet] = {}
    for rid in bundled_rule_ids():
        rules = bundled_rules(rid)
        out.setdefault(rules.state.upper(), rules)
    return out


def funding_for(region: Region, college: str, *, choice: str | Path | None = None) -> Funding:
    """The funding rules for ``college``'s remedies (see the module's order).

    Raises :class:`careerpaths.io.funding.FundingDataError` when ``choice`` cannot be
    read (every problem with file, line and column)."""
    from careerpaths.io.funding import bundled_rules, load_partnership, load_rules

    if choice is not None:
        text = str(choice)
        if text == TUITION:
            return Funding(None, "asked for")
        path = Path(choice)
        if path.is_dir():
            p = load_partnership(path)
            return Funding(p.rules, f"partnership in {path}")
        if path.is_file():
            return Funding(load_rules(path), f"rules in {path}")
        return Funding(bundled_rules(text), f"bundled rules {text}")
    inst = region.institutions.get(college)
    state = inst.state.upper() if inst and inst.state else ""
    for pid, members, rules, name in _bundled_partnerships():
        if college in members and (not state or rules.state.upper() == state):
            return Funding(rules, i18n.text("partnership %(id)s: %(name)s", id=pid, name=name))
    if state and state in _bundled_rules_by_state():
        rules = _bundled_rules_by_state()[state]
        return Funding(
            rules, i18n.text("the funding rules of %(state)s, %(id)s", state=state, id=rules.id)
        )
    return Funding(
        None,
        i18n.text("no funding rules for %(state)s", state=state)
        if state
        else i18n.text("the college has no state on record"),
    )
