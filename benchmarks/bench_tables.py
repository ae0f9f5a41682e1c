"""Reading an OEWS-shaped .xlsx: the product's reader (python-calamine, rows streamed) beside the
hand-written zipfile + ElementTree reader it replaced and openpyxl read-only.

    PYTHONPATH=src python benchmarks/bench_tables.py [rows]

Prints seconds and peak memory (tracemalloc) for each, and the ratio to the product's.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl

from careerpaths.labor.tables import open_table

HERE = Path(__file__).parent


def make(path: Path, n: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("All May 2025 data")
    ws.append(["AREA", "AREA_TITLE", "OCC_CODE", "OCC_TITLE", "TOT_EMP", "A_MEDIAN"])
    for i in range(n):
        ws.append([f"{16300 + i % 400}", f"Area {i % 400}", f"{11 + i % 40}-{i % 10000:04d}",
                   f"Occupation {i}", 1000 + i, 40000.5 + i])  # fmt: skip
    wb.save(path)


def stdlib(path: Path) -> int:
    sys.path.insert(0, str(HERE))
    import _tables_stdlib_xlsx as old  # the reader before the swap, kept for this bench

    return sum(1 for _ in old.open_table(path, sheet=lambda n: "data" in n).rows)


def product(path: Path) -> int:
    return sum(1 for _ in open_table(path, sheet=lambda n: "data" in n).rows)


def calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return len(wb.get_sheet_by_name("All May 2025 data").to_python())


def openpyxl_read_only(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in wb["All May 2025 data"].iter_rows(values_only=True))
    finally:
        wb.close()


def measure(f: Callable[[Path], int], path: Path) -> tuple[float, float, int]:
    tracemalloc.start()
    t = time.perf_counter()
    rows = f(path)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "oews.xlsx"
        make(path, n)
        base = measure(product, path)
        print(f"{n:,} rows, {path.stat().st_size / 1e6:.1f} MB workbook")
        print(f"{'reader':<34}{'seconds':>9}{'peak MB':>9}{'time ratio':>12}")
        for name, f in [
            ("python-calamine iter_rows (product)", product),
            ("zipfile + ElementTree (before)", stdlib),
            ("python-calamine to_python", calamine),
            ("openpyxl read-only", openpyxl_read_only),
        ]:
            s, mb, rows = base if f is product else measure(f, path)
            assert rows >= n, (name, rows)
            print(f"{name:<34}{s:>9.2f}{mb:>9.1f}{s / base[0]:>11.2f}x")


if __name__ == "__main__":
    main()
