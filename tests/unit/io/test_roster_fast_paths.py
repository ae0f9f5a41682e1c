"""The import's fast paths give exactly what the plain code gives.

The readers' ``_StrictSheet`` builds rows with less work per cell than ``Sheet``: checked
against it on random input (hypothesis), row for row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpaths.io.roster import _StrictSheet
from careerpaths.io.spreadsheet import Sheet

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
