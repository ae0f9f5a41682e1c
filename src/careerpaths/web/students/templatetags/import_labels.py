"""Words for the import report's codes: record kinds, plan actions, the reasons a record
did not become part of a student (staff read words; the codes stay in the JSON export and
the command line's report)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

KINDS = {
    "org": _("schools and organizations"),
    "session": _("terms"),
    "course": _("courses"),
    "class": _("classes"),
    "student": _("students"),
    "enrollment": _("enrollments"),
    "demographics": _("demographics"),
    "line_item": _("graded items"),
    "result": _("grades"),
    "attempt": _("course attempts"),
    "transcript": _("college transcript courses"),
}

ACTIONS = {
    "insert": _("added"),
    "update": _("updated"),
    "deactivate": _("made inactive"),
    "reactivate": _("reactivated"),
}

LEFT_OUT = {
    "course-not-in-catalog": _("a course that is not in the region's catalog"),
    "credential-unknown": _("a credential that is not one of the region's"),
    "grade-out-of-range": _("a student outside grades 9-14"),
    "org-not-an-institution": _("a student whose school is not an institution of the region"),
    "pathway-unknown": _("a pathway that is not one of the region's (left blank)"),
    "term-out-of-range": _("a class taken before grade 9"),
    "no-term": _("a class without a term"),
}


@register.filter
def record_kind(code: str) -> str:
    return str(KINDS.get(code, code))


@register.filter
def plan_action(code: str) -> str:
    return str(ACTIONS.get(code, code))


@register.filter
def left_out(code: str) -> str:
    return str(LEFT_OUT.get(code, code))
