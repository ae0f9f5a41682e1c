"""The labor-market store: the shipped snapshot, imported vintages, and queries.

Two SQLite databases share one schema (:data:`SCHEMA`):

* the **shipped snapshot** ``careerpaths/labor/data/labor.sqlite.gz``, built by
  :mod:`careerpaths.labor.build` from the official files (OEWS May 2025, EP 2024-34,
  NCES CIP 2020-SOC 2018, O*NET occupation titles), read-only, gzip-compressed;
* the **user store** ``$CAREERPATHS_HOME/labor.sqlite`` (default
  ``~/.local/share/careerpaths``), where ``careerpaths labor import`` adds newer
  vintages and state projections. Each import is one transaction: a file with any bad
  row, or any failure while writing, leaves the store exactly as it was.

:class:`LaborData` puts both together in memory and answers queries using the
*newest loaded vintage*: per area for OEWS (an imported MSA file updates the metro
areas and leaves states on the older vintage), per state for state projections, and
overall for national projections, the crosswalk and O*NET. Every figure it returns
carries the id of its dataset, whose :class:`Dataset` has the source, vintage and
licence to print beside it.

Compact storage: codes are integers (SOC 29-1141 → 291141, area 0016300 → 16300),
wages are whole dollars (hourly in cents), employment whole jobs.
"""

from __future__ import annotations

import gzip
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

from careerpaths.labor import importers as imp
from careerpaths.labor.geo import FIPS_BY_POSTAL, NAME_BY_FIPS
from careerpaths.labor.importers import ImportKind, ParsedDataset
from careerpaths.labor.rollup import SocResolver, normalize_soc, soc_from_int, soc_to_int
from careerpaths.settings import Settings

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dataset(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, vintage TEXT NOT NULL,
  period TEXT NOT NULL, publisher TEXT NOT NULL, url TEXT NOT NULL, licence TEXT NOT NULL,
  attribution TEXT NOT NULL, provenance TEXT NOT NULL, retrieved TEXT NOT NULL,
  file TEXT NOT NULL, sha256 TEXT NOT NULL, layout TEXT NOT NULL, rows INTEGER NOT NULL,
  loaded_at TEXT NOT NULL, origin TEXT NOT NULL, notes TEXT NOT NULL,
  topcode_annual INTEGER NOT NULL, topcode_hourly_cents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS area(
  dataset INTEGER NOT NULL, code INTEGER NOT NULL, type TEXT NOT NULL, state TEXT NOT NULL,
  name TEXT NOT NULL, PRIMARY KEY(dataset, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS occupation(
  dataset INTEGER NOT NULL, soc INTEGER NOT NULL, title TEXT NOT NULL, level INTEGER NOT NULL,
  PRIMARY KEY(dataset, soc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS oews(
  dataset INTEGER NOT NULL, area INTEGER NOT NULL, soc INTEGER NOT NULL, emp INTEGER,
  a_median INTEGER, h_median INTEGER, a_pct25 INTEGER, a_pct75 INTEGER,
  flags INTEGER NOT NULL, PRIMARY KEY(dataset, area, soc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS projection(
  dataset INTEGER NOT NULL, state TEXT NOT NULL, soc INTEGER NOT NULL, title TEXT NOT NULL,
  line_item INTEGER NOT NULL, emp_base INTEGER, emp_proj INTEGER, change_pct REAL,
  openings INTEGER, median_wage INTEGER, wage_topcoded INTEGER NOT NULL, education TEXT,
  experience TEXT, training TEXT, PRIMARY KEY(dataset, state, soc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS crosswalk(
  dataset INTEGER NOT NULL, cip TEXT NOT NULL, soc TEXT, cip_title TEXT NOT NULL,
  soc_title TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS crosswalk_cip ON crosswalk(dataset, cip);
CREATE TABLE IF NOT EXISTS onet(
  dataset INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT NOT NULL, PRIMARY KEY(dataset, code)) WITHOUT ROWID;
"""

_TABLES: dict[str, tuple[str, ...]] = {
    "area": ("code", "type", "state", "name"),
    "occupation": ("soc", "title", "level"),
    "oews": ("area", "soc", "emp", "a_median", "h_median", "a_pct25", "a_pct75", "flags"),
    "projection": (
        "state",
        "soc",
        "title",
        "line_item",
        "emp_base",
        "emp_proj",
        "change_pct",
        "openings",
        "median_wage",
        "wage_topcoded",
        "education",
        "experience",
        "training",
    ),
    "crosswalk": ("cip", "soc", "cip_title", "soc_title"),
    "onet": ("code", "title", "description"),
}

#: Imported datasets keep their user-store id plus this offset in :class:`LaborData`.
USER_ID_OFFSET = 1000

#: The crosswalk's CIP for occupations no program leads to ("NO MATCH").
NO_MATCH_CIP = "99.9999"

SNAPSHOT_NAME = "labor.sqlite.gz"
USER_STORE_NAME = "labor.sqlite"

#: What the O*NET CC BY 4.0 licence asks to be shown wherever O*NET content is used.
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET Database (O*NET-SOC 2019 "
    "taxonomy) by the U.S. Department of Labor, Employment and Training Administration "
    "(USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. "
    "careerpaths has modified some of this information (titles joined to SOC 2018 "
    "codes). USDOL/ETA has not approved, endorsed, or tested these modifications."
)

#: Default provenance for a dataset imported by a user, by kind.
DEFAULT_META: dict[ImportKind, dict[str, str]] = {
    ImportKind.OEWS: {
        "title": "BLS Occupational Employment and Wage Statistics (OEWS)",
        "publisher": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/oes/tables.htm",
        "licence": "Public domain (U.S. government work)",
        "attribution": "Source: U.S. Bureau of Labor Statistics, OEWS.",
    },
    ImportKind.PROJECTIONS: {
        "title": "BLS Employment Projections, Table 1.2",
        "publisher": "U.S. Bureau of Labor Statistics",
        "url": "https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm",
        "licence": "Public domain (U.S. government work)",
        "attribution": "Source: U.S. Bureau of Labor Statistics, Employment Projections.",
    },
    ImportKind.STATE_PROJECTIONS: {
        "title": "State long-term occupational projections",
        "publisher": "State labor market information agency (Projections Managing Partnership)",
        "url": "https://projectionscentral.org",
        "licence": "As published by the state agency (generally public domain)",
        "attribution": "Source: state labor market information agency, long-term projections.",
    },
    ImportKind.CROSSWALK: {
        "title": "NCES CIP to SOC crosswalk",
        "publisher": "National Center for Education Statistics and U.S. Bureau of Labor Statistics",
        "url": "https://nces.ed.gov/ipeds/cipcode/resources.aspx",
        "licence": "Public domain (U.S. government work)",
        "attribution": "Source: NCES/BLS CIP-SOC crosswalk.",
    },
    ImportKind.ONET: {
        "title": "O*NET Occupation Data",
        "publisher": "U.S. Department of Labor, Employment and Training Administration",
        "url": "https://www.onetcenter.org/database.html",
        "licence": "CC BY 4.0",
        "attribution": ONET_ATTRIBUTION,
    },
}

_SHORT = {
    "oews": "BLS OEWS",
    "projections": "BLS Employment Projections",
    "state-projections": "state projections",
    "crosswalk": "NCES CIP–SOC crosswalk",
    "onet": "O*NET",
}


def careerpaths_home() -> Path:
    """The product's home folder (:attr:`careerpaths.settings.Settings.home`): callers
    pass it down; this default is for library users who do not."""
    return Settings.from_env().home


def snapshot_path() -> Path:
    return Path(str(files("careerpaths.labor").joinpath("data", SNAPSHOT_NAME)))


def user_store_path(home: Path | None = None) -> Path:
    return (home or careerpaths_home()) / USER_STORE_NAME


# ----------------------------------------------------------------------- datasets


@dataclass(frozen=True)
class Dataset:
    """One loaded file and where it came from: printed beside every figure it gives."""

    id: int
    kind: str
    title: str
    vintage: str
    period: str
    publisher: str
    url: str
    licence: str
    attribution: str
    provenance: str
    retrieved: str
    file: str
    sha256: str
    layout: str
    rows: int
    loaded_at: str
    origin: str  # "shipped" or "imported"
    notes: str
    topcode_annual: int = imp.TOPCODE_ANNUAL
    topcode_hourly_cents: int = imp.TOPCODE_HOURLY_CENTS

    @property
    def key(self) -> str:
        """A stable short id, e.g. ``oews-2025-05`` (``-i3`` added for imported ones)."""
        period = re.sub(r"[^0-9A-Za-z]+", "-", self.period).strip("-")
        base = f"{self.kind}-{period}" if period else self.kind
        return base if self.origin == "shipped" else f"{base}-i{self.id % USER_ID_OFFSET}"

    @property
    def user_id(self) -> int | None:
        """The id in the user store (None for shipped data)."""
        return None if self.origin == "shipped" else self.id % USER_ID_OFFSET

    @property
    def citation(self) -> str:
        """E.g. ``BLS OEWS, May 2025`` or ``state projections (Iowa), 2022–32``."""
        return f"{_SHORT.get(self.kind, self.title)}, {self.vintage}"

    @property
    def full_citation(self) -> str:
        return f"{self.title}, {self.vintage}. {self.publisher}. {self.url} ({self.licence})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "vintage": self.vintage,
            "period": self.period,
            "publisher": self.publisher,
            "url": self.url,
            "licence": self.licence,
            "attribution": self.attribution,
            "provenance": self.provenance,
            "retrieved": self.retrieved,
            "file": self.file,
            "sha256": self.sha256,
            "rows": self.rows,
            "origin": self.origin,
            "citation": self.citation,
        }


_DATASET_COLS = (
    "id, kind, title, vintage, period, publisher, url, licence, attribution, provenance, "
    "retrieved, file, sha256, layout, rows, loaded_at, origin, notes, topcode_annual, "
    "topcode_hourly_cents"
)


def _datasets(conn: sqlite3.Connection, schema: str = "main") -> list[Dataset]:
    return [
        Dataset(*row)
        for row in conn.execute(f"SELECT {_DATASET_COLS} FROM {schema}.dataset ORDER BY id")
    ]


def _now() -> str:
    """Now (UTC, seconds), or ``$SOURCE_DATE_EPOCH`` for a reproducible snapshot build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.replace(microsecond=0).isoformat()


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
        (str(SCHEMA_VERSION),),
    )


def write_dataset(
    conn: sqlite3.Connection,
    parsed: ParsedDataset,
    *,
    origin: str,
    meta: dict[str, str] | None = None,
) -> int:
    """Insert a parsed dataset; the caller owns the transaction. Returns its id."""
    m = dict(DEFAULT_META[parsed.kind])
    m.update(meta or {})
    now = m.get("loaded_at") or _now()
    cur = conn.execute(
        "INSERT INTO dataset(kind, title, vintage, period, publisher, url, licence, "
        "attribution, provenance, retrieved, file, sha256, layout, rows, loaded_at, origin, "
        "notes, topcode_annual, topcode_hourly_cents) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            parsed.kind.value,
            m["title"],
            m.get("vintage", parsed.vintage),
            parsed.period,
            m["publisher"],
            m["url"],
            m["licence"],
            m["attribution"],
            m.get("provenance", f"imported from {parsed.file}"),
            m.get("retrieved", ""),
            parsed.file,
            parsed.sha256,
            parsed.layout,
            parsed.rows,
            now,
            origin,
            "; ".join(parsed.notes),
            parsed.topcode_annual,
            parsed.topcode_hourly_cents,
        ),
    )
    ds = cur.lastrowid
    assert ds is not None
    conn.executemany(
        "INSERT INTO area VALUES (?,?,?,?,?)",
        ((ds, a.code, a.type, a.state, a.name) for a in parsed.areas.values()),
    )
    conn.executemany(
        "INSERT INTO occupation VALUES (?,?,?,?)",
        ((ds, soc, t, lvl) for soc, (t, lvl) in parsed.occupations.items()),
    )
    conn.executemany("INSERT INTO oews VALUES (?,?,?,?,?,?,?,?,?)", ((ds, *r) for r in parsed.oews))
    conn.executemany(
        "INSERT INTO projection VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                ds,
                p.state,
                p.soc,
                p.title,
                int(p.line_item),
                p.emp_base,
                p.emp_proj,
                p.change_pct,
                p.openings,
                p.median_wage,
                int(p.wage_topcoded),
                p.education,
                p.experience,
                p.training,
            )
            for p in parsed.projections
        ),
    )
    conn.executemany(
        "INSERT INTO crosswalk VALUES (?,?,?,?,?)", ((ds, *r) for r in parsed.crosswalk)
    )
    conn.executemany("INSERT INTO onet VALUES (?,?,?,?)", ((ds, *r) for r in parsed.onet))
    return ds


# ----------------------------------------------------------------------- user store


class UserStore:
    """The user-local SQLite store of imported datasets (see the module doc)."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = user_store_path(home)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            create_schema(conn)  # idempotent (CREATE ... IF NOT EXISTS)
        except BaseException:
            conn.close()
            raise
        return conn

    def datasets(self) -> list[Dataset]:
        if not self.path.exists():
            return []
        conn = sqlite3.connect(self.path)
        try:
            return _datasets(conn)
        except sqlite3.OperationalError:
            return []
        finally:
            conn.close()

    def add(self, parsed: ParsedDataset, meta: dict[str, str] | None = None) -> Dataset:
        """Write a checked dataset in one transaction (all rows or none)."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                ds = write_dataset(conn, parsed, origin="imported", meta=meta)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return next(d for d in _datasets(conn) if d.id == ds)
        finally:
            conn.close()

    def import_file(
        self,
        kind: ImportKind | str,
        path: Path,
        *,
        vintage: str | None = None,
        state: str | None = None,
        meta: dict[str, str] | None = None,
    ) -> Dataset:
        """Parse ``path`` (raises :class:`~careerpaths.labor.importers.ImportFailed` on
        any row problem, before touching the store), then :meth:`add` it."""
        parsed = imp.parse(kind, path, vintage=vintage, state=state)
        return self.add(parsed, meta)

    def remove(self, dataset_id: int) -> bool:
        if not self.path.exists():
            return False
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                n = conn.execute("DELETE FROM dataset WHERE id = ?", (dataset_id,)).rowcount
                for table in _TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE dataset = ?", (dataset_id,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return n > 0
        finally:
            conn.close()


# ----------------------------------------------------------------------- figures


class AreaType(StrEnum):
    NATIONAL = "national"
    STATE = "state"
    METRO = "metro"
    NONMETRO = "nonmetro"

    @property
    def label(self) -> str:
        return {
            "national": "nation",
            "state": "state",
            "metro": "metropolitan area",
            "nonmetro": "nonmetropolitan area",
        }[self.value]


_AREA_TYPE = {
    "N": AreaType.NATIONAL,
    "S": AreaType.STATE,
    "M": AreaType.METRO,
    "NM": AreaType.NONMETRO,
}


@dataclass(frozen=True)
class Area:
    """An OEWS area: the nation, a state or territory, a metro or a nonmetro area."""

    code: str  # 7 digits: 0000000 national, SS00000 state, 00MMMMM metro, SSNNNNN nonmetro
    type: AreaType
    state: str  # FIPS of the (primary) state, "00" for the nation
    name: str
    dataset: int

    @property
    def int_code(self) -> int:
        return int(self.code)

    @property
    def state_postal(self) -> str:
        from careerpaths.labor.geo import POSTAL_BY_FIPS

        return POSTAL_BY_FIPS.get(self.state, "")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.type.label} {self.code})"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "type": self.type.value, "state": self.state, "name": self.name}


@dataclass(frozen=True, slots=True)
class OewsFigure:
    """OEWS employment and wages for one occupation in one area.

    ``annual_median`` is None when BLS publishes hourly wages only (``hourly_only``) or
    does not release the wage; a top-coded median holds the top code (e.g. 239,200) with
    ``median_topcoded`` set, to be read as "at least".
    """

    area: str
    soc: str
    employment: int | None
    annual_median: int | None
    hourly_median: float | None
    annual_pct25: int | None
    annual_pct75: int | None
    flags: int
    dataset: int

    @property
    def hourly_only(self) -> bool:
        return bool(self.flags & imp.HOURLY_ONLY)

    @property
    def annual_only(self) -> bool:
        return bool(self.flags & imp.ANNUAL_ONLY)

    @property
    def median_topcoded(self) -> bool:
        return bool(self.flags & imp.MEDIAN_TOPCODED)

    @property
    def wage_released(self) -> bool:
        return not self.flags & imp.WAGE_NOT_RELEASED

    def comparable_annual_median(self, hours_per_year: float = 2080.0) -> tuple[float | None, bool]:
        """(annual median, annualised?): the hourly median x hours when only hourly exists."""
        if self.annual_median is not None:
            return float(self.annual_median), False
        if self.hourly_median is not None:
            return self.hourly_median * hours_per_year, True
        return None, False


@dataclass(frozen=True)
class Projection:
    """Projected employment, growth and openings for one occupation (nation or state)."""

    soc: str
    state: str  # "00" national
    title: str
    line_item: bool
    emp_base: int | None
    emp_proj: int | None
    change_pct: float | None
    openings: int | None  # average annual openings
    median_wage: int | None
    wage_topcoded: bool
    education: str | None
    experience: str | None
    training: str | None
    dataset: int

    @property
    def openings_rate(self) -> float | None:
        """Annual openings per job in the base year (openings / base employment)."""
        if self.openings is None or not self.emp_base:
            return None
        return self.openings / self.emp_base


@dataclass(frozen=True)
class OnetOccupation:
    code: str
    title: str
    description: str
    dataset: int


class AreaNotFound(LookupError):
    """An area query that matched no area, or several (``candidates``)."""

    def __init__(self, query: str, candidates: Sequence[Area] = ()) -> None:
        self.query = query
        self.candidates = list(candidates)
        if candidates:
            names = "; ".join(f"{a.name} ({a.code})" for a in candidates[:8])
            more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
            msg = f"area {query!r} is ambiguous: {names}{more}"
        else:
            msg = (
                f"no area {query!r}: give an OEWS area code (e.g. 0016300) or a name "
                '(e.g. "Cedar Rapids, IA"); `careerpaths labor areas --search TEXT` lists them'
            )
        super().__init__(msg)


def _norm_name(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _proj_from_row(row: Sequence[Any], dataset: int) -> Projection:
    state, soc, title, line_item, base, proj, pct, op, wage, topc, edu, exp, train = row
    return Projection(
        soc_from_int(soc),
        state,
        title,
        bool(line_item),
        base,
        proj,
        pct,
        op,
        wage,
        bool(topc),
        edu,
        exp,
        train,
        dataset,
    )


# ----------------------------------------------------------------------- LaborData


@dataclass
class _Active:
    area_dataset: dict[int, int] = field(default_factory=dict)
    area_previous: dict[int, int] = field(default_factory=dict)
    projections: int | None = None
    projections_previous: int | None = None
    state_projections: dict[str, int] = field(default_factory=dict)
    crosswalk: int | None = None
    onet: int | None = None
    national_oews: int | None = None


class LaborData:
    """All loaded labor-market data, in memory, answering queries by newest vintage.

    Build it with :func:`load` (cached per process; safe to share between threads).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.datasets: dict[int, Dataset] = {d.id: d for d in _datasets(conn)}
        self._active = self._select_active()
        self.areas: dict[str, Area] = {}
        for ds_id in sorted(set(self._active.area_dataset.values())):
            for code, typ, st, name in conn.execute(
                "SELECT code, type, state, name FROM area WHERE dataset = ?", (ds_id,)
            ):
                if self._active.area_dataset.get(code) == ds_id:
                    self.areas[f"{code:07d}"] = Area(
                        f"{code:07d}", _AREA_TYPE[typ], st, name, ds_id
                    )
        self._titles: dict[str, str] = {}
        self._levels: dict[str, int] = {}
        for ds in sorted(self.datasets.values(), key=lambda d: (d.period, d.id)):
            if ds.kind == "oews":
                for soc, title, level in conn.execute(
                    "SELECT soc, title, level FROM occupation WHERE dataset = ?", (ds.id,)
                ):
                    code = soc_from_int(soc)
                    self._titles[code] = title
                    self._levels[code] = level
        self.national_projections: dict[str, Projection] = self._load_projections(
            self._active.projections, "00"
        )
        for code, p in self.national_projections.items():
            self._titles.setdefault(code, p.title)
        self._crosswalk_by_cip: dict[str, list[str]] = {}
        self._cip_titles: dict[str, str] = {}
        self._soc_cips: dict[str, list[str]] = {}
        self._crosswalk_titles: dict[str, str] = {}
        if self._active.crosswalk is not None:
            for cip, soc, cip_title, soc_title in conn.execute(
                "SELECT cip, soc, cip_title, soc_title FROM crosswalk WHERE dataset = ?",
                (self._active.crosswalk,),
            ):
                lst = self._crosswalk_by_cip.setdefault(cip, [])
                self._cip_titles[cip] = cip_title
                if soc:
                    lst.append(soc)
                    self._soc_cips.setdefault(soc, []).append(cip)
                    self._crosswalk_titles[soc] = soc_title
        self.soc_detailed: frozenset[str] = frozenset(self._soc_cips)
        published_oews = {c for c, lvl in self._levels.items() if lvl == 3}
        if self._active.national_oews is not None:
            published_oews = {
                soc_from_int(s)
                for (s,) in conn.execute(
                    "SELECT soc FROM occupation WHERE dataset = ? AND level = 3",
                    (self._active.national_oews,),
                )
            }
        self.oews_resolver = SocResolver(published_oews, self.soc_detailed)
        self.projection_resolver = SocResolver(
            {c for c, p in self.national_projections.items() if p.line_item}, self.soc_detailed
        )
        self._state_proj_cache: dict[str, dict[str, Projection]] = {}
        self._onet: dict[str, OnetOccupation] | None = None
        self.cache: dict[Any, Any] = {}  # per-data caches used by classify and reports

    # -- selection of the newest vintages ---------------------------------------

    def _select_active(self) -> _Active:
        act = _Active()
        order = sorted(self.datasets.values(), key=lambda d: (d.period, d.id))
        rank = {d.id: i for i, d in enumerate(order)}
        per_area: dict[int, list[int]] = {}
        for code, ds in self._conn.execute("SELECT code, dataset FROM area"):
            per_area.setdefault(code, []).append(ds)
        for code, lst in per_area.items():
            lst.sort(key=lambda d: rank[d])
            act.area_dataset[code] = lst[-1]
            newest_period = self.datasets[lst[-1]].period
            older = [d for d in lst if self.datasets[d].period != newest_period]
            if older:
                act.area_previous[code] = older[-1]
        act.national_oews = act.area_dataset.get(0)
        proj = [d for d in order if d.kind == "projections"]
        if proj:
            act.projections = proj[-1].id
            older_p = [d for d in proj if d.period != proj[-1].period]
            if older_p:
                act.projections_previous = older_p[-1].id
        for st, ds in self._conn.execute("SELECT DISTINCT state, dataset FROM projection"):
            if self.datasets[ds].kind != "state-projections":
                continue
            cur = act.state_projections.get(st)
            if cur is None or rank[ds] > rank[cur]:
                act.state_projections[st] = ds
        crosswalks = [d.id for d in order if d.kind == "crosswalk"]
        act.crosswalk = crosswalks[-1] if crosswalks else None
        # O*NET releases (29.0) and the shipped taxonomy year (2019) do not compare: an
        # imported O*NET file is taken as newer than the shipped one
        onets = [
            d.id
            for d in sorted(order, key=lambda d: (d.origin == "imported", d.id))
            if d.kind == "onet"
        ]
        act.onet = onets[-1] if onets else None
        return act

    # -- sources ----------------------------------------------------------------

    def dataset(self, ds_id: int) -> Dataset:
        return self.datasets[ds_id]

    @property
    def projections_dataset(self) -> Dataset | None:
        p = self._active.projections
        return None if p is None else self.datasets[p]

    @property
    def previous_projections_dataset(self) -> Dataset | None:
        p = self._active.projections_previous
        return None if p is None else self.datasets[p]

    @property
    def crosswalk_dataset(self) -> Dataset | None:
        c = self._active.crosswalk
        return None if c is None else self.datasets[c]

    @property
    def onet_dataset(self) -> Dataset | None:
        o = self._active.onet
        return None if o is None else self.datasets[o]

    def state_projections_dataset(self, state: str) -> Dataset | None:
        ds = self._active.state_projections.get(state)
        return None if ds is None else self.datasets[ds]

    def previous_oews_dataset(self, area: Area) -> Dataset | None:
        ds = self._active.area_previous.get(area.int_code)
        return None if ds is None else self.datasets[ds]

    # -- areas ----------------------------------------------------------------

    def area(self, query: str) -> Area:
        """An area by OEWS code (``0016300`` or ``16300``), state (``IA``, ``Iowa``, ``19``)
        or name (``"Cedar Rapids, IA"``; a unique part of a name works too).

        Raises :class:`AreaNotFound` (with candidates when ambiguous).
        """
        q = query.strip()
        if not q:
            raise AreaNotFound(query)
        if q.isdigit():
            code = q.zfill(7)
            if len(q) <= 2:
                code = f"{int(q):02d}00000" if int(q) else "0000000"
            if code in self.areas:
                return self.areas[code]
            raise AreaNotFound(query)
        low = q.lower()
        national = ("national", "nation", "us", "u.s.", "usa", "united states")
        if low in national and "0000000" in self.areas:
            return self.areas["0000000"]
        if len(q) == 2 and q.upper() in FIPS_BY_POSTAL:
            code = f"{FIPS_BY_POSTAL[q.upper()]}00000"
            if code in self.areas:
                return self.areas[code]
        exact = [a for a in self.areas.values() if a.name.lower() == low]
        if len(exact) == 1:
            return exact[0]
        nq = _norm_name(q)
        normal = [a for a in self.areas.values() if _norm_name(a.name) == nq]
        if len(normal) == 1:
            return normal[0]
        partial = sorted(
            (a for a in self.areas.values() if nq and nq in _norm_name(a.name)),
            key=lambda a: (a.type is not AreaType.METRO, a.name),
        )
        if len(partial) == 1:
            return partial[0]
        raise AreaNotFound(query, partial or exact or normal)

    def search_areas(self, text: str | None = None) -> list[Area]:
        """Areas whose name contains ``text``, or with that code; a postal code (``IA``)
        gives the state and the areas in it (metro areas named with it too)."""
        nq = _norm_name(text or "")
        postal = (text or "").strip().upper()
        if postal in FIPS_BY_POSTAL:
            fips = FIPS_BY_POSTAL[postal]
            found = [
                a
                for a in self.areas.values()
                if a.state == fips
                or (a.type is AreaType.METRO and postal in re.split(r"[^A-Z]+", a.name))
            ]
        else:
            found = [
                a
                for a in self.areas.values()
                if not nq or nq in _norm_name(a.name) or a.code == nq.zfill(7)
            ]
        return sorted(
            found, key=lambda a: (a.code != "0000000", a.type is not AreaType.STATE, a.name)
        )

    # -- occupations ------------------------------------------------------------

    def detailed_occupations(self) -> list[tuple[str, str]]:
        """Every detailed SOC 2018 occupation with a title in the loaded data (codes whose
        last digit is not 0: groups such as 15-1200 are left out), sorted by title."""
        codes = set(self._titles) | set(self._crosswalk_titles)
        detailed = [c for c in codes if len(c) == 7 and c[2] == "-" and not c.endswith("0")]
        return sorted(((c, self.title(c)) for c in detailed), key=lambda x: (x[1], x[0]))

    def title(self, soc: str) -> str:
        found = self._titles.get(soc) or self._crosswalk_titles.get(soc)
        if found:
            return found
        onet = self.onet(soc)
        return onet.title if onet else soc

    def oews(self, area: Area, soc: str) -> OewsFigure | None:
        """The OEWS figure for ``soc`` (a published code) in ``area``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT emp, a_median, h_median, a_pct25, a_pct75, flags FROM oews "
                "WHERE dataset = ? AND area = ? AND soc = ?",
                (area.dataset, area.int_code, soc_to_int(soc)),
            ).fetchone()
        if row is None:
            return None
        emp, a_med, h_med, a25, a75, flags = row
        return OewsFigure(
            area.code,
            soc,
            emp,
            a_med,
            None if h_med is None else h_med / 100,
            a25,
            a75,
            flags,
            area.dataset,
        )

    def oews_rows(
        self, area: Area, dataset: int | None = None
    ) -> list[tuple[int, int, int | None, int | None, int | None, int]]:
        """Raw rows of an area: (area, soc, employment, annual median, hourly cents, flags)
        with codes as integers."""
        with self._lock:
            return self._conn.execute(
                "SELECT area, soc, emp, a_median, h_median, flags FROM oews "
                "WHERE dataset = ? AND area = ?",
                (area.dataset if dataset is None else dataset, area.int_code),
            ).fetchall()

    def oews_all_rows(self) -> list[tuple[int, int, int | None, int | None, int | None, int]]:
        """Every row of the newest vintage of every area, as :meth:`oews_rows`, by area."""
        active = self._active.area_dataset
        datasets = sorted(set(active.values()))
        with self._lock:
            if len(datasets) == 1:
                return self._conn.execute(
                    "SELECT area, soc, emp, a_median, h_median, flags FROM oews "
                    "WHERE dataset = ? ORDER BY area",
                    datasets,
                ).fetchall()
            rows = self._conn.execute(
                "SELECT dataset, area, soc, emp, a_median, h_median, flags FROM oews "
                "ORDER BY area, dataset"
            ).fetchall()
        return [r[1:] for r in rows if active.get(r[1]) == r[0]]

    def soc_codes(self) -> dict[int, str]:
        """Integer SOC code → ``XX-XXXX`` for every code loaded (a shared cache)."""
        key = ("soc-codes",)
        if key not in self.cache:
            codes: dict[int, str] = {}
            with self._lock:
                for (soc,) in self._conn.execute("SELECT DISTINCT soc FROM occupation"):
                    codes[soc] = soc_from_int(soc)
            self.cache[key] = codes
        found: dict[int, str] = self.cache[key]
        return found

    def _load_projections(self, ds: int | None, state: str) -> dict[str, Projection]:
        if ds is None:
            return {}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(_TABLES['projection'])} FROM projection "
                "WHERE dataset = ? AND state = ?",
                (ds, state),
            ).fetchall()
        return {soc_from_int(r[1]): _proj_from_row(r, ds) for r in rows}

    def projection(self, soc: str) -> Projection | None:
        """National projection for a published code."""
        return self.national_projections.get(soc)

    def previous_projections(self) -> dict[str, Projection]:
        key = ("previous-projections",)
        if key not in self.cache:
            self.cache[key] = self._load_projections(self._active.projections_previous, "00")
        result: dict[str, Projection] = self.cache[key]
        return result

    def state_projections(self, state: str) -> dict[str, Projection]:
        """The newest loaded long-term projections for a state (empty when none)."""
        ds = self._active.state_projections.get(state)
        if ds is None:
            return {}
        if state not in self._state_proj_cache:
            self._state_proj_cache[state] = self._load_projections(ds, state)
        return self._state_proj_cache[state]

    # -- crosswalk --------------------------------------------------------------

    def crosswalk(self, cip: str) -> list[str] | None:
        """SOC codes for a CIP code (``[]`` for a NO MATCH program, None when unknown).

        A 4-digit series (``51.38``) gathers every program in it.
        """
        c = cip.strip()
        if re.fullmatch(r"\d{2}\.\d{2}", c):
            found = [k for k in self._crosswalk_by_cip if k.startswith(c)]
            if not found:
                return None
            out: list[str] = []
            for k in sorted(found):
                out += [s for s in self._crosswalk_by_cip[k] if s not in out]
            return out
        norm = imp.normalize_cip(c)
        if norm is None or norm not in self._crosswalk_by_cip:
            return None
        return list(self._crosswalk_by_cip[norm])

    def cip_title(self, cip: str) -> str:
        norm = imp.normalize_cip(cip)
        return self._cip_titles.get(norm or cip, "")

    def cips_for(self, soc: str) -> list[str]:
        return list(self._soc_cips.get(soc, []))

    def rolled_up_members(self) -> dict[str, list[str]]:
        """Published aggregate → the crosswalk SOC codes rolled up into it."""
        key = ("rolled-up-members",)
        if key not in self.cache:
            out: dict[str, list[str]] = {}
            for soc in sorted(self.soc_detailed):
                r = self.oews_resolver.resolve(soc)
                if r.rolled_up and r.code:
                    out.setdefault(r.code, []).append(soc)
            self.cache[key] = out
        found: dict[str, list[str]] = self.cache[key]
        return found

    def crosswalk_socs(self) -> frozenset[str]:
        """Every SOC code in the crosswalk (without 99-9999)."""
        return self.soc_detailed

    # -- O*NET ------------------------------------------------------------------

    def onet(self, soc: str) -> OnetOccupation | None:
        """The O*NET occupation ``XX-XXXX.00`` for a SOC code, if loaded."""
        if self._onet is None:
            self._onet = {}
            if self._active.onet is not None:
                with self._lock:
                    for code, title, desc in self._conn.execute(
                        "SELECT code, title, description FROM onet WHERE dataset = ?",
                        (self._active.onet,),
                    ):
                        self._onet[code] = OnetOccupation(code, title, desc, self._active.onet)
        return self._onet.get(f"{soc}.00")

    def onet_specialties(self, soc: str) -> list[OnetOccupation]:
        self.onet(soc)
        assert self._onet is not None
        return [
            o
            for c, o in sorted(self._onet.items())
            if c.startswith(soc + ".") and not c.endswith(".00")
        ]

    def level(self, soc: str) -> int | None:
        return self._levels.get(soc)


# ----------------------------------------------------------------------- loading

_CACHE: dict[tuple[str, str, int, int], LaborData] = {}
_CACHE_LOCK = threading.Lock()


def _open_snapshot(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    if path.exists():
        conn.deserialize(gzip.decompress(path.read_bytes()))
    else:
        create_schema(conn)
    return conn


def _merge_user(conn: sqlite3.Connection, user: Path) -> None:
    conn.execute("ATTACH DATABASE ? AS user", (str(user),))
    try:
        try:
            user_sets = _datasets(conn, "user")
        except sqlite3.OperationalError:
            return
        with conn:
            for ds in user_sets:
                new = USER_ID_OFFSET + ds.id
                conn.execute(
                    f"INSERT INTO main.dataset({_DATASET_COLS}) "
                    f"SELECT ? , {_DATASET_COLS.replace('id, ', '', 1)} FROM user.dataset "
                    "WHERE id = ?",
                    (new, ds.id),
                )
                for table, cols in _TABLES.items():
                    c = ", ".join(cols)
                    conn.execute(
                        f"INSERT INTO main.{table}(dataset, {c}) "
                        f"SELECT ?, {c} FROM user.{table} WHERE dataset = ?",
                        (new, ds.id),
                    )
    finally:
        conn.execute("DETACH DATABASE user")


def load(home: Path | None = None, *, user: bool = True, snapshot: Path | None = None) -> LaborData:
    """The shipped snapshot plus the user store (unless ``user=False``), cached.

    The cache is keyed by the user store's path, size and modification time, so an
    import is seen by the next call.
    """
    snap = snapshot or snapshot_path()
    upath = user_store_path(home)
    if user and upath.exists():
        st = upath.stat()
        key = (str(snap), str(upath), st.st_mtime_ns, st.st_size)
    else:
        key = (str(snap), "", 0, 0)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            return hit
        conn = _open_snapshot(snap)
        if key[1]:
            _merge_user(conn, upath)
        data = LaborData(conn)
        if len(_CACHE) > 4:
            _CACHE.clear()
        _CACHE[key] = data
        return data


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def write_snapshot(
    parsed: Iterable[tuple[ParsedDataset, dict[str, str]]], out: Path
) -> list[Dataset]:
    """Write datasets into a fresh gzip-compressed SQLite snapshot at ``out``."""
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    with conn:
        for p, meta in parsed:
            write_dataset(conn, p, origin="shipped", meta=meta)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('built_at', ?)", (_now(),))
    conn.execute("VACUUM")
    data = conn.serialize()
    sets = _datasets(conn)
    conn.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return sets


def normalize_socs(codes: Iterable[str]) -> list[str]:
    """Normalise SOC codes, keeping order and dropping repeats (raises on a bad code)."""
    out: list[str] = []
    for c in codes:
        n = normalize_soc(c)
        if n not in out:
            out.append(n)
    return out


__all__ = [
    "NAME_BY_FIPS",
    "Area",
    "AreaNotFound",
    "AreaType",
    "Dataset",
    "LaborData",
    "OewsFigure",
    "Projection",
    "UserStore",
    "load",
]
