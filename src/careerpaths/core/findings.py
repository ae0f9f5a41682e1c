"""Structured findings: what validation reports, never a bare boolean.

Each finding has a stable ``code`` (documented in docs/findings.md and asserted by the
tests), a ``severity``, a ``where`` (which pathway, term, course, credential or file
position) and a plain-language ``message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Where:
    """Where a finding points: any of a pathway, term, course, credential, file position."""

    pathway: str | None = None
    term: str | None = None
    course: str | None = None
    credential: str | None = None
    node: str | None = None  # requirement-tree path, e.g. "1.2"
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def __str__(self) -> str:
        if self.file:
            pos = self.file
            if self.line is not None:
                pos += f":{self.line}"
                if self.column is not None:
                    pos += f":{self.column}"
            return pos
        parts = [
            f"{name} {value}"
            for name, value in (
                ("pathway", self.pathway),
                ("term", self.term),
                ("course", self.course),
                ("credential", self.credential),
                ("requirement", self.node),
            )
            if value
        ]
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    where: Where
    message: str
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.as_dict(),
            "message": self.message,
        }
        if self.data:
            out["data"] = self.data
        return out


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            f.where.pathway or "",
            f.severity.rank,
            f.where.term or "",
            f.code,
            f.where.course or "",
        ),
    )
