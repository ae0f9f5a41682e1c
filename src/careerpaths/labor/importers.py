"""Importers for the official file layouts.

Every importer reads a whole file, checks every row and returns a
:class:`ParsedDataset`, or raises :class:`ImportFailed` listing each problem with its
file, line, column and reason. Nothing is written here: :mod:`careerpaths.labor.store`
writes a parsed dataset in one transaction, so a file with any bad row loads nothing.

Accepted layouts (header names are matched without regard to case, spaces or
punctuation; columns not listed are ignored; docs/labor.md has the full table):

``oews``
    *BLS OEWS download files* (``national_M2025_dl``, ``state_M2025_dl``,
    ``MSA_M2025_dl``, ``all_data_M_2025``; .xlsx or CSV): ``AREA, AREA_TITLE,
    AREA_TYPE, PRIM_STATE, OCC_CODE, OCC_TITLE, O_GROUP, TOT_EMP, H_MEDIAN, A_MEDIAN,
    A_PCT25, A_PCT75`` and optionally ``NAICS, I_GROUP, OWN_CODE, ANNUAL, HOURLY``.
    Only cross-industry, all-ownership rows are kept. ``*`` / ``**`` = not released,
    ``#`` = top-coded, ``~`` = under 0.5% of establishments (ignored).
    *BLS OEWS time-series extract* (the series of download.bls.gov/pub/time.series/oe
    decoded to one row per area and occupation, as shipped): ``area_code, area_type,
    state_code, area_name, soc_code, occupation_title, display_level, employment,
    h_median, a_median, a_pct25, a_pct75, footnote_codes``; ``-`` = not released;
    footnote 4 = hourly or annual only, 5 = top-coded, 8 = not released.
``projections``
    *BLS Employment Projections Table 1.2* (``occupation.xlsx`` sheet "Table 1.2", or
    that sheet saved as CSV; the title row, the header row and the footnotes are
    recognised), or the cleaned copy with ``soc_code, title, occupation_type,
    employment_2024_thousands, ...`` columns.
``state-projections``
    *Projections Central long-term projections* (CSV export or the LongTermRestJson
    JSON): ``STFIPS, Area, OccCode, Title, BaseYear, Base, ProjYear, Projected,
    PercentChange, AvgAnnualOpenings``; or a state LMI table with the same meaning under
    common names (SOC Code, Base Employment, Projected Employment, Annual Openings...),
    with the state and the period given on the command line when not in the file.
``crosswalk``
    *NCES CIP 2020 to SOC 2018 crosswalk* (CSV with or without a BOM, or the .xlsx
    sheet "CIP-SOC"): ``CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title``;
    ``99-9999 NO MATCH`` rows record programs with no occupation.
``onet``
    *O*NET Occupation Data* (``Occupation Data.txt`` tab-separated, or .xlsx):
    ``O*NET-SOC Code, Title, Description``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from careerpaths.core.numbers import (
    ANNUAL_WAGE,
    COUNT,
    HOURLY_WAGE,
    PERCENT_CHANGE,
    Domain,
    OutOfDomain,
    check_number,
)
from careerpaths.io.errors import LoadError
from careerpaths.labor.geo import FIPS_BY_POSTAL, NAME_BY_FIPS, state_fips
from careerpaths.labor.rollup import is_soc, normalize_soc, soc_to_int
from careerpaths.labor.tables import Table, TableError, clean, open_table

#: Problems listed before an import gives up reading further rows.
MAX_PROBLEMS = 200

# OEWS row flags (bit mask stored with every area x occupation row).
EMP_NOT_RELEASED = 1
WAGE_NOT_RELEASED = 2
HOURLY_ONLY = 4  # annual wages not published (e.g. actors): compare hourly x hours
ANNUAL_ONLY = 8  # hourly wages not published (e.g. teachers)
MEDIAN_TOPCODED = 16
P25_TOPCODED = 32
P75_TOPCODED = 64

#: OEWS top codes since May 2022: wages at or above are published only as "#".
TOPCODE_ANNUAL = 239_200
TOPCODE_HOURLY_CENTS = 11_500


class ImportKind(StrEnum):
    OEWS = "oews"
    PROJECTIONS = "projections"
    STATE_PROJECTIONS = "state-projections"
    CROSSWALK = "crosswalk"
    ONET = "onet"


class ImportFailed(Exception):
    """An import that found problems; ``problems`` has file, line, column and reason."""

    def __init__(self, problems: list[LoadError], truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        head = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(head + more)


@dataclass(frozen=True)
class AreaRecord:
    code: int  # 7-digit OEWS area code as an integer (0 = national)
    type: str  # N national, S state/territory, M metropolitan, NM nonmetropolitan
    state: str  # state FIPS ("00" for national)
    name: str


@dataclass(frozen=True)
class ProjectionRecord:
    state: str  # "00" national, else the state FIPS
    soc: int
    title: str
    line_item: bool
    emp_base: int | None
    emp_proj: int | None
    change_pct: float | None
    openings: int | None  # average annual openings, persons
    median_wage: int | None
    wage_topcoded: bool
    education: str | None
    experience: str | None
    training: str | None


@dataclass
class ParsedDataset:
    """A whole file, checked: what the store writes as one dataset."""

    kind: ImportKind
    file: str
    sha256: str
    layout: str
    vintage: str
    period: str
    notes: list[str] = field(default_factory=list)
    areas: dict[int, AreaRecord] = field(default_factory=dict)
    occupations: dict[int, tuple[str, int]] = field(default_factory=dict)  # soc → title, level
    oews: list[tuple[int, int, int | None, int | None, int | None, int | None, int | None, int]] = (
        field(default_factory=list)
    )
    projections: list[ProjectionRecord] = field(default_factory=list)
    crosswalk: list[tuple[str, str | None, str, str]] = field(default_factory=list)
    onet: list[tuple[str, str, str]] = field(default_factory=list)
    topcode_annual: int = TOPCODE_ANNUAL
    topcode_hourly_cents: int = TOPCODE_HOURLY_CENTS

    @property
    def rows(self) -> int:
        return len(self.oews) + len(self.projections) + len(self.crosswalk) + len(self.onet)


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[LoadError] = []
        self.truncated = False

    def add(self, line: int | None, column: int | None, reason: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.truncated = True
            return
        self.items.append(LoadError(self.file, line, column, reason))

    @property
    def full(self) -> bool:
        return self.truncated

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items, self.truncated)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ------------------------------------------------------------------------ vintages

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def parse_vintage(text: str) -> tuple[str, str]:
    """A vintage as written by a person → (display, sortable period).

    ``"May 2026"`` → ``("May 2026", "2026-05")``; ``"2026-05"`` → the same;
    ``"2024-34"`` or ``"2024–2034"`` → ``("2024–34", "2024-2034")``;
    anything else is kept as written (period = the text).
    """
    t = text.strip()
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", t)
    if m and m.group(1).lower() in _MONTHS:
        month = _MONTHS[m.group(1).lower()]
        return f"{m.group(1).title()} {m.group(2)}", f"{m.group(2)}-{month:02d}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if m and 1 <= int(m.group(2)) <= 12:
        month_name = next(k for k, v in _MONTHS.items() if v == int(m.group(2))).title()
        return f"{month_name} {m.group(1)}", t
    m = re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})", t)
    if m:
        end = m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)
        return f"{m.group(1)}–{end[2:]}", f"{m.group(1)}-{end}"
    return t, t


def oews_vintage_from_name(name: str) -> tuple[str, str] | None:
    """``MSA_M2025_dl.xlsx``, ``oesm25ma``, ``oews_may2025_...`` → ("May 2025", "2025-05")."""
    low = name.lower()
    m = re.search(r"may[_\- ]?(\d{4})", low) or re.search(r"_m_?(\d{4})", low)
    if m:
        return parse_vintage(f"May {m.group(1)}")
    m = re.search(r"oesm(\d{2})", low)
    if m:
        return parse_vintage(f"May 20{m.group(1)}")
    return None


# ------------------------------------------------------------------------ helpers


def _header_index(
    header: list[str],
    wanted: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    problems: _Problems,
    line: int,
) -> dict[str, int] | None:
    keys = [_key(clean(h)) for h in header]
    idx: dict[str, int] = {}
    for field_name, aliases in wanted.items():
        for alias in aliases:
            if alias in keys:
                idx[field_name] = keys.index(alias)
                break
    missing = [f for f in required if f not in idx]
    if missing:
        problems.add(
            line,
            None,
            "missing column"
            + ("s " if len(missing) > 1 else " ")
            + ", ".join("/".join(wanted[m][:2]) for m in missing),
        )
        return None
    return idx


def _number(
    text: str,
    line: int,
    column: int,
    name: str,
    problems: _Problems,
    *,
    blanks: tuple[str, ...] = ("", "-", "—", "–", "*", "**", "n/a", "na", "(d)", "(s)"),
    domain: Domain | None = None,
) -> float | None:
    t = text.strip().replace(",", "").replace("$", "")
    if t.lower() in blanks:
        return None
    try:
        value = float(t)
    except ValueError:
        problems.add(line, column, f"{name}: {text.strip()!r} is not a number")
        return None
    try:
        return check_number(value, domain or _domain_for(name))
    except OutOfDomain as exc:
        problems.add(line, column, f"{name}: {text.strip()} is not {exc.domain.describe()}")
        return None


#: The domain of each column of the labor tables, by column key (see ``_columns``).
_DOMAINS: dict[str, Domain] = {
    "emp": COUNT,
    "emp_base": COUNT,
    "emp_proj": COUNT,
    "base": COUNT,
    "proj": COUNT,
    "openings": COUNT,
    "a_median": ANNUAL_WAGE,
    "a_pct25": ANNUAL_WAGE,
    "a_pct75": ANNUAL_WAGE,
    "h_median": HOURLY_WAGE,
    "change_pct": PERCENT_CHANGE,
    "pct": PERCENT_CHANGE,
}
_ANY = Domain("a number", -1e15, 1e15)


def _domain_for(name: str) -> Domain:
    key = name.lower()
    if key in _DOMAINS:
        return _DOMAINS[key]
    if "wage" in key:
        return ANNUAL_WAGE
    if "percent" in key:
        return PERCENT_CHANGE
    if "employment" in key or "openings" in key:
        return COUNT
    return _ANY


def _col_number(
    cells: list[str],
    idx: dict[str, int],
    col: str,
    line: int,
    label: str,
    problems: _Problems,
    blanks: tuple[str, ...] | None = None,
) -> float | None:
    """The number in column ``col`` (None when the column is absent or the cell blank)."""
    if col not in idx:
        return None
    i = idx[col]
    domain = _DOMAINS.get(col)
    if blanks is None:
        return _number(cells[i], line, i + 1, label, problems, domain=domain)
    return _number(cells[i], line, i + 1, label, problems, blanks=blanks, domain=domain)


def _col_text(cells: list[str], idx: dict[str, int], col: str) -> str | None:
    """The text in column ``col``; None when absent, blank or a dash ("not available")."""
    if col not in idx:
        return None
    v = cells[idx[col]]
    return None if v in ("", "—", "-", "–") else v


def _finish(parsed: ParsedDataset, problems: _Problems) -> ParsedDataset:
    problems.raise_if_any()
    if parsed.rows == 0:
        raise ImportFailed([LoadError(parsed.file, None, None, "no data rows found")])
    return parsed


def _open(
    path: Path,
    sheet: Callable[[str], bool] | None = None,
    header: Callable[[list[str]], bool] | None = None,
) -> Table:
    try:
        return open_table(path, sheet=sheet, header=header)
    except TableError as exc:
        raise ImportFailed([LoadError(path.name, None, None, str(exc))]) from None


def _first_nonblank(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    for line, cells in rows:
        if any(c.strip() for c in cells):
            return line, cells
    return None


# ------------------------------------------------------------------------ OEWS

_OEWS_TS = {
    "area": ("areacode",),
    "area_type": ("areatype",),
    "state": ("statecode",),
    "area_name": ("areaname",),
    "soc": ("soccode", "occupationcode"),
    "title": ("occupationtitle",),
    "level": ("displaylevel",),
    "emp": ("employment",),
    "h_median": ("hmedian",),
    "a_median": ("amedian",),
    "a_pct25": ("apct25",),
    "a_pct75": ("apct75",),
    "footnotes": ("footnotecodes",),
}
_OEWS_DL = {
    "area": ("area",),
    "area_name": ("areatitle", "areaname"),
    "area_type": ("areatype",),
    "state": ("primstate", "st"),
    "naics": ("naics",),
    "i_group": ("igroup",),
    "own_code": ("owncode",),
    "soc": ("occcode",),
    "title": ("occtitle",),
    "group": ("ogroup", "occgroup"),
    "emp": ("totemp",),
    "h_median": ("hmedian",),
    "a_median": ("amedian",),
    "a_pct25": ("apct25",),
    "a_pct75": ("apct75",),
    "annual": ("annual",),
    "hourly": ("hourly",),
}
_O_GROUP_LEVEL = {"total": 0, "major": 0, "minor": 1, "broad": 2, "detailed": 3}
_DL_AREA_TYPE = {"1": "N", "2": "S", "3": "S", "4": "M", "6": "NM"}


def _is_oews_header(cells: list[str]) -> bool:
    keys = {_key(c) for c in cells}
    return ("occcode" in keys and "area" in keys) or ("soccode" in keys and "areacode" in keys)


def parse_oews(path: Path, *, vintage: str | None = None) -> ParsedDataset:
    """Read an OEWS file (either layout in the module doc) → a checked dataset."""
    table = _open(path, header=_is_oews_header)
    problems = _Problems(table.name)
    if vintage:
        vint = parse_vintage(vintage)
    else:
        found = oews_vintage_from_name(path.name)
        if found is None:
            raise ImportFailed(
                [
                    LoadError(
                        table.name,
                        None,
                        None,
                        "cannot tell the OEWS vintage from the file name; "
                        "give it (e.g. --vintage 'May 2026')",
                    )
                ]
            )
        vint = found
    parsed = ParsedDataset(ImportKind.OEWS, path.name, sha256_of(path), "", vint[0], vint[1])
    first = _first_nonblank(table.rows)
    if first is None:
        raise ImportFailed([LoadError(table.name, None, None, "the file is empty")])
    hline, header = first
    keys = {_key(clean(h)) for h in header}
    if "areacode" in keys and "soccode" in keys:
        parsed.layout = "oews-timeseries"
        idx = _header_index(
            header,
            _OEWS_TS,
            (
                "area",
                "area_type",
                "area_name",
                "soc",
                "title",
                "level",
                "emp",
                "h_median",
                "a_median",
                "a_pct25",
                "a_pct75",
                "footnotes",
            ),
            problems,
            hline,
        )
        if idx is not None:
            _oews_timeseries(table.rows, idx, len(header), parsed, problems)
    elif "occcode" in keys and "area" in keys:
        parsed.layout = "oews-download"
        idx = _header_index(
            header,
            _OEWS_DL,
            (
                "area",
                "area_name",
                "area_type",
                "soc",
                "title",
                "group",
                "emp",
                "h_median",
                "a_median",
                "a_pct25",
                "a_pct75",
            ),
            problems,
            hline,
        )
        if idx is not None:
            _oews_download(table.rows, idx, len(header), parsed, problems)
    else:
        problems.add(
            hline,
            None,
            "not an OEWS layout: expected the BLS download columns (AREA, OCC_CODE, "
            "TOT_EMP, A_MEDIAN, ...) or the time-series extract (area_code, soc_code, ...)",
        )
    return _finish(parsed, problems)


def _parse_footnotes(text: str) -> dict[str, set[str]] | None:
    out: dict[str, set[str]] = {}
    t = text.strip()
    if not t:
        return out
    for token in t.split(";"):
        token = token.strip()
        if not token:
            continue
        measure, sep, code = token.partition(":")
        if not sep or not measure or not code.strip().isdigit():
            return None
        out.setdefault(measure.strip(), set()).add(code.strip())
    return out


def _oews_timeseries(
    rows: Iterator[tuple[int, list[str]]],
    idx: dict[str, int],
    width: int,
    parsed: ParsedDataset,
    problems: _Problems,
) -> None:
    seen: set[tuple[int, int]] = set()
    used = sorted(set(idx.values()))
    for line, raw in rows:
        if problems.full:
            break
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != width:
            problems.add(line, None, f"{len(raw)} fields where the header has {width}")
            continue
        cells = raw
        for i in used:
            cells[i] = clean(raw[i])
        bad = len(problems.items)
        area_txt = cells[idx["area"]]
        if not (area_txt.isdigit() and len(area_txt) == 7):
            problems.add(line, idx["area"] + 1, f"area_code: {area_txt!r} is not a 7-digit code")
        atype = cells[idx["area_type"]].upper()
        if atype not in ("N", "S", "M"):
            problems.add(line, idx["area_type"] + 1, f"area_type: {atype!r} is not N, S or M")
        soc_txt = cells[idx["soc"]]
        if not is_soc(soc_txt):
            problems.add(line, idx["soc"] + 1, f"soc_code: {soc_txt!r} is not a SOC code")
        level_txt = cells[idx["level"]]
        if level_txt not in ("0", "1", "2", "3"):
            problems.add(line, idx["level"] + 1, f"display_level: {level_txt!r} is not 0-3")
        notes = _parse_footnotes(cells[idx["footnotes"]])
        if notes is None:
            problems.add(
                line,
                idx["footnotes"] + 1,
                f"footnote_codes: {cells[idx['footnotes']]!r} is not a list of measure:code",
            )
            notes = {}

        dash = ("", "-")
        emp = _col_number(cells, idx, "emp", line, "employment", problems, dash)
        a_med = _col_number(cells, idx, "a_median", line, "a_median", problems, dash)
        h_med = _col_number(cells, idx, "h_median", line, "h_median", problems, dash)
        a25 = _col_number(cells, idx, "a_pct25", line, "a_pct25", problems, dash)
        a75 = _col_number(cells, idx, "a_pct75", line, "a_pct75", problems, dash)
        if len(problems.items) > bad:
            continue
        area = int(area_txt)
        soc = soc_to_int(normalize_soc(soc_txt))
        if (area, soc) in seen:
            problems.add(line, idx["soc"] + 1, f"{soc_txt} appears twice for area {area_txt}")
            continue
        seen.add((area, soc))
        flags = 0
        if emp is None:
            flags |= EMP_NOT_RELEASED
        if "5" in notes.get("a_median", ()) or "5" in notes.get("h_median", ()):
            flags |= MEDIAN_TOPCODED
            a_med = a_med if a_med is not None else TOPCODE_ANNUAL
            h_med = h_med if h_med is not None else TOPCODE_HOURLY_CENTS / 100
        if "5" in notes.get("a_pct25", ()):
            flags |= P25_TOPCODED
            a25 = a25 if a25 is not None else TOPCODE_ANNUAL
        if "5" in notes.get("a_pct75", ()):
            flags |= P75_TOPCODED
            a75 = a75 if a75 is not None else TOPCODE_ANNUAL
        if "4" in notes.get("a_median", ()):
            flags |= HOURLY_ONLY
        if "4" in notes.get("h_median", ()):
            flags |= ANNUAL_ONLY
        if a_med is None and h_med is None:
            flags |= WAGE_NOT_RELEASED
        if area not in parsed.areas:
            st = cells[idx["state"]] if "state" in idx else area_txt[:2]
            typ = atype if atype != "M" or area_txt.startswith("00") else "NM"
            parsed.areas[area] = AreaRecord(area, typ, st.zfill(2), cells[idx["area_name"]])
        if soc not in parsed.occupations or atype == "N":
            parsed.occupations[soc] = (cells[idx["title"]], int(level_txt))
        parsed.oews.append(_oews_row(area, soc, emp, a_med, h_med, a25, a75, flags))


def _oews_download(
    rows: Iterator[tuple[int, list[str]]],
    idx: dict[str, int],
    width: int,
    parsed: ParsedDataset,
    problems: _Problems,
) -> None:
    seen: set[tuple[int, int]] = set()
    skipped = 0
    for line, raw in rows:
        if problems.full:
            break
        if not any(c.strip() for c in raw):
            continue
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        elif len(raw) > width and any(c.strip() for c in raw[width:]):
            problems.add(line, None, f"{len(raw)} fields where the header has {width}")
            continue
        cells = [clean(c) for c in raw]
        if "naics" in idx and cells[idx["naics"]] not in ("000000", "0", ""):
            skipped += 1
            continue
        if "i_group" in idx and cells[idx["i_group"]].lower() not in ("cross-industry", ""):
            skipped += 1
            continue
        if "own_code" in idx and cells[idx["own_code"]] not in ("1235", ""):
            skipped += 1
            continue
        bad = len(problems.items)
        area_txt = cells[idx["area"]]
        atype_txt = cells[idx["area_type"]]
        atype = _DL_AREA_TYPE.get(atype_txt)
        if atype is None:
            problems.add(
                line, idx["area_type"] + 1, f"AREA_TYPE: {atype_txt!r} is not 1, 2, 3, 4 or 6"
            )
        if not area_txt.isdigit():
            problems.add(line, idx["area"] + 1, f"AREA: {area_txt!r} is not an area code")
        soc_txt = cells[idx["soc"]]
        if not is_soc(soc_txt):
            problems.add(line, idx["soc"] + 1, f"OCC_CODE: {soc_txt!r} is not a SOC code")
        group = cells[idx["group"]].lower()
        if group not in _O_GROUP_LEVEL:
            problems.add(
                line,
                idx["group"] + 1,
                f"O_GROUP: {group!r} is not total/major/minor/broad/detailed",
            )
        values: dict[str, tuple[float | None, str]] = {}
        for col in ("emp", "h_median", "a_median", "a_pct25", "a_pct75"):
            text = cells[idx[col]]
            marker = text if text in ("*", "**", "#", "~") else ""
            values[col] = (
                None
                if marker
                else _number(text, line, idx[col] + 1, col.upper(), problems, blanks=("",)),
                marker,
            )
        if len(problems.items) > bad or atype is None:
            continue
        area = (
            0
            if atype == "N"
            else int(area_txt) * 100_000
            if atype == "S" and len(area_txt) <= 2
            else int(area_txt)
        )
        soc = soc_to_int(normalize_soc(soc_txt))
        if (area, soc) in seen:
            problems.add(line, idx["soc"] + 1, f"{soc_txt} appears twice for area {area_txt}")
            continue
        seen.add((area, soc))
        flags = 0
        emp, _ = values["emp"]
        if emp is None:
            flags |= EMP_NOT_RELEASED
        a_med, a_mark = values["a_median"]
        h_med, h_mark = values["h_median"]
        a25, a25_mark = values["a_pct25"]
        a75, a75_mark = values["a_pct75"]
        if a_mark == "#" or h_mark == "#":
            flags |= MEDIAN_TOPCODED
            a_med = a_med if a_med is not None else parsed.topcode_annual
            h_med = h_med if h_med is not None else parsed.topcode_hourly_cents / 100
        if a25_mark == "#":
            flags |= P25_TOPCODED
            a25 = parsed.topcode_annual
        if a75_mark == "#":
            flags |= P75_TOPCODED
            a75 = parsed.topcode_annual
        if "hourly" in idx and cells[idx["hourly"]].upper() in ("TRUE", "1", "YES"):
            flags |= HOURLY_ONLY
        if "annual" in idx and cells[idx["annual"]].upper() in ("TRUE", "1", "YES"):
            flags |= ANNUAL_ONLY
        if a_med is None and h_med is None:
            flags |= WAGE_NOT_RELEASED
        if area not in parsed.areas:
            st_txt = cells[idx["state"]] if "state" in idx else ""
            st = "00" if atype == "N" else FIPS_BY_POSTAL.get(st_txt.upper(), "")
            if not st:
                st = f"{area:07d}"[:2] if atype in ("S", "NM") else ""
            parsed.areas[area] = AreaRecord(area, atype, st, cells[idx["area_name"]])
        if soc not in parsed.occupations or atype == "N":
            parsed.occupations[soc] = (cells[idx["title"]], _O_GROUP_LEVEL[group])
        parsed.oews.append(_oews_row(area, soc, emp, a_med, h_med, a25, a75, flags))
    if skipped:
        parsed.notes.append(f"{skipped} industry- or ownership-specific rows skipped")


# ------------------------------------------------------------------------ EP Table 1.2

_EDUCATION_VALUES = (
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
)


def parse_projections(path: Path, *, vintage: str | None = None) -> ParsedDataset:
    """Read BLS EP Table 1.2 (official sheet or the cleaned CSV) → national projections."""
    table = _open(
        path,
        sheet=lambda n: _key(n) == "table12",
        header=lambda cells: any("nationalemploymentmatrixcode" in _key(c) for c in cells),
    )
    problems = _Problems(table.name)
    parsed = ParsedDataset(ImportKind.PROJECTIONS, path.name, sha256_of(path), "", "", "")
    header: list[str] | None = None
    hline = 0
    for line, raw in table.rows:
        cells = [clean(c) for c in raw]
        keys = [_key(c) for c in cells]
        if any("nationalemploymentmatrixcode" in k for k in keys) or (
            "soccode" in keys and "occupationtype" in keys
        ):
            header, hline = cells, line
            break
        if line > 20:
            break
    if header is None:
        problems.add(
            None,
            None,
            "not EP Table 1.2: no header row with '2024 National Employment Matrix code' "
            "(or soc_code, occupation_type) in the first rows",
        )
        problems.raise_if_any()
        return parsed
    cols = _ep_columns(header, problems, hline)
    if cols is None:
        problems.raise_if_any()
        return parsed
    idx, base_year, proj_year, layout = cols
    parsed.layout = layout
    if vintage:
        parsed.vintage, parsed.period = parse_vintage(vintage)
    else:
        parsed.vintage, parsed.period = parse_vintage(f"{base_year}-{proj_year}")
    seen: set[int] = set()
    unknown_edu: set[str] = set()
    for line, raw in table.rows:
        if problems.full:
            break
        cells = [clean(c) for c in raw]
        if not any(cells):
            continue
        first = cells[0] if cells else ""
        code_txt = cells[idx["soc"]] if idx["soc"] < len(cells) else ""
        if not code_txt and re.match(r"^(footnotes?|note|source|\[\d+\])", first, re.I):
            break  # the footnotes under the official table
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        bad = len(problems.items)
        if not is_soc(code_txt):
            problems.add(line, idx["soc"] + 1, f"occupation code: {code_txt!r} is not a SOC code")
        otype = cells[idx["type"]]
        if otype.lower() not in ("line item", "summary"):
            problems.add(
                line, idx["type"] + 1, f"occupation type: {otype!r} is not 'Line item' or 'Summary'"
            )

        base = _col_number(cells, idx, "emp_base", line, f"employment {base_year}", problems)
        proj = _col_number(cells, idx, "emp_proj", line, f"employment {proj_year}", problems)
        pct = _col_number(cells, idx, "change_pct", line, "percent change", problems)
        openings = _col_number(cells, idx, "openings", line, "annual openings", problems)
        wage_txt = cells[idx["wage"]]
        topcoded = wage_txt.startswith(">=") or wage_txt.startswith("≥")
        wage = (
            _number(wage_txt.lstrip(">=≥"), line, idx["wage"] + 1, "median wage", problems)
            if wage_txt
            else None
        )
        if len(problems.items) > bad:
            continue
        soc = soc_to_int(normalize_soc(code_txt))
        if soc in seen:
            problems.add(line, idx["soc"] + 1, f"{code_txt} appears twice")
            continue
        seen.add(soc)

        edu = _col_text(cells, idx, "education")
        if edu is not None and edu not in _EDUCATION_VALUES:
            unknown_edu.add(edu)
        parsed.projections.append(
            ProjectionRecord(
                state="00",
                soc=soc,
                title=cells[idx["title"]].strip(),
                line_item=otype.lower() == "line item",
                emp_base=None if base is None else round(base * 1000),
                emp_proj=None if proj is None else round(proj * 1000),
                change_pct=None if pct is None else round(pct, 1),
                openings=None if openings is None else round(openings * 1000),
                median_wage=None if wage is None else round(wage),
                wage_topcoded=topcoded,
                education=edu,
                experience=_col_text(cells, idx, "experience"),
                training=_col_text(cells, idx, "training"),
            )
        )
    if unknown_edu:
        parsed.notes.append(
            "education values not in the 2024-34 list: " + ", ".join(sorted(unknown_edu))
        )
    return _finish(parsed, problems)


def _ep_columns(
    header: list[str], problems: _Problems, line: int
) -> tuple[dict[str, int], str, str, str] | None:
    idx: dict[str, int] = {}
    years: list[tuple[int, str]] = []
    layout = "ep-table-1.2"
    for i, h in enumerate(header):
        k = _key(h)
        low = h.lower()
        if "nationalemploymentmatrixcode" in k or k == "soccode":
            idx["soc"] = i
        elif "nationalemploymentmatrixtitle" in k or k == "title":
            idx["title"] = i
        elif k == "occupationtype":
            idx["type"] = i
        elif m := (
            re.fullmatch(r"employment,?\s*(\d{4})", low.strip())
            or re.fullmatch(r"employment_(\d{4})_thousands", low.strip())
        ):
            years.append((i, m.group(1)))
        elif ("change" in k and "percent" in k) or k.startswith("empchangepct"):
            idx["change_pct"] = i
        elif "openings" in k:
            idx["openings"] = i
        elif "medianannualwage" in k:
            idx["wage"] = i
        elif "typicaleducation" in k:
            idx["education"] = i
        elif "workexperience" in k:
            idx["experience"] = i
        elif "onthejobtraining" in k:
            idx["training"] = i
    if "soccode" in [_key(h) for h in header]:
        layout = "ep-table-1.2-cleaned"
    if len(years) >= 2:
        idx["emp_base"], base_year = years[0]
        idx["emp_proj"], proj_year = years[1]
    else:
        base_year = proj_year = ""
    required = ("soc", "title", "type", "emp_base", "emp_proj", "change_pct", "openings", "wage")
    missing = [r for r in required if r not in idx]
    if missing:
        problems.add(line, None, "EP Table 1.2 header lacks: " + ", ".join(missing))
        return None
    return idx, base_year, proj_year, layout


# ------------------------------------------------------------------------ state projections

_STATE = {
    "soc": ("occcode", "soccode", "occupationcode", "soc", "code"),
    "title": ("title", "occupationtitle", "occtitle", "occupationname", "occupation"),
    "base": (
        "base",
        "baseemployment",
        "baseyearemployment",
        "estimatedemployment",
        "employmentbase",
        "estimated",
    ),
    "proj": (
        "projected",
        "projectedemployment",
        "projectedyearemployment",
        "projection",
        "employmentprojected",
    ),
    "pct": ("percentchange", "pctchange", "percent", "changepercent", "growthrate"),
    "openings": (
        "avgannualopenings",
        "annualopenings",
        "averageannualopenings",
        "totalannualopenings",
        "annualaveragetotalopenings",
        "averageannualtotalopenings",
    ),
    "state": ("stfips", "statefips", "fips", "statecode"),
    "area": ("area", "areaname", "statename", "state"),
    "base_year": ("baseyear",),
    "proj_year": ("projyear", "projectedyear", "projectionyear"),
}


def parse_state_projections(
    path: Path, *, state: str | None = None, vintage: str | None = None
) -> ParsedDataset:
    """Read a state long-term occupational projections file (see the module doc)."""
    table = _open(path, header=lambda cells: any(_key(c) in _STATE["openings"] for c in cells))
    problems = _Problems(table.name)
    parsed = ParsedDataset(
        ImportKind.STATE_PROJECTIONS, path.name, sha256_of(path), "state-long-term", "", ""
    )
    given_state = None
    if state is not None:
        given_state = state_fips(state)
        if given_state is None:
            raise ImportFailed([LoadError(table.name, None, None, f"{state!r} is not a state")])
    first = _first_nonblank(table.rows)
    if first is None:
        raise ImportFailed([LoadError(table.name, None, None, "the file is empty")])
    hline, header = first
    idx = _header_index(header, _STATE, ("soc", "base", "proj", "openings"), problems, hline)
    if idx is None:
        problems.raise_if_any()
        return parsed
    if "state" not in idx and "area" not in idx and given_state is None:
        problems.add(hline, None, "no state column (STFIPS or Area): give the state (--state IA)")
        problems.raise_if_any()
    if ("base_year" not in idx or "proj_year" not in idx) and not vintage:
        problems.add(
            hline, None, "no BaseYear/ProjYear columns: give the period (--vintage 2024-2034)"
        )
        problems.raise_if_any()
    periods: set[str] = set()
    seen: set[tuple[str, int]] = set()
    skipped_national = 0
    for line, raw in table.rows:
        if problems.full:
            break
        cells = [clean(c) for c in raw]
        if not any(cells):
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        bad = len(problems.items)
        st: str | None = given_state
        if st is None and "state" in idx:
            txt = cells[idx["state"]]
            if txt.strip() in ("0", "00"):
                skipped_national += 1
                continue
            st = state_fips(txt)
            if st is None:
                problems.add(line, idx["state"] + 1, f"state: {txt!r} is not a state FIPS code")
        if st is None and "area" in idx:
            txt = cells[idx["area"]].strip()
            if txt.lower() in ("united states", "us", "u.s."):
                skipped_national += 1
                continue
            st = state_fips(txt)
            if st is None:
                problems.add(line, idx["area"] + 1, f"area: {txt!r} is not a state")
        soc_txt = cells[idx["soc"]]
        if not is_soc(soc_txt):
            problems.add(line, idx["soc"] + 1, f"occupation code: {soc_txt!r} is not a SOC code")

        labels = {c: header[i].strip() for c, i in idx.items()}
        base = _col_number(cells, idx, "base", line, labels.get("base", ""), problems)
        proj = _col_number(cells, idx, "proj", line, labels.get("proj", ""), problems)
        pct = _col_number(cells, idx, "pct", line, labels.get("pct", ""), problems)
        openings = _col_number(cells, idx, "openings", line, labels.get("openings", ""), problems)
        if "base_year" in idx and "proj_year" in idx:
            by, py = cells[idx["base_year"]], cells[idx["proj_year"]]
            if not (re.fullmatch(r"\d{4}", by) and re.fullmatch(r"\d{4}", py)):
                problems.add(line, idx["base_year"] + 1, f"years: {by!r}-{py!r} are not years")
            else:
                periods.add(f"{by}-{py}")
        if len(problems.items) > bad or st is None:
            continue
        soc = soc_to_int(normalize_soc(soc_txt))
        if (st, soc) in seen:
            problems.add(line, idx["soc"] + 1, f"{soc_txt} appears twice for state {st}")
            continue
        seen.add((st, soc))
        if pct is None and base and proj is not None:
            pct = (proj - base) / base * 100
        parsed.projections.append(
            ProjectionRecord(
                state=st,
                soc=soc,
                title=cells[idx["title"]] if "title" in idx else "",
                line_item=not soc_txt.endswith("0000"),
                emp_base=None if base is None else round(base),
                emp_proj=None if proj is None else round(proj),
                change_pct=None if pct is None else round(pct, 1),
                openings=None if openings is None else round(openings),
                median_wage=None,
                wage_topcoded=False,
                education=None,
                experience=None,
                training=None,
            )
        )
    if len(periods) > 1 and not vintage:
        problems.add(None, None, "the file mixes projection periods: " + ", ".join(sorted(periods)))
    problems.raise_if_any()
    if vintage:
        parsed.vintage, parsed.period = parse_vintage(vintage)
    elif periods:
        parsed.vintage, parsed.period = parse_vintage(periods.pop())
    states = sorted({p.state for p in parsed.projections})
    parsed.notes.append("states: " + ", ".join(NAME_BY_FIPS.get(s, s) for s in states))
    if skipped_national:
        parsed.notes.append(
            f"{skipped_national} national rows skipped (national figures come from BLS EP)"
        )
    return _finish(parsed, problems)


# ------------------------------------------------------------------------ crosswalk

_CIP_RE = re.compile(r"^(\d{1,2})\.(\d{1,4})$")


def normalize_cip(text: str) -> str | None:
    """A 6-digit CIP code as ``XX.XXXX``, repairing what Excel does to it.

    ``="01.0101"``, ``1.0101`` (leading zero dropped) and ``1.01`` (trailing zeros
    dropped as well) → ``01.0101`` / ``01.0100``; ``010101`` → ``01.0101``. None when the
    text is not a CIP code.
    """
    t = clean(text)
    m = _CIP_RE.match(t)
    if m:
        return f"{int(m.group(1)):02d}.{m.group(2).ljust(4, '0')}"
    if re.fullmatch(r"\d{6}", t):
        return f"{t[:2]}.{t[2:]}"
    return None


def parse_crosswalk(path: Path, *, vintage: str | None = None) -> ParsedDataset:
    """Read the NCES CIP-SOC crosswalk (CSV, BOM or not, or the .xlsx "CIP-SOC" sheet)."""
    table = _open(
        path,
        sheet=lambda n: _key(n) == "cipsoc",
        header=lambda cells: any(re.fullmatch(r"cip\d{4}code", _key(c)) for c in cells),
    )
    problems = _Problems(table.name)
    parsed = ParsedDataset(ImportKind.CROSSWALK, path.name, sha256_of(path), "nces-cip-soc", "", "")
    first = _first_nonblank(table.rows)
    if first is None:
        raise ImportFailed([LoadError(table.name, None, None, "the file is empty")])
    hline, header = first
    keys = [_key(clean(h)) for h in header]
    cols: dict[str, int] = {}
    years: dict[str, str] = {}
    for i, k in enumerate(keys):
        for part in ("cip", "soc"):
            m = re.fullmatch(part + r"(\d{4})(code|title)", k)
            if m:
                cols[f"{part}_{m.group(2)}"] = i
                years[part] = m.group(1)
    if "cip_code" not in cols or "soc_code" not in cols:
        problems.add(
            hline,
            None,
            "not the NCES crosswalk: expected CIP2020Code, CIP2020Title, "
            "SOC2018Code, SOC2018Title columns",
        )
        problems.raise_if_any()
    if vintage:
        parsed.vintage, parsed.period = vintage, vintage
    else:
        parsed.vintage = f"CIP {years.get('cip', '?')}–SOC {years.get('soc', '?')}"
        parsed.period = f"{years.get('cip', '0000')}-{years.get('soc', '0000')}"
    seen: set[tuple[str, str | None]] = set()
    duplicates = 0
    no_match = 0
    no_program = 0
    for line, raw in table.rows:
        if problems.full:
            break
        cells = [clean(c) for c in raw]
        if not any(cells):
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        cip_txt, soc_txt = cells[cols["cip_code"]], cells[cols["soc_code"]]
        cip = normalize_cip(cip_txt)
        bad = len(problems.items)
        if cip is None:
            problems.add(line, cols["cip_code"] + 1, f"CIP code: {cip_txt!r} is not a CIP code")
        if not is_soc(soc_txt):
            problems.add(line, cols["soc_code"] + 1, f"SOC code: {soc_txt!r} is not a SOC code")
        if len(problems.items) > bad or cip is None:
            continue
        soc_code = normalize_soc(soc_txt)
        soc: str | None = None if soc_code == "99-9999" else soc_code
        if soc is None:
            no_match += 1
        if cip == "99.9999":
            no_program += 1
        if (cip, soc) in seen:
            duplicates += 1
            continue
        seen.add((cip, soc))
        cip_title = cells[cols["cip_title"]].rstrip(".").strip() if "cip_title" in cols else ""
        soc_title = cells[cols["soc_title"]] if "soc_title" in cols and soc else ""
        parsed.crosswalk.append((cip, soc, cip_title, soc_title))
    if no_match:
        parsed.notes.append(f"{no_match} programs with no matching occupation (99-9999 NO MATCH)")
    if no_program:
        parsed.notes.append(f"{no_program} occupations with no matching program (CIP 99.9999)")
    if duplicates:
        parsed.notes.append(f"{duplicates} repeated CIP-SOC pairs skipped")
    if table.encoding != "utf-8":
        parsed.notes.append(f"read as {table.encoding}")
    return _finish(parsed, problems)


# ------------------------------------------------------------------------ O*NET

_ONET_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


def parse_onet(path: Path, *, vintage: str | None = None) -> ParsedDataset:
    """Read O*NET ``Occupation Data`` (tab-separated text or .xlsx)."""
    table = _open(path, header=lambda cells: any("onetsoc" in _key(c) for c in cells))
    problems = _Problems(table.name)
    parsed = ParsedDataset(
        ImportKind.ONET,
        path.name,
        sha256_of(path),
        "onet-occupation-data",
        vintage or "release not stated",
        m.group(0) if vintage and (m := re.search(r"\d+(?:\.\d+)?", vintage)) else "0",
    )
    first = _first_nonblank(table.rows)
    if first is None:
        raise ImportFailed([LoadError(table.name, None, None, "the file is empty")])
    hline, header = first
    idx = _header_index(
        header,
        {
            "code": ("onetsoccode", "onetsoc2019code", "code"),
            "title": ("title",),
            "description": ("description",),
        },
        ("code", "title"),
        problems,
        hline,
    )
    if idx is None:
        problems.raise_if_any()
        return parsed
    seen: set[str] = set()
    for line, raw in table.rows:
        if problems.full:
            break
        cells = [clean(c) for c in raw]
        if not any(cells):
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        code = cells[idx["code"]]
        title = cells[idx["title"]]
        if not _ONET_RE.match(code):
            problems.add(line, idx["code"] + 1, f"O*NET-SOC code: {code!r} is not like 29-1141.00")
            continue
        if not title:
            problems.add(line, idx["title"] + 1, "title is empty")
            continue
        if code in seen:
            problems.add(line, idx["code"] + 1, f"{code} appears twice")
            continue
        seen.add(code)
        desc = cells[idx["description"]] if "description" in idx else ""
        parsed.onet.append((code, title, desc))
    return _finish(parsed, problems)


PARSERS: dict[ImportKind, Callable[..., ParsedDataset]] = {
    ImportKind.OEWS: parse_oews,
    ImportKind.PROJECTIONS: parse_projections,
    ImportKind.STATE_PROJECTIONS: parse_state_projections,
    ImportKind.CROSSWALK: parse_crosswalk,
    ImportKind.ONET: parse_onet,
}


def parse(
    kind: ImportKind | str, path: Path, *, vintage: str | None = None, state: str | None = None
) -> ParsedDataset:
    """Parse ``path`` as ``kind``; raises :class:`ImportFailed` on any problem."""
    kind = ImportKind(kind)
    if kind is ImportKind.STATE_PROJECTIONS:
        try:
            return parse_state_projections(path, state=state, vintage=vintage)
        except TableError as exc:
            raise ImportFailed([LoadError(path.name, exc.line, None, exc.reason)]) from None
    if state is not None:
        raise ImportFailed(
            [LoadError(path.name, None, None, "--state applies to state-projections only")]
        )
    try:
        return PARSERS[kind](path, vintage=vintage)
    except TableError as exc:  # raised while the rows are read (a cell too long, ...)
        raise ImportFailed([LoadError(path.name, exc.line, None, exc.reason)]) from None


def _oews_row(
    area: int,
    soc: int,
    emp: float | None,
    a_med: float | None,
    h_med: float | None,
    a25: float | None,
    a75: float | None,
    flags: Any,
) -> tuple[Any, ...]:
    """One stored OEWS row, whatever the layout it came from (hourly wages in cents)."""
    return (
        area,
        soc,
        None if emp is None else int(emp),
        None if a_med is None else round(a_med),
        None if h_med is None else round(h_med * 100),
        None if a25 is None else round(a25),
        None if a75 is None else round(a75),
        flags,
    )
