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

from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from careerpaths.io.errors import LoadError
from careerpaths.io.roster import (
    Fields,
    Key,
    Kind,
    Mode,
    Record,
    RecordStatus,
    RosterError,
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
    known: Container[Key] = (),
) -> MergePlan:
    """The plan that brings ``incoming`` into ``current`` (nothing is changed).

    Raises RosterError when a record names another (a class, a student, …) that neither
    the import nor the records kept contain, with the file, line and column of the name.
    ``now`` (timezone-aware) stamps records deactivated because a bulk file left them out.
    ``known``: records that exist outside ``current`` and ``incoming`` (a part of a
    state-scale import names the classes and students of the other parts).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    # By kind, then sourcedId (no (kind, id) tuple per record: a state-scale import has
    # tens of millions); the last row of a key wins, as in one dict.
    by_kind: dict[Kind, dict[str, Record]] = {}
    latest = now + FUTURE_SKEW
    warnings: list[LoadError] = []
    clamped: set[Key] = set()
    for r in incoming.records:
        if r.modified is not None and r.modified > latest:
            warnings.append(
                LoadError(
                    r.file,
                    r.line,
                    None,
                    f"dateLastModified {r.modified.isoformat()} is in the future; "
                    f"read as the import's time, {now.isoformat()}",
                )
            )
            clamped.add((r.kind, r.sourced_id))
            r = replace(r, modified=now)
        by_kind.setdefault(r.kind, {})[r.sourced_id] = r

    def incoming_has(key: Key) -> bool:
        return key[1] in by_kind.get(key[0], ())

    errors: list[LoadError] = []
    # Rows that may only update a record we keep (a 1.2 delta user of unknown role).
    dropped: set[Key] = {
        (kind, sid)
        for kind, rows in by_kind.items()
        for sid, r in rows.items()
        if r.only_if_known and (kind, sid) not in current.records
    }
    for rec in (r for rows in by_kind.values() for r in rows.values()):
        key = (rec.kind, rec.sourced_id)
        if rec.status is RecordStatus.TOBEDELETED or key in dropped:
            continue
        for ref in rec.refs:
            target = (ref.kind, ref.sourced_id)
            if (
                (incoming_has(target) and target not in dropped)
                or target in current.records
                or target in known
            ):
                continue
            if rec.kind is Kind.DEMOGRAPHICS:
                dropped.add(key)  # not a student of ours (a teacher, a guardian)
                continue
            if ref.column == "parentSourcedId":
                # A parent org or session never exported (a partial export): a warning
                # (the reader gave it already when the file is bulk).
                if incoming.modes.get(ref.kind) is Mode.BULK:
                    continue
                warnings.append(
                    LoadError(
                        rec.file,
                        rec.line,
                        ref.column_no,
                        f"{ref.column} {ref.sourced_id!r} is neither in this import nor in "
                        "the records already imported; imported without it",
                    )
                )
                continue
            errors.append(
                LoadError(
                    rec.file,
                    rec.line,
                    ref.column_no,
                    f"{ref.column} {ref.sourced_id!r} is neither in this import nor in the "
                    "records already imported",
                )
            )
    if errors:
        raise RosterError(unique_errors(errors))

    changes: list[Change] = []
    stale = 0
    for key in ((kind, sid) for kind in sorted(by_kind) for sid in sorted(by_kind[kind])):
        if key in dropped:
            continue
        rec = by_kind[key[0]][key[1]]
        before = current.records.get(key)
        # A date kept from before future dates were refused cannot be trusted: any dated
        # row wins over it.
        kept_modified = before.modified if before is not None else None
        if kept_modified is not None and kept_modified > latest:
            kept_modified = None
        if before is not None and rec.modified and kept_modified and rec.modified < kept_modified:
            stale += 1
            continue
        if rec.status is RecordStatus.TOBEDELETED:
            if before is not None and before.active:
                after = replace(before, active=False, modified=rec.modified or now)
                changes.append(Change(Action.DEACTIVATE, before, after))
            elif before is not None and rec.modified and rec.modified != before.modified:
                # Already inactive, deleted again later: keep the later date, so that an
                # older row arriving afterwards cannot bring it back.
                changes.append(
                    Change(Action.UPDATE, before, replace(before, modified=rec.modified))
                )
            continue
        data = Fields.of(rec.data)  # immutable already: shared with the snapshot, not copied
        if before is None:
            changes.append(
                Change(
                    Action.INSERT, None, Stored(rec.kind, rec.sourced_id, True, rec.modified, data)
                )
            )
            continue
        same_data = before.data == data
        if (
            same_data
            and before.active
            and (rec.modified is None or rec.modified == before.modified or key in clamped)
        ):
            continue
        after = Stored(
            rec.kind,
            rec.sourced_id,
            True,
            rec.modified if rec.modified is not None else (before.modified if same_data else now),
            data,
        )
        if after == before:
            continue
        changes.append(Change(Action.UPDATE if before.active else Action.REACTIVATE, before, after))

    # A bulk file is complete: what it no longer lists is made inactive (never deleted).
    for kind, mode in incoming.modes.items():
        if mode is not Mode.BULK:
            continue
        for stored in current.of(kind):
            if stored.sourced_id not in by_kind.get(kind, ()):
                changes.append(
                    Change(Action.DEACTIVATE, stored, replace(stored, active=False, modified=now))
                )

    return MergePlan(
        changes=tuple(changes),
        holds=_holds(current, changes, hold_share),
        stale=stale,
        dropped=len(dropped),
        warnings=tuple(warnings),
    )


def _holds(current: RosterState, changes: list[Change], share: float) -> tuple[Hold, ...]:
    return holds_of(active_by_school(current.records.values()), gone_by_school(changes), share)


def active_by_school(records: Iterable[Stored]) -> Counter[str]:
    """Active students per school (``data["school"]``)."""
    return Counter(s.data.get("school", "") for s in records if s.kind is Kind.STUDENT and s.active)


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
