"""What a student-data import did: the one outcome type of every way in.

The workspace import (:func:`careerpaths.io.roster_store.import_into_workspace`), the
database import (:func:`careerpaths.web.students.roster_import.roster_import`) and the
command line that reports both give and read this one type. ``batch`` is the import-log
entry where there is one (the web app's ``ImportBatch``; None for a workspace or a dry run).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

from careerpaths.io.errors import LoadError
from careerpaths.io.roster import Skipped
from careerpaths.io.roster_merge import MergePlan, PlanSummary

B = TypeVar("B")

_EMPTY: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True)
class ImportOutcome(Generic[B]):
    """One import's result, whoever ran it and wherever it went."""

    plan: MergePlan | PlanSummary
    applied: bool  # False for a dry run, a held plan without confirmation, or nothing new
    students: int = 0  # active imported students (in the importer's scope) after the import
    skipped: tuple[Skipped, ...] = ()  # records that did not become part of a student
    written: int = 0  # Student rows inserted, changed or made inactive (the database)
    # Which students were derived again from the records kept: "all", or "touched" (only
    # those the import is about, the others being in line already); how many.
    derived: str = ""
    rederived: int = 0
    totals: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    warnings: tuple[LoadError, ...] = ()  # imported, and reported (file:line:column: reason)
    where: str = ""  # the database or the workspace folder written, for the report
    batch: B | None = None  # the import-log entry (None: a workspace or a dry run)

    @property
    def skipped_counts(self) -> dict[str, int]:
        """``{code: n}``, sorted by code."""
        return dict(sorted(Counter(s.code for s in self.skipped).items()))
