"""The import's fast paths give exactly what the plain code gives.

``RosterState.to_json`` builds ``roster-state.json`` with the C string encoder instead of
``json.dumps(indent=1)`` (whose pure-Python encoder took most of a large import's time), and
the readers' ``_StrictSheet`` builds rows with less work per cell than ``Sheet``. Both are
checked against the reference on random input (hypothesis), byte for byte and row for row.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.io.roster import STATE_FORMAT_VERSION, Kind, RosterState, Stored, _StrictSheet
from careerpaths.io.spreadsheet import Sheet

texts = st.text(max_size=8)
stored = st.builds(
    Stored,
    kind=st.sampled_from(list(Kind)),
    sourced_id=texts,
    active=st.booleans(),
    modified=st.none() | st.datetimes(timezones=st.just(UTC)),
    data=st.dictionaries(texts, texts, max_size=4).map(MappingProxyType),
)


def _reference_json(state: RosterState) -> str:
    items = sorted(state.records.values(), key=lambda s: (s.kind.value, s.sourced_id))
    return (
        json.dumps(
            {"format_version": STATE_FORMAT_VERSION, "records": [s.as_dict() for s in items]},
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


@pytest.mark.slow
@given(st.lists(stored, max_size=6))
@settings(max_examples=300, deadline=None)
def test_state_json_is_byte_for_byte_json_dumps(records: list[Stored]) -> None:
    state = RosterState(MappingProxyType({(r.kind, r.sourced_id): r for r in records}))
    text = state.to_json()
    assert text == _reference_json(state)
    assert RosterState.from_json(text).to_json() == text


def test_an_unusual_record_falls_back_to_json_dumps() -> None:
    odd = Stored(Kind.STUDENT, "s1", True, datetime(2026, 1, 2, tzinfo=UTC), {"n": 3})  # type: ignore[dict-item]
    state = RosterState(MappingProxyType({(odd.kind, odd.sourced_id): odd}))
    assert state.to_json() == _reference_json(state)


cells = st.text(alphabet=st.sampled_from(list(' ab="é,\n\t')), max_size=6) | st.sampled_from(
    ['="0123"', ' ="x" ', '="', "", "  "]
)


@pytest.mark.slow
@given(
    header=st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.tuples(st.lists(cells, max_size=6), st.booleans()), max_size=6),
)
@settings(max_examples=300, deadline=None)
def test_strict_sheet_rows_are_the_sheet_rows(
    tmp_path_factory: object, header: list[str], rows: list[tuple[list[str], bool]]
) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for cells_, pad in rows:
        # the strict sheet refuses short rows (a truncated file): pad them, or keep them
        # long, and compare rows of at least the header's length
        w.writerow(cells_ + [""] * (len(header) - len(cells_)) if pad else cells_)
    path = Path(tmp_path_factory.mktemp("csv")) / "t.csv"  # type: ignore[attr-defined]
    path.write_text(out.getvalue(), encoding="utf-8")
    plain, strict = Sheet(path, "t.csv"), _StrictSheet(path, "t.csv")
    short = {e.line for e in strict.errors if "is the file truncated" in e.reason}
    assert [(r.line, r.values, r.columns) for r in strict.rows] == [
        (r.line, r.values, r.columns) for r in plain.rows if r.line not in short
    ]
    assert [e for e in strict.errors if e.line not in short] == [
        e for e in plain.errors if e.line not in short
    ]
