"""The set-based merge (DuckDB) plans what a plain, record-at-a-time merge plans.

``_reference_merge`` is the merge as it was written before the records moved into DuckDB:
a loop over the incoming records, a dict of the records kept. Hypothesis draws records
kept and imports of every kind — active and tobedeleted rows, dates before, equal to and
after the kept ones and in the future, rows without a date, repeated keys (the last row
wins), references to records in the import, kept, dropped or nowhere, 1.2 delta users of
unknown role, bulk and delta files — and both must give the same changes, the same stale
and dropped counts, the same holds, the same warnings, or the same errors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpaths.io.errors import LoadError
from careerpaths.io.roster import (
    Fields,
    Key,
    Kind,
    Mode,
    Record,
    RecordStatus,
    Ref,
    RosterError,
    RosterSnapshot,
    RosterState,
    Stored,
    unique_errors,
)
from careerpaths.io.roster_merge import (
    DEACTIVATION_HOLD_SHARE,
    FUTURE_SKEW,
    Action,
    Change,
    gone_by_school,
    holds_of,
    merge,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _reference_merge(current: RosterState, incoming: RosterSnapshot, *, now: datetime) -> Any:
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
                or False
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

    active = Counter(
        s.data.get("school", "")
        for s in current.records.values()
        if s.kind is Kind.STUDENT and s.active
    )
    return (
        changes,
        holds_of(active, gone_by_school(changes), DEACTIVATION_HOLD_SHARE),
        stale,
        len(dropped),
        unique_errors(warnings),
    )


# ------------------------------------------------------------------ what hypothesis draws

IDS = ("a", "b", "c")
T0 = datetime(2026, 1, 1, tzinfo=UTC)
DATES = st.none() | st.sampled_from(
    [T0, T0 + timedelta(days=1), T0 + timedelta(days=2), NOW + timedelta(days=30)]
)
DATA = st.fixed_dictionaries(
    {"school": st.sampled_from(["hs1", "hs2"]), "grade": st.sampled_from(["10", "11"])}
)
KINDS = (Kind.ORG, Kind.STUDENT, Kind.DEMOGRAPHICS, Kind.ENROLLMENT)


@st.composite
def stored(draw: Any) -> Stored:
    return Stored(
        draw(st.sampled_from(KINDS)),
        draw(st.sampled_from(IDS)),
        draw(st.booleans()),
        draw(DATES),
        Fields.of(draw(DATA)),
    )


@st.composite
def record(draw: Any) -> Record:
    kind = draw(st.sampled_from(KINDS))
    status = draw(
        st.sampled_from([RecordStatus.ACTIVE, RecordStatus.ACTIVE, RecordStatus.TOBEDELETED])
    )
    refs: list[Ref] = []
    if kind is Kind.ENROLLMENT:
        refs.append(Ref(Kind.STUDENT, draw(st.sampled_from(IDS)), "userSourcedId", 4))
    if kind is Kind.DEMOGRAPHICS:
        refs.append(Ref(Kind.STUDENT, draw(st.sampled_from(IDS)), "sourcedId", 1))
    if kind is Kind.ORG and draw(st.booleans()):
        refs.append(Ref(Kind.ORG, draw(st.sampled_from(IDS)), "parentSourcedId", 5))
    return Record(
        kind,
        draw(st.sampled_from(IDS)),
        status,
        draw(DATES),
        Fields.of({} if status is RecordStatus.TOBEDELETED else draw(DATA)),
        tuple(refs),
        f"{kind.value}.csv",
        draw(st.integers(2, 9)),
        only_if_known=kind is Kind.STUDENT and draw(st.booleans()),
    )


def _outcome(f: Any) -> Any:
    try:
        return ("plan", f())
    except RosterError as exc:
        return ("errors", exc.errors)


def _key(c: Change) -> tuple[str, str, str]:
    return (c.kind.value, c.sourced_id, c.action.value)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(stored(), max_size=8),
    st.lists(record(), max_size=8),
    st.dictionaries(st.sampled_from(KINDS), st.sampled_from([Mode.BULK, Mode.DELTA])),
)
def test_the_set_based_merge_plans_what_the_plain_merge_plans(
    kept: list[Stored], rows: list[Record], modes: dict[Kind, Mode]
) -> None:
    state = RosterState(MappingProxyType({(s.kind, s.sourced_id): s for s in kept}))
    snapshot = RosterSnapshot("test", modes, tuple(rows))
    ref = _outcome(lambda: _reference_merge(state, snapshot, now=NOW))
    got = _outcome(lambda: merge(state, snapshot, now=NOW))
    assert got[0] == ref[0]
    if ref[0] == "errors":
        assert sorted(got[1], key=str) == sorted(unique_errors(ref[1]), key=str)
        return
    changes, holds, stale, dropped, warnings = ref[1]
    plan = got[1]
    assert sorted(plan.changes, key=_key) == sorted(changes, key=_key)
    assert (plan.holds, plan.stale, plan.dropped) == (holds, stale, dropped)
    assert sorted(plan.warnings, key=str) == sorted(warnings, key=str)
