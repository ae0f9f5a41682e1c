"""A student's audit as JSON data: one shape for ``careerpaths audit --format json`` (schema
``output-audit``) and for the audit the web app stores for a student's page.

The shape is the audit's dataclasses field by field (enums as their values, tuples as
lists), with three names chosen for readers rather than for the code: a credential
result's requirement tree is ``tree`` (``AuditResult.root``), a course applied to a
requirement is ``course`` (``Applied.code``), and each result carries its plain-language
``summary`` and ``met``; the result's internal ``used_ids`` are left out.

It is written out by hand: a batch serializes hundreds of thousands of audits, and the
generic ``dataclasses`` walk cost more than the audit itself (a test keeps the two equal,
names aside). Requirement trees are shared between students with the same record (the
batch audit's memo), so an :class:`AuditEncoder` serializes each tree object once.
"""

from __future__ import annotations

from typing import Any

from careerpaths.core.audit import Applied, AuditResult, NodeResult
from careerpaths.core.student_audit import StudentAudit


def _applied(a: Applied) -> dict[str, Any]:
    return {
        "course": a.code,
        "credits": a.credits,
        "grade": a.grade,
        "term": a.term,
        "planned": a.planned,
        "in_progress": a.in_progress,
    }


class AuditEncoder:
    """Audits → JSON data, remembering the trees and results it has already written.

    The memo holds the objects themselves (so an ``id`` is never reused while the
    encoder lives); keep one encoder per batch, not forever.
    """

    def __init__(self) -> None:
        self._nodes: dict[int, tuple[NodeResult, dict[str, Any]]] = {}
        self._results: dict[int, tuple[AuditResult, dict[str, Any]]] = {}

    def node(self, n: NodeResult) -> dict[str, Any]:
        hit = self._nodes.get(id(n))
        if hit is not None and hit[0] is n:
            return hit[1]
        data = {
            "path": n.path,
            "kind": n.kind,
            "description": n.description,
            "met": n.met,
            "required": n.required,
            "earned": n.earned,
            "applied": [_applied(a) for a in n.applied],
            "remaining": n.remaining,
            "explanation": n.explanation,
            "children": [self.node(c) for c in n.children],
        }
        self._nodes[id(n)] = (n, data)
        return data

    def result(self, r: AuditResult) -> dict[str, Any]:
        hit = self._results.get(id(r))
        if hit is not None and hit[0] is r:
            return hit[1]
        data = {
            "credential": r.credential,
            "name": r.name,
            "status": r.status.value,
            "tree": None if r.root is None else self.node(r.root),
            "unused": list(r.unused),
            "summary": r.summary(),
            "met": r.met,
        }
        self._results[id(r)] = (r, data)
        return data

    def audit(self, a: StudentAudit) -> dict[str, Any]:
        return {
            "student": a.student,
            "school": a.school,
            "grade_level": a.grade_level,
            "synthetic": a.synthetic,
            "pathway": a.pathway,
            "diploma": None if a.diploma is None else self.result(a.diploma),
            "credentials": [self.result(r) for r in a.credentials],
            "college_credits": a.college_credits,
            "dual_credits": a.dual_credits,
            "hs_credits": a.hs_credits,
            "random_acts": list(a.random_acts),
            "off_pathway": list(a.off_pathway),
            "next_courses": [
                {
                    "course": s.course,
                    "title": s.title,
                    "term": s.term,
                    "eligible": s.eligible,
                    "reason": s.reason,
                }
                for s in a.next_courses
            ],
            "flags": [{"code": f.code.value, "message": f.message} for f in a.flags],
            "on_track": a.on_track,
        }


def audit_to_json(result: StudentAudit) -> dict[str, Any]:
    """One audit as plain JSON data (see the module's docstring for the shape)."""
    return AuditEncoder().audit(result)
