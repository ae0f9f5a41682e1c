"""Merging an import into the records kept: a pure plan, then applying it.

:func:`merge` compares a :class:`~careerpaths.io.roster.RosterSnapshot` with the current
:class:`~careerpaths.io.roster.RosterState` and returns a :class:`MergePlan` — what to
insert, update, deactivate or reactivate, by kind and ``sourcedId`` — without changing
anything. :func:`apply` carries a plan out on an in-memory state; the web app carries the
same plan out against its database, in one transaction.

The rules follow OneRoster's bulk and delta processing (docs/student-data.md):

* nothing is ever deleted: ``status=tobedeleted`` and, in a bulk file, a record that is
  no longer listed make the record inactive;
* a record whose ``dateLastModified`` is older than the one kept changes nothing (an
  older delta never overwrites newer data);
* importing the same files twice gives an empty plan the second time;
* a ``dateLastModified`` beyond the import's time (plus :data:`FUTURE_SKEW`) is read as the
  import's time, with a warning: a row dated 2099 would otherwise freeze its record, every
  later correct row being "older"; a record kept with such a date is no longer compared by
  its date;
* a plan that would deactivate more than 10% of a school's active students is *held*:
  :func:`apply` refuses it unless ``confirm=True`` (a truncated export must not wipe a
  school).

>>> from careerpaths.io.roster import RosterSnapshot
>>> merge(RosterState(), RosterSnapshot("csv", {}, ()), now=datetime.fromisoformat("2026-01-05T00:00Z")).changes
()
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from careerpaths.io import records_db
from careerpaths.io.errors import LoadError
from careerpaths.io.roster import (
    Key,
    Kind,
    RosterSnapshot,
    RosterState,
    Stored,
    unique_errors,
)

DEACTIVATION_HOLD_SHARE = 0.10
# Clocks disagree a little; a dateLastModified further than this ahead of the import is wrong.
FUTURE_SKEW = timedelta(minutes=5)


class Action(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"


@dataclass(frozen=True, slots=True)
class Change:
    action: Action
    before: Stored | None
    after: Stored

    @property
    def kind(self) -> Kind:
        return self.after.kind

    @property
    def sourced_id(self) -> str:
        return self.after.sourced_id

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "kind": self.kind.value,
            "sourcedId": self.sourced_id,
        }


@dataclass(frozen=True)
class Hold:
    """Why a plan waits for confirmation: one school losing too many active students."""

    school: str
    active: int
    deactivated: int

    @property
    def reason(self) -> str:
        share = 100.0 * self.deactivated / self.active
        return (
            f"school {self.school}: {self.deactivated} of its {self.active} active students "
            f"({share:.1f}%) would be deactivated; more than "
            f"{DEACTIVATION_HOLD_SHARE:.0%} needs confirmation (is the export truncated?)"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school,
            "active": self.active,
            "deactivated": self.deactivated,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class MergePlan:
    """What an import would change. Empty when the import brings nothing new."""

    changes: tuple[Change, ...]
    holds: tuple[Hold, ...] = ()
    stale: int = 0  # records older than those kept, left alone
    dropped: int = 0  # records about people we do not keep (a teacher's demographics)
    warnings: tuple[LoadError, ...] = ()  # imported, and reported

    @property
    def held(self) -> bool:
        return bool(self.holds)

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """``{"student": {"insert": 3, "deactivate": 1}, ...}``."""
        return {k: dict(v) for k, v in self._counts.items()}

    @functools.cached_property
    def _counts(self) -> dict[str, dict[str, int]]:  # a plan is read-only: counted once
        out: dict[str, Counter[str]] = {}
        for c in self.changes:
            out.setdefault(c.kind.value, Counter())[c.action.value] += 1
        return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}

    def as_dict(self) -> dict[str, Any]:
        return _plan_dict(self)


class HeldForConfirmation(Exception):
    """Applying a held plan without ``confirm=True``."""

    def __init__(self, plan: MergePlan) -> None:
        self.plan = plan
        super().__init__("; ".join(h.reason for h in plan.holds))


def merge(
    current: RosterState,
    incoming: RosterSnapshot,
    *,
    now: datetime,
    hold_share: float = DEACTIVATION_HOLD_SHARE,
) -> MergePlan:
    """The plan that brings ``incoming`` into ``current`` (nothing is changed).

    Raises RosterError when a record names another (a class, a student, …) that neither
    the import nor the records kept contain, with the file, line and column of the name.
    ``now`` (timezone-aware) stamps records deactivated because a bulk file left them out.

    The comparison is DuckDB's (:func:`careerpaths.io.records_db.plan_changes`, the one
    implementation of the rules above), on an in-memory copy of both sides.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    with records_db.merging(incoming.records) as con:
        records_db.load_records(con, current.records.values())
        planned = records_db.plan_changes(con, incoming.modes, now=now, future_skew=FUTURE_SKEW)
        changes = tuple(change_of(row) for row in records_db.change_rows(con))
    return MergePlan(
        changes=changes,
        holds=holds_of(Counter(planned.active), Counter(planned.gone), hold_share),
        stale=planned.stale,
        dropped=planned.dropped,
        warnings=planned.warnings,
    )


def change_of(row: tuple[Any, ...]) -> Change:
    """A row of :func:`careerpaths.io.records_db.change_rows` as a Change."""
    action, kind, sid, b_active, b_modified, b_data, a_active, a_modified, a_data = row
    before = (
        None if b_data is None else records_db.stored_of((kind, sid, b_active, b_modified, b_data))
    )
    after = records_db.stored_of((kind, sid, a_active, a_modified, a_data))
    return Change(Action(action), before, after)


def gone_by_school(changes: Iterable[Change]) -> Counter[str]:
    """Students a plan makes inactive, per school."""
    return Counter(
        c.before.data.get("school", "")
        for c in changes
        if c.kind is Kind.STUDENT and c.action is Action.DEACTIVATE and c.before is not None
    )


def holds_of(active: Counter[str], gone: Counter[str], share: float) -> tuple[Hold, ...]:
    """The schools that would lose more than ``share`` of their active students."""
    return tuple(
        Hold(school or "(none)", active[school], n)
        for school, n in sorted(gone.items())
        if active[school] and n > share * active[school]
    )


def apply(state: RosterState, plan: MergePlan, *, confirm: bool = False) -> RosterState:
    """The state after ``plan``; a held plan needs ``confirm=True``."""
    if plan.held and not confirm:
        raise HeldForConfirmation(plan)
    records: dict[Key, Stored] = dict(state.records)
    for c in plan.changes:
        records[(c.kind, c.sourced_id)] = c.after
    return RosterState(MappingProxyType(records))


CHANGES_LISTED = 10_000  # a summary lists its changes when there are no more than this


@dataclass(frozen=True)
class PlanSummary:
    """What an import changes, added up over the parts of a workspace import (a state's
    import has tens of millions of changes: they are counted, and listed — by kind, then
    ``sourcedId`` — only when there are at most :data:`CHANGES_LISTED`). Reads as a
    :class:`MergePlan` does: ``counts()``, ``holds``, ``held``, ``empty``, ``stale``,
    ``dropped``, ``as_dict()``."""

    counted: Mapping[str, Mapping[str, int]]
    holds: tuple[Hold, ...] = ()
    stale: int = 0
    dropped: int = 0
    listed: tuple[Change, ...] | None = ()  # None: too many to list
    warnings: tuple[LoadError, ...] = ()

    @property
    def held(self) -> bool:
        return bool(self.holds)

    @property
    def total(self) -> int:
        return sum(n for by_action in self.counted.values() for n in by_action.values())

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def changes(self) -> tuple[Change, ...]:
        """The changes when listed, else ``()`` (see :attr:`total`)."""
        return self.listed or ()

    def counts(self) -> dict[str, dict[str, int]]:
        return {k: dict(v) for k, v in self.counted.items()}

    def as_dict(self) -> dict[str, Any]:
        out = _plan_dict(self)
        if self.listed is None:
            out["changes_not_listed"] = self.total
        return out


class Summing:
    """Adds up the plans of an import's parts into a :class:`PlanSummary`."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[str]] = {}
        self._stale = 0
        self._dropped = 0
        self._gone: Counter[str] = Counter()
        self._listed: list[Change] | None = []
        self._warnings: list[LoadError] = []

    def add(self, plan: MergePlan) -> None:
        for kind, actions in plan.counts().items():
            self._counts.setdefault(kind, Counter()).update(actions)
        self._stale += plan.stale
        self._dropped += plan.dropped
        self._gone += gone_by_school(plan.changes)
        self._warnings.extend(plan.warnings)
        if self._listed is not None:
            self._listed.extend(plan.changes)
            if len(self._listed) > CHANGES_LISTED:
                self._listed = None

    def summary(self, active: Counter[str], share: float) -> PlanSummary:
        """The sum; ``active``: active students per school before the import."""
        listed = self._listed
        return PlanSummary(
            counted=MappingProxyType(
                {
                    k: MappingProxyType(dict(sorted(v.items())))
                    for k, v in sorted(self._counts.items())
                }
            ),
            holds=holds_of(active, self._gone, share),
            stale=self._stale,
            dropped=self._dropped,
            listed=None
            if listed is None
            else tuple(sorted(listed, key=lambda c: (c.kind.value, c.sourced_id, c.action.value))),
            warnings=tuple(unique_errors(self._warnings)),
        )


def _plan_dict(plan: MergePlan | PlanSummary) -> dict[str, Any]:
    """A plan as the command line's JSON gives it."""
    return {
        "held": plan.held,
        "holds": [h.as_dict() for h in plan.holds],
        "counts": plan.counts(),
        "stale": plan.stale,
        "dropped": plan.dropped,
        "changes": [c.as_dict() for c in plan.changes],
        "warnings": [w.as_dict() for w in plan.warnings],
    }
