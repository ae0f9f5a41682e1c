"""Reading CSV files the way spreadsheets write them.

Handles a UTF-8 byte-order mark, blank rows, trailing spaces, Excel's text-forcing
``="01.0101"`` cells, and reports positions as file, line (1-based, the line where the
row starts) and column (1-based field number).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from careerpaths.core import i18n
from careerpaths.io import csvsafe
from careerpaths.io.errors import LoadError

_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
MAX_FIELD = 1_000_000


def clean_cell(value: str) -> str:
    """``' ="01.0101" '`` → ``'01.0101'``; surrounding spaces removed."""
    v = value.strip()
    m = _EXCEL_TEXT.match(v)
    if m:
        v = m.group(1).strip()
    return v


class Row(NamedTuple):
    """A row of a sheet: its line, its cells by header name, and the header's column
    numbers (one map shared by the rows of a sheet). A named tuple: a reader builds
    millions."""

    line: int
    values: dict[str, str]
    columns: dict[str, int]  # header name -> 1-based column

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def col(self, name: str) -> int | None:
        return self.columns.get(name)


def nonblank_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """The rows of a ``csv.reader`` that hold something, each with the line it starts on
    (a quoted field may span lines); the reader's ``line_num`` stays the caller's."""
    last_line = 0
    for fields in reader:
        start = last_line + 1
        last_line = reader.line_num
        if any(f.strip() for f in fields):
            yield start, fields


def header_errors(
    label: str,
    line: int,
    header: list[str],
    required: tuple[str, ...],
    known: tuple[str, ...] | None,
) -> list[LoadError]:
    """A header's errors: empty cells, a column twice, an unknown one (when ``known`` is
    given), a required one missing."""
    errors: list[LoadError] = []
    seen: set[str] = set()
    for i, h in enumerate(header, start=1):
        if not h:
            errors.append(LoadError(label, line, i, i18n.text("a header cell is empty")))
        elif h in seen:
            errors.append(
                LoadError(label, line, i, i18n.text("column %(column)r appears twice", column=h))
            )
        elif known is not None and h not in known:
            errors.append(
                LoadError(
                    label,
                    line,
                    i,
                    i18n.text(
                        "unknown column %(column)r; expected columns: %(known)s",
                        column=h,
                        known=", ".join(known),
                    ),
                )
            )
        seen.add(h)
    for r in required:
        if r not in seen:
            errors.append(
                LoadError(
                    label, line, None, i18n.text("required column %(column)r is missing", column=r)
                )
            )
    return errors


class Sheet:
    """A CSV file read whole: header, rows, and errors (decoding, ragged rows, headers)."""

    def __init__(
        self,
        path: Path,
        label: str,
        *,
        required: tuple[str, ...] = (),
        known: tuple[str, ...] | None = None,
    ) -> None:
        self.label = label
        self.errors: list[LoadError] = []
        self.rows: list[Row] = []
        self.header: list[str] = []
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.errors.append(
                LoadError(
                    label, line, col, i18n.text("the file is not UTF-8 text (save it as CSV UTF-8)")
                )
            )
            return
        self._read(text, required, known)

    def _read(self, text: str, required: tuple[str, ...], known: tuple[str, ...] | None) -> None:
        self._read_lines(io.StringIO(text, newline=""), required, known)

    def _read_lines(
        self, lines: Iterable[str], required: tuple[str, ...], known: tuple[str, ...] | None
    ) -> None:
        """Read the CSV's lines (text, or a file opened with ``newline=""``) into rows."""
        csv.field_size_limit(MAX_FIELD * 10)
        reader = csv.reader(lines, strict=True)
        try:
            for start, fields in nonblank_rows(reader):
                if not self.header:
                    self.header = [clean_cell(h).lower() for h in fields]
                    self._check_header(start, required, known)
                    if self.errors:
                        return
                    continue
                self._row(start, fields)
        except csv.Error as exc:
            self.errors.append(
                LoadError(
                    self.label,
                    reader.line_num,
                    None,
                    i18n.text("the CSV is malformed (%(why)s); is a quote unclosed?", why=str(exc)),
                )
            )
        if not self.header:
            self.errors.append(
                LoadError(
                    self.label,
                    1,
                    None,
                    i18n.text(
                        "the file is empty: a header row is needed (%(columns)s)",
                        columns=", ".join(required),
                    ),
                )
            )

    def _check_header(
        self, line: int, required: tuple[str, ...], known: tuple[str, ...] | None
    ) -> None:
        self.errors.extend(header_errors(self.label, line, self.header, required, known))

    def _row(self, line: int, fields: list[str]) -> None:
        if len(fields) > len(self.header) and any(f.strip() for f in fields[len(self.header) :]):
            self.errors.append(
                LoadError(
                    self.label,
                    line,
                    len(self.header) + 1,
                    i18n.text(
                        "the row has %(cells)s cells but the header has %(header)s",
                        cells=len(fields),
                        header=len(self.header),
                    ),
                )
            )
            return
        values: dict[str, str] = {}
        columns: dict[str, int] = {}
        for i, name in enumerate(self.header):
            cell = fields[i] if i < len(fields) else ""
            if len(cell) > MAX_FIELD:
                self.errors.append(
                    LoadError(
                        self.label,
                        line,
                        i + 1,
                        i18n.text("the cell is %(n)s characters long", n=f"{len(cell):,}"),
                    )
                )
                return
            # the apostrophe csvsafe.writer adds before = + - @ is taken off again
            values[name] = clean_cell(csvsafe.restore(cell))
            columns[name] = i + 1
        self.rows.append(Row(line, values, columns))

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csvsafe.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
