"""Words for the import report's codes: record kinds, plan actions, the reasons a record
did not become part of a student, the readers' errors and warnings, the schools and the
export's format (staff read words; the codes stay in the JSON export and the command
line's report)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from careerpaths.core.i18n import text_from_data
from careerpaths.web.core_text import say

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


@register.filter
def problem(row: Mapping[str, Any]) -> str:
    """An error's or warning's reason in the page's language: the reader's template and
    values when the import log kept them (``text``), else the reason as recorded."""
    if row.get("text"):
        return str(say(text_from_data(row["text"])))
    return str(row.get("reason", ""))


@register.filter
def school_name(school_id: str, names: Mapping[str, str] | None) -> str:
    """An institution's name (its id when the region no longer has it)."""
    return (names or {}).get(school_id, school_id)


@register.filter
def school_names(school_ids: Iterable[str], names: Mapping[str, str] | None) -> str:
    """The institutions' names, sorted, joined; "—" for none."""
    got = sorted(school_name(s, names) for s in school_ids or ())
    return ", ".join(got) if got else "—"


@register.filter
def import_format(batch: Any) -> str:
    """What the import read, in words: the format's name, the OneRoster version the
    export declared, and whether the plain-CSV files listed changes only."""
    name = str(batch.format_name)
    source = str(batch.source)
    version = source.removeprefix("oneroster-") if source.startswith("oneroster-") else ""
    if version:
        name = gettext("OneRoster %(version)s CSV export") % {"version": version}
    if batch.delta:
        name = gettext("%(format)s, changes only (delta)") % {"format": name}
    return name
