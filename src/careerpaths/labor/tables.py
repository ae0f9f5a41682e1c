"""Reading the official files as rows of text cells, with their line numbers.

One reader for every layout the importers accept: CSV (UTF-8 with or without a byte
order mark, or Windows-1252 as Excel writes it), tab-separated text (O*NET), either of
them gzip-compressed (``.gz``, streamed with a cap on the decompressed size), Excel
workbooks (``.xlsx``, read with python-calamine behind a size cap: one sheet, chosen by
name) and JSON (an array of objects, or an object with a ``rows`` array, as the
Projections Central API returns).

Cells are returned as text with Excel's text formulas unwrapped (``="01.0101"`` →
``01.0101``). Line numbers are the file's physical line of the start of the record
(the sheet's row number for a workbook), so an error can point at it.
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerpaths.io import csvsafe

_FORMULA_RE = re.compile(r'^=\s*"(.*)"$', re.DOTALL)


class TableError(Exception):
    """A file that cannot be read as a table at all (not a row-level problem).

    ``line`` and ``reason`` are set when the problem is at a known line (a CSV cell too
    long, a file cut off inside a quote)."""

    def __init__(self, message: str, *, line: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.reason = reason or message


def clean(cell: str) -> str:
    """Strip a cell and unwrap an Excel text formula: ``="01.0101"`` → ``01.0101``."""
    text = cell.strip()
    if not text.startswith("="):
        return text
    m = _FORMULA_RE.match(text)
    return m.group(1).strip() if m else text


@dataclass
class Table:
    """Rows of one file (or one sheet): ``name`` is what errors cite."""

    name: str
    rows: Iterator[tuple[int, list[str]]]
    encoding: str = "utf-8"


#: Largest text file (after gzip decompression) read; the biggest official file the
#: importers take (OEWS all data, about 75 MB as CSV) fits with room.
MAX_TEXT_BYTES = 512 * 1024 * 1024
#: Largest total uncompressed size of an .xlsx workbook's members.
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
#: Longest cell (the csv module's own limit).
MAX_CELL = csvsafe.MAX_CELL


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, gunzipped (streamed, stopping at ``limit`` decompressed bytes:
    a 2 MB gzip bomb is refused after reading ``limit`` bytes, not expanded whole)."""
    limit = MAX_TEXT_BYTES if limit is None else limit
    with path.open("rb") as fh:
        magic = fh.read(2)
    if path.suffix.lower() != ".gz" and magic != b"\x1f\x8b":
        if path.stat().st_size > limit:
            raise TableError(f"{path.name}: the file is larger than {limit:,} bytes")
        return path.read_bytes()
    out = bytearray()
    try:
        with gzip.open(path, "rb") as gz:
            while chunk := gz.read(1 << 20):
                out += chunk
                if len(out) > limit:
                    raise TableError(
                        f"{path.name}: decompresses to more than {limit:,} bytes; "
                        "refused (is it the right file?)"
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise TableError(f"{path.name}: not a readable gzip file ({exc})") from None
    return bytes(out)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-16 when the file starts with its byte order mark
    (Excel's "Unicode text"), UTF-8 (a BOM is dropped), else Windows-1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise TableError(
                f"the file starts as UTF-16 text but byte {exc.start} is not UTF-16; "
                "save it as CSV UTF-8"
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimited(name: str, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from csvsafe.rows(text, delimiter=delimiter)
    except csvsafe.CsvReadError as exc:
        raise TableError(
            f"{name}:{exc.line}: {exc.reason}", line=exc.line, reason=exc.reason
        ) from None


def open_table(
    path: Path,
    *,
    sheet: Callable[[str], bool] | None = None,
    header: Callable[[list[str]], bool] | None = None,
    delimiter: str | None = None,
) -> Table:
    """Open ``path`` as rows of raw cells (not yet cleaned).

    For a workbook, ``sheet`` picks the worksheet by name; failing that (or without it)
    the first sheet with a row that ``header`` accepts among its first 30 rows; failing
    that the first sheet. ``delimiter`` forces the separator of a text file (else tab
    when the first line has a tab and no comma, comma otherwise).
    """
    if not path.exists():
        raise TableError(f"{path} does not exist")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".xlsx", ".xlsm"):
        names = xlsx_sheet_names(path)
        chosen = next((n for n in names if sheet is not None and sheet(n)), None)
        if chosen is None and header is not None:
            for n in names:
                probe = _xlsx_table(path, lambda x, n=n: x == n)  # type: ignore[misc]
                found = any(
                    header([clean(c) for c in cells])
                    for _, cells in itertools.islice(probe.rows, 30)
                )
                probe.rows.close()  # type: ignore[attr-defined]
                if found:
                    chosen = n
                    break
        if chosen is None and sheet is not None and header is None:
            return _xlsx_table(path, sheet)
        return _xlsx_table(path, None if chosen is None else (lambda x: x == chosen))
    if suffixes and suffixes[-1] == ".xls":
        raise TableError(
            f"{path.name}: the old Excel .xls format is not read; save the sheet as .xlsx or CSV"
        )
    data = read_bytes(path)
    if data[:4] == b"PK\x03\x04":
        raise TableError(
            f"{path.name}: this is a zip file (perhaps a workbook): give it an .xlsx name, "
            "or unzip it first"
        )
    try:
        text, encoding = decode(data)
    except TableError as exc:
        raise TableError(f"{path.name}: {exc}") from None
    stripped = text.lstrip()
    if ".json" in suffixes or stripped[:1] in ("[", "{"):
        return Table(path.name, _json_rows(path.name, stripped), encoding)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
    return Table(path.name, _delimited(path.name, text, delimiter), encoding)


def _json_rows(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TableError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    rows = doc.get("rows") if isinstance(doc, dict) else doc
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise TableError(f"{name}: expected a JSON array of objects (or an object with 'rows')")
    header: list[str] = []
    for r in rows:
        for k in r:
            if k not in header:
                header.append(str(k))
    yield 0, header
    for i, r in enumerate(rows, start=1):
        yield i, ["" if r.get(k) is None else str(r.get(k)) for k in header]


# --------------------------------------------------------------------------- xlsx
#
# Workbooks are read with python-calamine (Rust's calamine; rows streamed with
# ``iter_rows``). openpyxl in read-only mode was tried first: 4x slower than the
# hand-written reader it replaced; calamine is far faster than both (benchmarks/
# bench_tables.py). A workbook is a zip: before it is opened, the declared uncompressed size of its members
# is checked against MAX_XLSX_UNCOMPRESSED, so a zip bomb is refused unopened.


def _check_workbook(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
            if "xl/workbook.xml" not in z.namelist():
                raise TableError(f"{path.name}: not a readable .xlsx workbook")
    except zipfile.BadZipFile:
        raise TableError(f"{path.name}: not a readable .xlsx workbook") from None
    if total > MAX_XLSX_UNCOMPRESSED:
        raise TableError(
            f"{path.name}: the workbook expands to {total:,} bytes, more than the "
            f"{MAX_XLSX_UNCOMPRESSED:,} accepted; export the sheet as CSV"
        )


def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    _check_workbook(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise TableError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None


def xlsx_sheet_names(path: Path) -> list[str]:
    return list(_open_workbook(path).sheet_names)


def _text(value: object) -> str:
    """A cell's value as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _xlsx_table(path: Path, pick: Callable[[str], bool] | None) -> Table:
    wb = _open_workbook(path)
    names = list(wb.sheet_names)
    name = next((n for n in names if pick is None or pick(n)), None)
    if name is None:
        raise TableError(f"{path.name}: no matching sheet (sheets: {', '.join(names)})")
    try:
        ws = wb.get_sheet_by_name(name)
    except Exception as exc:
        raise TableError(f"{path.name}[{name}]: the sheet cannot be read ({exc})") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = ws.start  # (row, column), 0-based, of the sheet's used range; None if empty
        if start is None:
            return
        # iter_rows yields every row from the sheet's first (row 1, even when empty),
        # but only the columns of the used range: pad them back to column A
        pad = [""] * start[1]
        for r, values in enumerate(ws.iter_rows(), start=1):
            cells = pad + [_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            for i, c in enumerate(cells):
                if len(c) > MAX_CELL:
                    raise TableError(
                        f"{path.name}[{name}]:{r}:{i + 1}: a cell is longer than "
                        f"{MAX_CELL:,} characters"
                    )
            yield r, cells

    return Table(f"{path.name}[{name}]", rows(), "xlsx")
