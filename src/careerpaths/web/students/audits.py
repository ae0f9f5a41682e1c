"""A student's audit as JSON: what the student page renders, materialized in the database.

Audits are computed when a region is imported and again, lazily, when the catalog
revision moves on (a pathway or course changed), so the page does not recompute the
exact allocation on every view.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

from careerpaths.core.audit import AuditResult
from careerpaths.core.student_audit import StudentAudit


def _plain(obj: Any) -> Any:
    if isinstance(obj, AuditResult):
        data = {
            f.name: _plain(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name != "used_ids"
        }
        data["summary"] = obj.summary()
        data["met"] = obj.met
        return data
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple, frozenset, set)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj


def audit_to_json(result: StudentAudit) -> dict[str, Any]:
    """The audit as plain JSON data (enums as their values), with each credential's summary."""
    data: dict[str, Any] = _plain(result)
    data["on_track"] = result.on_track
    return data
