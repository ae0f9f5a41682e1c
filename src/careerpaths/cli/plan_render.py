"""``careerpaths plan``: a plan as text or JSON (one function builds each)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from careerpaths.core.findings import Finding
from careerpaths.core.planning import PlanResult

_STATUS = {
    "optimal": "proven best",
    "feasible": "found, not proven best",
    "infeasible": "no plan",
    "unknown": "no answer in time",
}


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def plan_text(title: str, result: PlanResult, findings: Sequence[Finding]) -> str:
    lines = [title, f"Plan: {_STATUS[result.status.value]} ({result.seconds:.2f} s)", ""]
    if result.plan is not None:
        for term, courses in result.plan.by_term().items():
            lines.append(term.label)
            for c in courses:
                unit = "college credits" if c.college else "credits"
                marks = [m for m, on in (("locked", c.locked), ("retake", c.retake)) if on]
                if c.moved_from is not None:
                    marks.append(f"moved from {c.moved_from.label}")
                extra = f"  [{', '.join(marks)}]" if marks else ""
                lines.append(f"  {c.code:<12} {c.title} ({_num(c.credits)} {unit}){extra}")
        sc = result.plan.score
        lines += [
            "",
            f"Terms: {sc.terms}  fullest term: {sc.max_fill:.0%} of its limit  "
            f"load spread (sd): {sc.load_sd:g}  moves: {sc.moves}  courses: {sc.courses}",
        ]
    shown = [f for f in findings if f.severity.value != "info" or f.code.startswith("plan-")]
    if shown:
        lines += ["", "Findings:"]
        lines += [f"  {f.severity.value:<7} {f.code}: {f.message}" for f in shown]
    return "\n".join(lines) + "\n"


def plan_json(result: PlanResult, findings: Sequence[Finding]) -> str:
    plan = None
    if result.plan is not None:
        sc = result.plan.score
        plan = {
            "placements": [
                {
                    "course": c.code,
                    "title": c.title,
                    "term": c.term.id,
                    "credits": c.credits,
                    "college": c.college,
                    "locked": c.locked,
                    "retake": c.retake,
                    "moved_from": c.moved_from.id if c.moved_from else None,
                }
                for c in result.plan.placements
            ],
            "score": {
                "terms": sc.terms,
                "max_fill": sc.max_fill,
                "load_sd": sc.load_sd,
                "moves": sc.moves,
                "courses": sc.courses,
            },
        }
    out = {
        "status": result.status.value,
        "seconds": round(result.seconds, 3),
        "plan": plan,
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(out, indent=2) + "\n"
