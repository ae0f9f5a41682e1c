"""SOC codes and the roll-up of detailed codes to the level BLS publishes.

SOC 2018 has 867 detailed occupations. BLS OEWS and the Employment Projections (EP)
publish a few of them only as an *OEWS-specific aggregate*: for example Buyers and
Purchasing Agents, Farm Products (13-1021), Wholesale and Retail Buyers (13-1022) and
Purchasing Agents (13-1023) appear only as 13-1020; Special Education Teachers,
Kindergarten (25-2055) and Elementary School (25-2056) only as 25-2052.

A code requested by a crosswalk, a pathway or a credential link therefore *resolves*
to the code that is published, in one of three ways (:class:`Join`):

* ``exact``: the code itself is published;
* ``rolled_up``: a published aggregate covers it (the figure is the aggregate's, and
  every report says so);
* ``missing``: nothing published covers it (military occupations 55-xxxx, which BLS
  does not survey; Legislators 11-1031 and Fishing and Hunting Workers 45-3031, which
  OEWS does not estimate). Missing codes are reported, never dropped silently.

Resolution order for a code that is not published: (1) :data:`OEWS_AGGREGATES`, the
aggregations BLS documents for SOC 2018, when the aggregate is published; (2) the only
published non-SOC code in the same SOC broad group (``XX-XXX*``: how a newer vintage's
new aggregate is found without a code change); otherwise missing. Area files publish
only detailed codes, so a roll-up never goes to a broad or minor group.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

_SOC_RE = re.compile(r"^\s*(\d{2})-?(\d{4})(?:\.\d{2})?\s*$")

#: The SOC 2018 aggregations used by OEWS and EP (published code → detailed codes it
#: covers). Checked against the May 2025 OEWS national file and EP Table 1.2 2024-34:
#: each key is published at display level 3 and none of its members is.
OEWS_AGGREGATES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "13-1020": ("13-1021", "13-1022", "13-1023"),
        "13-2020": ("13-2022", "13-2023"),
        "21-1018": ("21-1011", "21-1014"),
        "25-2052": ("25-2055", "25-2056"),
        "25-9045": ("25-9042", "25-9043", "25-9049"),
        "29-2010": ("29-2011", "29-2012"),
        "31-1120": ("31-1121", "31-1122"),
        "39-7010": ("39-7011", "39-7012"),
        "47-4090": ("47-4091", "47-4099"),
        "51-2028": ("51-2022", "51-2023"),
        "51-2090": ("51-2092", "51-2099"),
        "53-1047": ("53-1042", "53-1043", "53-1044", "53-1049"),
    }
)
_MEMBER_TO_AGGREGATE = {m: agg for agg, members in OEWS_AGGREGATES.items() for m in members}


def normalize_soc(text: str) -> str:
    """``"291141"``, ``"29-1141"`` or the O*NET-SOC ``"29-1141.00"`` → ``"29-1141"``.

    Raises :class:`ValueError` for anything else.
    """
    m = _SOC_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a SOC code (write it like 29-1141)")
    return f"{m.group(1)}-{m.group(2)}"


def is_soc(text: str) -> bool:
    return _SOC_RE.match(text) is not None


def soc_to_int(code: str) -> int:
    """``"29-1141"`` → ``291141`` (the compact form stored in the snapshot)."""
    return int(code[:2] + code[3:7])


def soc_from_int(n: int) -> str:
    """``291141`` → ``"29-1141"``; ``0`` → ``"00-0000"``."""
    return f"{n // 10000:02d}-{n % 10000:04d}"


def broad_group(code: str) -> str:
    """The SOC broad group: ``"29-1141"`` → ``"29-1140"``."""
    return code[:6] + "0"


def major_group(code: str) -> str:
    """The SOC major group: ``"29-1141"`` → ``"29-0000"``."""
    return code[:2] + "-0000"


class Join(StrEnum):
    EXACT = "exact"
    ROLLED_UP = "rolled_up"
    MISSING = "missing"


@dataclass(frozen=True)
class Resolution:
    """How a requested SOC code joins the published figures."""

    requested: str
    code: str | None  # the published code, None when missing
    join: Join
    note: str = ""

    @property
    def rolled_up(self) -> bool:
        return self.join is Join.ROLLED_UP

    @property
    def found(self) -> bool:
        return self.code is not None


@dataclass(frozen=True)
class Coverage:
    """Join coverage of a set of SOC codes against one published code set."""

    source: str
    exact: tuple[str, ...]
    rolled_up: Mapping[str, str]  # requested → published aggregate
    missing: tuple[str, ...]
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.exact) + len(self.rolled_up) + len(self.missing)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "total": self.total,
            "exact": len(self.exact),
            "rolled_up": dict(sorted(self.rolled_up.items())),
            "missing": list(self.missing),
        }


class SocResolver:
    """Resolves SOC codes against the codes one dataset publishes (see module doc).

    ``published`` holds every code the dataset publishes at its most detailed level
    (OEWS display level 3, EP line items). ``soc_detailed`` is the set of true SOC 2018
    detailed codes (from the crosswalk), used to tell OEWS aggregates apart.
    """

    def __init__(self, published: Collection[str], soc_detailed: Collection[str] = ()) -> None:
        self.published = frozenset(published)
        self.soc_detailed = frozenset(soc_detailed)
        by_broad: dict[str, list[str]] = {}
        if self.soc_detailed:  # without the SOC list, aggregates cannot be told apart
            for code in self.published:
                if code not in self.soc_detailed:
                    by_broad.setdefault(code[:6], []).append(code)
        self._aggregates_by_broad = {k: sorted(v) for k, v in by_broad.items()}
        self._cache: dict[str, Resolution] = {}

    def resolve(self, soc: str) -> Resolution:
        hit = self._cache.get(soc)
        if hit is not None:
            return hit
        res = self._resolve(soc)
        self._cache[soc] = res
        return res

    def _resolve(self, soc: str) -> Resolution:
        if soc in self.published:
            return Resolution(soc, soc, Join.EXACT)
        agg = _MEMBER_TO_AGGREGATE.get(soc)
        if agg is not None and agg in self.published:
            return Resolution(
                soc, agg, Join.ROLLED_UP, f"BLS publishes {soc} only as part of {agg}"
            )
        candidates = self._aggregates_by_broad.get(soc[:6], [])
        if len(candidates) == 1:
            return Resolution(
                soc,
                candidates[0],
                Join.ROLLED_UP,
                f"BLS publishes {soc} only as part of {candidates[0]} (same broad group)",
            )
        return Resolution(soc, None, Join.MISSING, f"BLS publishes no figure covering {soc}")

    def coverage(self, socs: Iterable[str], source: str = "") -> Coverage:
        exact: list[str] = []
        rolled: dict[str, str] = {}
        missing: list[str] = []
        notes: dict[str, str] = {}
        for soc in sorted(set(socs)):
            r = self.resolve(soc)
            if r.join is Join.EXACT:
                exact.append(soc)
            elif r.join is Join.ROLLED_UP and r.code is not None:
                rolled[soc] = r.code
                notes[soc] = r.note
            else:
                missing.append(soc)
                notes[soc] = r.note
        return Coverage(source, tuple(exact), rolled, tuple(missing), notes)


def derive_aggregates(published: Collection[str], soc_detailed: Collection[str]) -> dict[str, str]:
    """Detailed SOC codes not published → the published code covering them.

    Computed from the data alone (step 2 of the module doc, without
    :data:`OEWS_AGGREGATES`); the tests check it agrees with the documented table.
    """
    pub = set(published)
    det = set(soc_detailed)
    non_soc = {c for c in pub if c not in det}
    out: dict[str, str] = {}
    for soc in sorted(det - pub):
        candidates = [c for c in non_soc if c[:6] == soc[:6]]
        if len(candidates) == 1:
            out[soc] = candidates[0]
    return out
