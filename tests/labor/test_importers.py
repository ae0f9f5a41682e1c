"""Importers for the official layouts; row-level errors; nothing half-loaded."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest

from careerpaths.labor import importers as imp
from careerpaths.labor import store
from careerpaths.labor.classify import DemandBasis, classify_area
from careerpaths.labor.importers import ImportFailed
from careerpaths.labor.rollup import soc_to_int

DATA = Path(__file__).resolve().parent.parent / "data" / "labor"


def problems(exc: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int | None, int | None, str]]:
    return [(p.line, p.column, p.reason) for p in exc.value.problems]


def write_xlsx(path: Path, sheet: str, rows: list[list[str]]) -> None:
    """A workbook as Excel writes it (written with openpyxl): an index sheet first, then
    ``sheet``; numbers as numbers, text (codes with leading zeros) as text."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Index"
    wb.active.append(["about this workbook"])
    ws = wb.create_sheet(sheet)
    for row in rows:
        out: list[object] = []
        for value in row:
            try:
                number = float(value)
                is_num = (value.strip() != "" and not value.startswith("0")) or value == "0"
            except ValueError:
                is_num = False
            if value == "":
                out.append(None)
            elif is_num:
                out.append(int(number) if number.is_integer() and "." not in value else number)
            else:
                out.append(value)
        ws.append(out)
    wb.save(path)


def store_digest(home: Path) -> str:
    path = home / "labor.sqlite"
    if not path.exists():
        return "absent"
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


# ------------------------------------------------------------------ OEWS


def test_oews_timeseries_layout() -> None:
    ds = imp.parse("oews", DATA / "oews_may2025_sample.csv")
    assert (ds.layout, ds.vintage, ds.period) == ("oews-timeseries", "May 2025", "2025-05")
    assert ds.rows == 29
    assert set(ds.areas) == {0, 1900000, 100000, 16300, 1900001}
    assert ds.areas[1900001].type == "NM" and ds.areas[16300].type == "M"
    rows = {(r[0], r[1]): r for r in ds.oews}
    rn = rows[(16300, soc_to_int("29-1141"))]
    assert rn[2:7] == (2880, 78370, 3768, 67220, 92570)
    top = rows[(100000, soc_to_int("29-1022"))]
    assert top[3] == 239_200 and top[7] & imp.MEDIAN_TOPCODED
    not_released = rows[(16300, soc_to_int("13-1141"))]
    assert not_released[2] is None and not_released[7] & imp.EMP_NOT_RELEASED


def test_oews_download_layout_matches_timeseries() -> None:
    ts = imp.parse("oews", DATA / "oews_may2025_sample.csv")
    dl = imp.parse("oews", DATA / "oews_M2025_dl_sample.csv")
    assert dl.layout == "oews-download" and dl.vintage == "May 2025"
    assert sorted(dl.oews) == sorted(ts.oews)
    assert {k: (a.type, a.state, a.name) for k, a in dl.areas.items()} == {
        k: (a.type, a.state, a.name) for k, a in ts.areas.items()
    }


def test_oews_download_keeps_only_cross_industry(tmp_path: Path) -> None:
    text = (DATA / "oews_M2025_dl_sample.csv").read_text()
    lines = text.splitlines()
    extra = lines[2].replace("000000,Cross-industry,cross-industry,", "622000,Hospitals,4-digit,")
    path = tmp_path / "all_data_M_2025.csv"
    path.write_text("\n".join([*lines, extra]) + "\n")
    ds = imp.parse("oews", path)
    assert ds.rows == 29 and "1 industry- or ownership-specific rows skipped" in ds.notes


def test_oews_gzip_and_xlsx(tmp_path: Path) -> None:
    raw = (DATA / "oews_may2025_sample.csv").read_bytes()
    gz = tmp_path / "oews_may2025_sample.csv.gz"
    gz.write_bytes(gzip.compress(raw))
    assert imp.parse("oews", gz).oews == imp.parse("oews", DATA / "oews_may2025_sample.csv").oews
    rows = list(csv.reader(io.StringIO((DATA / "oews_M2025_dl_sample.csv").read_text())))
    xlsx = tmp_path / "MSA_M2025_dl.xlsx"
    write_xlsx(xlsx, "All May 2025 data", rows)
    got = imp.parse("oews", xlsx)
    assert sorted(got.oews) == sorted(imp.parse("oews", DATA / "oews_M2025_dl_sample.csv").oews)


def test_oews_malformed_rows() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("oews", DATA / "oews_malformed.csv", vintage="May 2025")
    got = problems(exc)
    assert got == [
        (3, 5, "soc_code: '15-125' is not a SOC code"),
        (4, 8, "employment: '33797x0' is not a number"),
        (5, 7, "display_level: '7' is not 0-3"),
        (7, 5, "47-2111 appears twice for area 0000000"),
        (8, None, "8 fields where the header has 25"),
        (9, 25, got[5][2]),
    ]
    assert "footnote_codes" in got[5][2]
    assert all(p.file == "oews_malformed.csv" for p in exc.value.problems)
    assert str(exc.value.problems[0]) == (
        "oews_malformed.csv:3:5: soc_code: '15-125' is not a SOC code"
    )


def test_oews_missing_column() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("oews", DATA / "oews_missing_column.csv", vintage="May 2025")
    ((line, col, reason),) = problems(exc)
    assert line == 1 and col is None and "amedian" in reason


def test_oews_vintage_needed(tmp_path: Path) -> None:
    path = tmp_path / "wages.csv"
    path.write_bytes((DATA / "oews_may2025_sample.csv").read_bytes())
    with pytest.raises(ImportFailed, match="vintage"):
        imp.parse("oews", path)
    assert imp.parse("oews", path, vintage="May 2026").period == "2026-05"


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "oews_may2025_empty.csv"
    empty.write_text("")
    with pytest.raises(ImportFailed, match="empty"):
        imp.parse("oews", empty)
    header_only = tmp_path / "oews_may2025_header.csv"
    header_only.write_text((DATA / "oews_may2025_sample.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(ImportFailed, match="no data rows"):
        imp.parse("oews", header_only)
    not_xlsx = tmp_path / "MSA_M2025_dl.xlsx"
    not_xlsx.write_text("hello")
    with pytest.raises(ImportFailed, match=r"not a readable \.xlsx"):
        imp.parse("oews", not_xlsx)
    with pytest.raises(ImportFailed, match="not an OEWS layout"):
        imp.parse("oews", DATA / "cip_soc_crosswalk_sample.csv", vintage="May 2025")


# ------------------------------------------------------------------ projections


def test_ep_layouts_agree(tmp_path: Path) -> None:
    official = imp.parse("projections", DATA / "ep_table_1_2_sample.csv")
    cleaned = imp.parse("projections", DATA / "ep_table_1_2_cleaned_sample.csv")
    assert official.layout == "ep-table-1.2" and cleaned.layout == "ep-table-1.2-cleaned"
    assert (official.vintage, official.period) == ("2024–34", "2024-2034")
    by_soc = {p.soc: p for p in official.projections}
    cleaned_by_soc = {p.soc: p for p in cleaned.projections}
    for soc, p in cleaned_by_soc.items():
        assert by_soc[soc] == p
    rn = by_soc[soc_to_int("29-1141")]
    assert (rn.emp_base, rn.emp_proj, rn.change_pct, rn.openings) == (
        3_391_000,
        3_557_100,
        4.9,
        189_100,
    )
    top = by_soc[soc_to_int("29-1022")]
    assert top.wage_topcoded and top.median_wage == 239_200
    actors = by_soc[soc_to_int("27-2011")]
    assert actors.median_wage is None and actors.education == "Some college, no degree"
    total = by_soc[soc_to_int("00-0000")]
    assert not total.line_item and total.education is None
    rows = list(csv.reader(io.StringIO((DATA / "ep_table_1_2_sample.csv").read_text())))
    xlsx = tmp_path / "occupation.xlsx"
    write_xlsx(xlsx, "Table 1.2", rows)
    assert imp.parse("projections", xlsx).projections == official.projections


def test_ep_float_artefacts_are_rounded() -> None:
    by_soc = {
        p.soc: p for p in imp.parse("projections", DATA / "ep_table_1_2_sample.csv").projections
    }
    buyers = by_soc[soc_to_int("13-1020")]  # 522.20000000000005 in the sheet
    assert buyers.emp_base == 522_200 and buyers.emp_proj == 552_300


def test_ep_malformed() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("projections", DATA / "ep_table_1_2_malformed.csv")
    assert problems(exc) == [
        (4, 2, "occupation code: '11-00' is not a SOC code"),
        (5, 3, "occupation type: 'Sumary' is not 'Line item' or 'Summary'"),
        (7, 4, "employment 2024: '1,69x.8' is not a number"),
    ]


def test_ep_not_a_table() -> None:
    with pytest.raises(ImportFailed, match=r"not EP Table 1\.2"):
        imp.parse("projections", DATA / "oews_may2025_sample.csv")


# ------------------------------------------------------------------ crosswalk and O*NET


def test_crosswalk_bom_and_no_match() -> None:
    ds = imp.parse("crosswalk", DATA / "cip_soc_crosswalk_sample.csv")
    assert ds.vintage == "CIP 2020–SOC 2018"
    pairs = {(c, s) for c, s, _, _ in ds.crosswalk}
    assert ("01.0508", None) in pairs  # 99-9999 NO MATCH
    assert ("51.3801", "29-1141") in pairs
    assert any(c == "99.9999" for c, _ in pairs)
    assert any("NO MATCH" in n for n in ds.notes)
    titles = {c: t for c, _, t, _ in ds.crosswalk}
    assert titles["11.0701"] == "Computer Science"


def test_crosswalk_excel_repairs() -> None:
    ds = imp.parse("crosswalk", DATA / "cip_soc_crosswalk_excel.csv")
    cips = [c for c, _, _, _ in ds.crosswalk]
    assert cips[0] == "01.0508" and "1.0508" not in cips
    assert any("repeated" in n for n in ds.notes)  # ="01.0508" and 1.0508 are the same row


@pytest.mark.parametrize(
    ("text", "cip"),
    [
        ("01.0101", "01.0101"),
        ('="01.0101"', "01.0101"),
        ("1.0101", "01.0101"),
        ("1.01", "01.0100"),
        ("010101", "01.0101"),
        ("51.38", "51.3800"),
        ("5.38.01", None),
        ("abc", None),
    ],
)
def test_normalize_cip(text: str, cip: str | None) -> None:
    assert imp.normalize_cip(text) == cip


def test_crosswalk_malformed() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("crosswalk", DATA / "cip_soc_crosswalk_malformed.csv")
    assert problems(exc) == [
        (3, 1, "CIP code: '5.38.01' is not a CIP code"),
        (4, 3, "SOC code: '15-12' is not a SOC code"),
    ]


def test_onet() -> None:
    ds = imp.parse("onet", DATA / "onet_occupation_data_sample.txt", vintage="O*NET 29.0")
    codes = [c for c, _, _ in ds.onet]
    assert "29-1141.00" in codes and "29-1141.01" in codes
    assert (ds.vintage, ds.period) == ("O*NET 29.0", "29.0")
    assert all(not d.endswith("\r") for _, _, d in ds.onet)


def test_onet_malformed() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("onet", DATA / "onet_malformed.txt")
    assert problems(exc) == [
        (3, 1, "O*NET-SOC code: '15-1252' is not like 29-1141.00"),
        (4, 2, "title is empty"),
    ]


# ------------------------------------------------------------------ state projections


def test_state_projections_layout() -> None:
    ds = imp.parse("state-projections", DATA / "synthetic_state_projections_ia.csv")
    assert (ds.vintage, ds.period) == ("2024–34", "2024-2034")
    assert {p.state for p in ds.projections} == {"19"}
    assert len(ds.projections) == 7
    assert any("national rows skipped" in n for n in ds.notes)
    rn = next(p for p in ds.projections if p.soc == soc_to_int("29-1141"))
    assert (rn.emp_base, rn.openings, rn.change_pct) == (36_000, 2_520, 8.0)


def test_state_projections_malformed() -> None:
    with pytest.raises(ImportFailed) as exc:
        imp.parse("state-projections", DATA / "synthetic_state_projections_malformed.csv")
    assert problems(exc) == [
        (3, 3, "Base: 'ten thousand' is not a number"),
        (4, 8, "state: '99' is not a state FIPS code"),
        (5, 10, "occupation code: '31-113' is not a SOC code"),
        (6, 10, "29-1141 appears twice for state 19"),
    ]


def test_state_projections_needs_openings_state_and_period() -> None:
    path = DATA / "synthetic_state_projections_no_openings.csv"
    with pytest.raises(ImportFailed) as exc:
        imp.parse("state-projections", path, state="IA")
    assert problems(exc)[0][0] == 1 and "openings" in problems(exc)[0][2].lower()


def test_state_option_only_for_state_projections() -> None:
    with pytest.raises(ImportFailed, match="--state"):
        imp.parse("oews", DATA / "oews_may2025_sample.csv", state="IA")


@pytest.mark.parametrize(
    ("text", "vintage", "period"),
    [
        ("May 2026", "May 2026", "2026-05"),
        ("2026-05", "May 2026", "2026-05"),
        ("2024-34", "2024–34", "2024-2034"),
        ("2024–2034", "2024–34", "2024-2034"),
    ],
)
def test_parse_vintage(text: str, vintage: str, period: str) -> None:
    assert imp.parse_vintage(text) == (vintage, period)


# ------------------------------------------------------------------ the user store


def test_failed_import_leaves_store_unchanged(home: Path) -> None:
    us = store.UserStore()
    assert store_digest(home) == "absent"
    with pytest.raises(ImportFailed):
        us.import_file("oews", DATA / "oews_malformed.csv", vintage="May 2026")
    assert store_digest(home) == "absent"  # nothing created either
    us.import_file("state-projections", DATA / "synthetic_state_projections_ia.csv")
    before = store_digest(home)
    for kind, name in [
        ("oews", "oews_malformed.csv"),
        ("projections", "ep_table_1_2_malformed.csv"),
        ("crosswalk", "cip_soc_crosswalk_malformed.csv"),
        ("onet", "onet_malformed.txt"),
        ("state-projections", "synthetic_state_projections_malformed.csv"),
    ]:
        with pytest.raises(ImportFailed):
            us.import_file(kind, DATA / name, vintage="May 2026" if kind == "oews" else None)
        assert store_digest(home) == before, name
    assert [d.kind for d in us.datasets()] == ["state-projections"]


def test_failure_while_writing_rolls_back(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    us = store.UserStore()
    us.import_file("crosswalk", DATA / "cip_soc_crosswalk_sample.csv")
    before = store_digest(home)
    parsed = imp.parse("oews", DATA / "oews_may2025_sample.csv", vintage="May 2026")
    monkeypatch.setattr(store, "write_dataset", _wrap_failing(store.write_dataset))
    with pytest.raises(sqlite3.OperationalError):
        us.add(parsed)
    assert store_digest(home) == before


def _wrap_failing(fn):  # type: ignore[no-untyped-def]
    def wrapper(conn, parsed, **kw):  # type: ignore[no-untyped-def]
        fn(conn, parsed, **kw)  # everything is inserted ...
        raise sqlite3.OperationalError("disk full (simulated)")  # ... then the write fails

    return wrapper


def test_newest_vintage_per_area(home: Path) -> None:
    us = store.UserStore()
    ds = us.import_file("oews", DATA / "oews_may2025_sample.csv", vintage="May 2026")
    assert ds.key == "oews-2026-05-i1" and ds.origin == "imported"
    data = store.load()
    cr = data.area("Cedar Rapids, IA")
    assert data.dataset(cr.dataset).vintage == "May 2026"
    assert data.dataset(data.area("Ohio").dataset).vintage == "May 2025"  # not in the file
    assert data.previous_oews_dataset(cr) is not None
    assert data.previous_oews_dataset(data.area("Ohio")) is None
    # the area now has only the occupations of the imported file
    assert data.oews(cr, "51-4121") is None and data.oews(cr, "29-1141") is not None


def test_state_projections_are_used(home: Path) -> None:
    store.UserStore().import_file("state-projections", DATA / "synthetic_state_projections_ia.csv")
    data = store.load()
    cr = classify_area(data, data.area("0016300"))
    assert cr.baseline.demand_basis is DemandBasis.STATE_SCALED
    assert cr.baseline.all_growth_pct == 3.0  # the state's total row
    rn = cr.rows["29-1141"]
    assert rn.basis is DemandBasis.STATE_SCALED
    assert rn.openings == pytest.approx(2_880 * 2_520 / 36_000)
    assert rn.growth_pct == 8.0
    aides = cr.rows["31-1120"]  # summed from 31-1121 and 31-1122 in the state file
    assert aides.basis is DemandBasis.STATE_SCALED
    assert aides.openings == pytest.approx(2_260 * 8_000 / 50_000)
    welders = cr.rows["51-4121"]  # not in the state file: national rate, and it says so
    assert welders.basis is DemandBasis.NATIONAL_SCALED
    iowa = classify_area(data, data.area("IA"))
    assert iowa.baseline.demand_basis is DemandBasis.STATE
    assert iowa.rows["29-1141"].openings == 2_520
    ohio = classify_area(data, data.area("Ohio"))
    assert ohio.baseline.demand_basis is DemandBasis.NATIONAL_SCALED


def test_imported_onet_replaces_the_shipped_titles(home: Path) -> None:
    store.UserStore().import_file(
        "onet", DATA / "onet_occupation_data_sample.txt", vintage="O*NET 29.0"
    )
    data = store.load()
    assert data.onet_dataset is not None and data.onet_dataset.vintage == "O*NET 29.0"
    assert data.onet("29-1141") is not None and data.onet("11-1011") is None


def test_remove_dataset(home: Path) -> None:
    us = store.UserStore()
    ds = us.import_file("crosswalk", DATA / "cip_soc_crosswalk_sample.csv")
    assert us.remove(ds.id) and us.datasets() == []
    assert not us.remove(ds.id)


def test_state_projections_json_api_layout(tmp_path: Path) -> None:
    """The Projections Central LongTermRestJson shape: {"rows": [...]}."""
    rows = list(
        csv.DictReader(io.StringIO((DATA / "synthetic_state_projections_ia.csv").read_text()))
    )
    path = tmp_path / "ia_longterm.json"
    import json

    path.write_text(json.dumps({"rows": rows, "pager": {"total_items": len(rows)}}))
    got = imp.parse("state-projections", path)
    assert (
        got.projections
        == imp.parse("state-projections", DATA / "synthetic_state_projections_ia.csv").projections
    )


def test_windows_1252_csv(tmp_path: Path) -> None:
    text = (DATA / "cip_soc_crosswalk_sample.csv").read_text(encoding="utf-8-sig")
    text = text.replace("Computer Science.", "Computer Science – general.")
    path = tmp_path / "crosswalk_cp1252.csv"
    path.write_bytes(text.encode("cp1252"))
    ds = imp.parse("crosswalk", path)
    assert "read as cp1252" in ds.notes
    titles = {c: t for c, _, t, _ in ds.crosswalk}
    assert titles["11.0701"] == "Computer Science – general"
