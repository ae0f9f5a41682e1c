"""Reading the official files as rows of text cells, with their line numbers.

One reader for every layout the importers accept: CSV (UTF-8 with or without a byte
order mark, or Windows-1252 as Excel writes it), tab-separated text (O*NET), either of
them gzip-compressed (``.gz``), Excel workbooks (``.xlsx``, read with the standard
library: one sheet, chosen by name) and JSON (an array of objects, or an object with a
``rows`` array, as the Projections Central API returns).

Cells are returned as text with Excel's text formulas unwrapped (``="01.0101"`` →
``01.0101``). Line numbers are the file's physical line of the start of the record
(the sheet's row number for a workbook), so an error can point at it.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

_FORMULA_RE = re.compile(r'^=\s*"(.*)"$', re.DOTALL)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class TableError(Exception):
    """A file that cannot be read as a table at all (not a row-level problem)."""


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


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix.lower() == ".gz" or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise TableError(f"{path.name}: not a readable gzip file ({exc})") from None
    return data


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (a BOM is dropped), else Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimited(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


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
    text, encoding = decode(data)
    stripped = text.lstrip()
    if ".json" in suffixes or stripped[:1] in ("[", "{"):
        return Table(path.name, _json_rows(path.name, stripped), encoding)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first and "," not in first else ","
    return Table(path.name, _delimited(text, delimiter), encoding)


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


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return n - 1


def xlsx_sheet_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as z:
            wb = ET.fromstring(z.read("xl/workbook.xml"))
    except (zipfile.BadZipFile, KeyError):
        raise TableError(f"{path.name}: not a readable .xlsx workbook") from None
    return [s.get("name", "") for s in wb.iter(f"{_NS}sheet")]


def _xlsx_table(path: Path, pick: Callable[[str], bool] | None) -> Table:
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise TableError(f"{path.name}: not a readable .xlsx workbook") from None
    try:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        z.close()
        raise TableError(f"{path.name}: not a readable .xlsx workbook") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    sheets = [
        (s.get("name", ""), targets.get(s.get(f"{_REL_NS}id"), "")) for s in wb.iter(f"{_NS}sheet")
    ]
    chosen = next(((n, t) for n, t in sheets if pick is None or pick(n)), None)
    if chosen is None:
        z.close()
        names = ", ".join(n for n, _ in sheets)
        raise TableError(f"{path.name}: no matching sheet (sheets: {names})")
    name, target = chosen
    target = target.lstrip("/")
    member = target if target.startswith("xl/") else f"xl/{target}"
    shared: list[str] = []
    if "xl/sharedStrings.xml" in z.namelist():
        with z.open("xl/sharedStrings.xml") as f:
            for _, el in ET.iterparse(f):
                if el.tag == f"{_NS}si":
                    shared.append("".join(t.text or "" for t in el.iter(f"{_NS}t")))
                    el.clear()

    def rows() -> Iterator[tuple[int, list[str]]]:
        with z, z.open(member) as f:
            for _, el in ET.iterparse(f):
                if el.tag != f"{_NS}row":
                    continue
                cells: dict[int, str] = {}
                for i, c in enumerate(el.iter(f"{_NS}c")):
                    ref = c.get("r")
                    col = _col_index(ref) if ref else i
                    t = c.get("t")
                    v = c.find(f"{_NS}v")
                    if t == "s" and v is not None and v.text is not None:
                        val = shared[int(v.text)]
                    elif t == "inlineStr":
                        val = "".join(x.text or "" for x in c.iter(f"{_NS}t"))
                    elif t == "b":
                        val = "TRUE" if v is not None and v.text == "1" else "FALSE"
                    else:
                        val = (v.text or "") if v is not None else ""
                    cells[col] = val
                r = int(el.get("r", "0") or 0)
                el.clear()
                width = max(cells) + 1 if cells else 0
                yield r, [cells.get(i, "") for i in range(width)]

    return Table(f"{path.name}[{name}]", rows(), "xlsx")
