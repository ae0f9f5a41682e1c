"""Writes about staffing: importing a college's staffing files, instructors' records and
sections (created and edited from the forms), approval decisions, orientations and
section activation.

Every write checks the core's findings first and writes whole or not at all: a finding
of severity error raises :class:`StaffingRefused` (:class:`FormRefused` from a form, with
the message of each field) and nothing is saved. Every decision on an approval is logged
with who and when (:class:`ApprovalEvent`), every change to an instructor or a section
too (:class:`StaffingChange`, field names only).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerpaths.core import staffing as st
from careerpaths.core.findings import Finding, Severity, Where, has_errors
from careerpaths.core.requisites import course_key
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.core_text import say
from careerpaths.web.staffing import inputs
from careerpaths.web.staffing.models import (
    Approval,
    ApprovalEvent,
    Instructor,
    InstructorAccess,
    Section,
    StaffingCalendar,
    StaffingChange,
)


class StaffingRefused(Exception):
    """A write the core's checks refuse; ``findings`` say why. Nothing was saved."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings if f.severity is Severity.ERROR))


class FormRefused(StaffingRefused):
    """A form that cannot be saved: ``errors`` maps each field to its message (the core's
    findings among them, beside the field they are about); nothing was saved."""

    def __init__(
        self,
        errors: dict[str, str],
        findings: list[Finding] | None = None,
        warnings: dict[str, str] | None = None,
    ) -> None:
        self.errors = dict(errors)
        self.warnings = dict(warnings or {})  # the core's warnings, beside their fields
        super().__init__(findings or [])
        self.args = ("; ".join(self.errors.values()),)


@dataclass(frozen=True)
class Saved:
    """A saved instructor or section, and what the core has to say about it that did not
    stop the save (an expired licence; why the section cannot be activated yet)."""

    row: Any
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _may_manage(scope: Scope, college: str) -> None:
    if not (
        scope.has(Role.SITE_ADMIN)
        or (scope.has(Role.COLLEGE_COORDINATOR) and scope.covers(college))
    ):
        raise refuse(scope, "staffing")


@transaction.atomic
def staffing_import(*, folder: Path, today: date | None = None) -> dict[str, int]:
    """Load a staffing folder (its colleges, instructors, approvals, sections, calendar)
    into the database, replacing what those colleges had. Findings of severity error
    (or unreadable files) refuse the whole import."""
    from careerpaths.staffing.files import load_staffing, raw_colleges
    from careerpaths.web.catalog.selectors import region_snapshot

    data = load_staffing(folder, region_snapshot())
    if has_errors(data.findings):
        raise StaffingRefused(data.findings)
    raw = raw_colleges(folder)
    counts = {"instructors": 0, "sections": 0, "approvals": 0}
    for cid in data.policies:
        Section.objects.filter(college_id=cid).delete()
        Instructor.objects.filter(college_id=cid).delete()
        StaffingCalendar.objects.update_or_create(
            college_id=cid,
            defaults={
                "terms": {t: [a.isoformat(), b.isoformat()] for t, (a, b) in data.terms.items()},
                "next_fall": data.next_fall or "",
                "launches": [
                    {"target": ln.target, "subject": ln.subject, "term": ln.term,
                     "state": ln.state, "done": sorted(ln.done), "course": ln.course,
                     "pathway": ln.pathway, "site": ln.site}
                    for ln in data.launches
                ],
                "policy": raw[cid],
            },
        )  # fmt: skip
    college_of = {a.instructor: a.college for a in data.approvals.values()}
    only = next(iter(data.policies)) if len(data.policies) == 1 else None
    rows: dict[str, Instructor] = {}
    for ins in data.instructors.values():
        owner = college_of.get(ins.id) or only
        if owner is None:
            continue
        cid = owner
        rows[ins.id] = Instructor.objects.create(
            ref=ins.id, college_id=cid, name=ins.name, employer=ins.employer,
            record=Instructor.record_of(ins), background_check=ins.background_check,
            illustrative=ins.illustrative,
        )  # fmt: skip
        counts["instructors"] += 1
    for a in data.approvals.values():
        Approval.objects.create(
            instructor=rows[a.instructor], courses=sorted(a.courses), status=a.status.value,
            conditions=a.conditions, reasons=a.reasons, decided_by=a.decided_by,
            decided_on=a.decided_on,
            oriented={k: v.isoformat() for k, v in a.oriented.items()}, last_pd=a.last_pd,
            site_visits=[v.isoformat() for v in a.site_visits],
        )  # fmt: skip
        counts["approvals"] += 1
    for s in data.sections:
        cid = only or (college_of.get(s.instructor or "") or "")
        Section.objects.create(
            ref=s.id, college_id=cid, term=s.term, course=s.course, site=s.site,
            serves=list(s.serves), delivery=s.delivery.value, slot=s.slot.value,
            meetings=Section.meetings_of(s), capacity=s.capacity, minimum=s.minimum,
            room_capacity=s.room_capacity, instructor=rows.get(s.instructor or ""),
            status=s.status.value, illustrative=s.illustrative,
        )  # fmt: skip
        counts["sections"] += 1
    return counts


def _log(approval: Approval, actor: User | None, action: str, note: str = "") -> None:
    ApprovalEvent.objects.create(approval=approval, actor=actor, action=action, note=note)


@transaction.atomic
def approval_decide(
    *,
    scope: Scope,
    actor: User,
    approval: Approval,
    decision: st.ApprovalStatus,
    courses: list[str],
    conditions: str = "",
    reasons: str = "",
    justification: str = "",
    today: date | None = None,
) -> Approval:
    """Approve an instructor for named courses (with conditions) or decline with reasons.

    Approving needs the instructor to qualify for each course under the college's rules;
    a rule that asks for a documented justification needs ``justification``; declining
    needs ``reasons``. Logged with who and when.
    """
    from careerpaths.web.staffing.selectors import college_policy, region_course

    _may_manage(scope, approval.instructor.college_id)
    day = today or timezone.localdate()
    where = Where(node=approval.instructor.ref)
    problems: list[Finding] = []
    if decision is st.ApprovalStatus.DECLINED and not reasons.strip():
        problems.append(Finding("decline-needs-reasons", Severity.ERROR, where,
                                "Give the reasons for declining."))  # fmt: skip
    if decision is st.ApprovalStatus.APPROVED:
        policy = college_policy(approval.instructor.college_id)
        ins = approval.instructor.to_domain()
        if not courses:
            problems.append(Finding("approve-needs-courses", Severity.ERROR, where,
                                    "Name the courses the approval is for."))  # fmt: skip
        for code in courses:
            course = region_course(code)
            if course is None:
                problems.append(Finding("approve-unknown-course", Severity.ERROR, where,
                                        f"No course {code} in the catalog."))  # fmt: skip
                continue
            check = st.check_qualification(ins, course, policy, as_of=day)
            if not check.qualified:
                problems.append(
                    Finding("approve-not-qualified", Severity.ERROR, where, check.explain())
                )
            elif check.needs_justification and not justification.strip():
                problems.append(Finding("approve-needs-justification", Severity.ERROR, where,
                                        f"{course.code}: the rule met ({check.best.alternative.label if check.best else ''}) "
                                        "needs a documented justification."))  # fmt: skip
    if problems:
        raise StaffingRefused(problems)
    approval.status = decision.value
    if decision is st.ApprovalStatus.APPROVED:
        approval.courses = sorted({course_key(c) for c in courses})
    approval.conditions = conditions
    approval.reasons = reasons
    approval.justification = justification
    approval.decided_by = actor.get_username()
    approval.decided_on = day
    approval.save()
    _log(approval, actor, decision.value, conditions or reasons or justification)
    return approval


@transaction.atomic
def orientation_record(
    *, scope: Scope, actor: User, approval: Approval, course: str, day: date
) -> Approval:
    """Record that the instructor did the course's orientation (NACEP F2)."""
    _may_manage(scope, approval.instructor.college_id)
    approval.oriented = {**approval.oriented, course_key(course): day.isoformat()}
    approval.save(update_fields=["oriented"])
    _log(approval, actor, "orientation", f"{course} on {day.isoformat()}")
    return approval


def _change(
    *, college: str, actor: User | None, kind: str, ref: str, action: str, fields: list[str],
    instructor: Instructor | None = None, section: Section | None = None,
) -> None:  # fmt: skip
    StaffingChange.objects.create(
        college_id=college, actor=actor, kind=kind, ref=ref, action=action, fields=fields,
        instructor=instructor, section=section,
    )  # fmt: skip


def _calendar(college: str) -> StaffingCalendar:
    cal = StaffingCalendar.objects.filter(college_id=college).first()
    if cal is None:
        raise FormRefused({"form": _("No staffing rules are loaded for this college yet.")})
    return cal


def _refuse_errors(errors: dict[str, str], findings: list[Finding], where: Any) -> None:
    """Raise :class:`FormRefused` when the form or the core's findings have errors (each
    finding beside its field; a field keeps its first message)."""
    warnings: dict[str, str] = {}
    for f in findings:
        if f.severity is Severity.ERROR:
            errors.setdefault(where(f), say(f.message))
        else:
            warnings.setdefault(where(f), say(f.message))
    if errors:
        raise FormRefused(errors, findings, warnings)


def _instructor_ref(name: str, college: str) -> str:
    base = "ins-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "new")
    taken = set(Instructor.objects.filter(college_id=college).values_list("ref", flat=True))
    ref, n = base, 1
    while ref in taken:
        n += 1
        ref = f"{base}-{n}"
    return ref


# what the change log names for each part of an instructor's record
_INSTRUCTOR_FIELDS = ("name", "employer", "degrees", "graduate_hours", "work_years", "licences",
                      "background_check", "available")  # fmt: skip


def _instructor_fields(ins: st.Instructor) -> dict[str, Any]:
    record = Instructor.record_of(ins)
    return {"name": ins.name, "employer": ins.employer, "background_check": ins.background_check,
            **{k: record[k] for k in ("degrees", "graduate_hours", "work_years", "licences",
                                      "available")}}  # fmt: skip


@transaction.atomic
def instructor_save(
    *,
    scope: Scope,
    actor: User,
    college: str,
    data: inputs.InstructorInput,
    row: Instructor | None = None,
    today: date | None = None,
) -> Saved:
    """Create an instructor (``row`` None) or change one's record, from the form.

    Refused whole (:class:`FormRefused`, a message per field) when a field cannot be read
    or the core finds an error in the record (a degree without its discipline, hours below
    zero). Warnings (an expired licence, no background check) do not stop the save: they
    come back in :attr:`Saved.findings`. A new instructor may apply for courses at once
    (an application the academic leadership then decides). Logged: who, when, which
    fields (never their values)."""
    from careerpaths.web.catalog.selectors import region_snapshot
    from careerpaths.web.staffing.selectors import college_policy

    if row is not None:
        college = row.college_id
    _may_manage(scope, college)
    _calendar(college)
    day = today or timezone.localdate()
    region = region_snapshot()
    ref = row.ref if row is not None else (data.ref or _instructor_ref(data.name, college))
    errors: dict[str, str] = {}
    if row is None and data.ref:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", data.ref):
            errors["ref"] = _("Use letters, digits, dots, dashes or underscores (at most 64)")
        elif Instructor.objects.filter(college_id=college, ref=data.ref).exists():
            errors["ref"] = _("Another instructor of the college has the id %(ref)s") % {
                "ref": data.ref
            }
    read = inputs.read_instructor(
        data, ref=ref, region=region, college=college, today=day,
        new_application=row is None or not Approval.objects.filter(instructor=row).exists(),
    )  # fmt: skip
    errors.update(read.errors)
    ins = read.instructor
    found = st.instructor_findings(ins, as_of=day, policy=college_policy(college))
    _refuse_errors(errors, found, lambda f: inputs.instructor_field(f, read))
    fields = _instructor_fields(ins)
    if row is None:
        row = Instructor.objects.create(
            ref=ref, college_id=college, name=ins.name, employer=ins.employer,
            record=Instructor.record_of(ins), background_check=ins.background_check,
        )  # fmt: skip
        changed = list(_INSTRUCTOR_FIELDS)
        action = "created"
    else:
        before = _instructor_fields(row.to_domain())
        changed = [k for k in _INSTRUCTOR_FIELDS if before[k] != fields[k]]
        row.name, row.employer = ins.name, ins.employer
        row.record = Instructor.record_of(ins)
        row.background_check = ins.background_check
        row.save(update_fields=["name", "employer", "record", "background_check"])
        action = "changed"
    if changed:
        _change(college=college, actor=actor, kind=StaffingChange.Kind.INSTRUCTOR, ref=ref,
                action=action, fields=changed, instructor=row)  # fmt: skip
    notes: list[str] = []
    if read.courses and not Approval.objects.filter(instructor=row).exists():
        approval = Approval.objects.create(instructor=row, courses=list(read.courses))
        _log(approval, actor, "applied", ", ".join(read.courses))
        notes.append(
            _("Application recorded for %(courses)s: the college's academic leadership decides.")
            % {"courses": ", ".join(region.courses[k].code for k in read.courses)}
        )
    return Saved(row, [f for f in found if f.severity is not Severity.ERROR], notes)


def _section_findings(college: str, section: st.Section, *, exclude: int | None) -> list[Finding]:
    """The core's findings about ``section`` among the college's other sections that term
    (one instructor in two places at once), with the catalog and the college's instructors."""
    from careerpaths.web.catalog.selectors import region_snapshot

    rows = Section.objects.filter(college_id=college, term=section.term)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    others = [s.to_domain() for s in rows.select_related("instructor")]
    instructors = {i.ref: i.to_domain() for i in Instructor.objects.filter(college_id=college)}
    found = st.section_findings(
        [*others, section], instructors=instructors, courses=region_snapshot().courses
    )
    return [
        f for f in found if f.where.node == section.id or section.id in f.data.get("sections", [])
    ]


_SECTION_FIELDS = ("term", "course", "site", "serves", "delivery", "slot", "meetings",
                   "capacity", "minimum", "room_capacity", "instructor")  # fmt: skip


def _section_fields(s: st.Section) -> dict[str, Any]:
    return {
        "term": s.term, "course": course_key(s.course), "site": s.site, "serves": list(s.serves),
        "delivery": s.delivery.value, "slot": s.slot.value, "meetings": Section.meetings_of(s),
        "capacity": s.capacity, "minimum": s.minimum, "room_capacity": s.room_capacity,
        "instructor": s.instructor,
    }  # fmt: skip


@transaction.atomic
def section_save(
    *,
    scope: Scope,
    actor: User,
    college: str,
    data: inputs.SectionInput,
    row: Section | None = None,
    today: date | None = None,
) -> Saved:
    """Create a section (``row`` None) or change one, from the form.

    Refused whole (:class:`FormRefused`, a message per field) when a field cannot be read
    or the core finds an error — checked with the college's other sections that term:
    capacity over the room's, a minimum above the capacity, a meeting that ends before it
    starts, the instructor already teaching at that time. A section whose instructor or
    course changes goes back to planned (to be activated again). What still stands in the
    way of activating it (no orientation, no approval) comes back in
    :attr:`Saved.findings`. Logged: who, when, which fields."""
    from careerpaths.web.catalog.selectors import region_snapshot
    from careerpaths.web.staffing.selectors import college_policy

    if row is not None:
        college = row.college_id
    _may_manage(scope, college)
    cal = _calendar(college)
    day = today or timezone.localdate()
    region = region_snapshot()
    rows = {i.ref: i for i in Instructor.objects.filter(college_id=college)}
    taken = set(Section.objects.filter(college_id=college).values_list("ref", flat=True))
    errors: dict[str, str] = {}
    ref = row.ref if row is not None else data.ref
    if row is None and data.ref and data.ref in taken:
        errors["ref"] = _("Another section of the college has the id %(ref)s") % {"ref": data.ref}
    read = inputs.read_section(
        data, ref=ref or "new", region=region, college=college, terms=cal.terms,
        instructors=rows,
    )  # fmt: skip
    errors.update(read.errors)
    if read.section is None:
        raise FormRefused(errors)
    section = read.section
    if not ref:
        section = dataclasses.replace(section, id=inputs.suggested_ref(section, taken))
    found = _section_findings(college, section, exclude=row.pk if row else None)
    _refuse_errors(errors, found, lambda f: inputs.section_field(f, read))
    fields = _section_fields(section)
    values = {
        "term": section.term, "course": section.course, "site": section.site,
        "serves": list(section.serves), "delivery": section.delivery.value,
        "slot": section.slot.value, "meetings": Section.meetings_of(section),
        "capacity": section.capacity, "minimum": section.minimum,
        "room_capacity": section.room_capacity, "instructor": rows.get(section.instructor or ""),
    }  # fmt: skip
    notes: list[str] = []
    if row is None:
        row = Section.objects.create(college_id=college, ref=section.id, **values)
        changed, action = list(_SECTION_FIELDS), "created"
    else:
        before = _section_fields(row.to_domain())
        changed = [k for k in _SECTION_FIELDS if before[k] != fields[k]]
        for k, v in values.items():
            setattr(row, k, v)
        if row.status == st.SectionStatus.ACTIVE.value and {"instructor", "course"} & set(changed):
            row.status = st.SectionStatus.PLANNED.value
            changed.append("status")
            notes.append(_("The section is planned again: activate it once its instructor is "
                           "ready for the course."))  # fmt: skip
        row.save()
        action = "changed"
    if changed:
        _change(college=college, actor=actor, kind=StaffingChange.Kind.SECTION, ref=row.ref,
                action=action, fields=changed, section=row)  # fmt: skip
    blocking = _activation(row, college_policy(college), day)
    return Saved(row, [f for f in found if f.severity is not Severity.ERROR] + blocking, notes)


def _activation(section: Section, policy: st.CollegePolicy, day: date) -> list[Finding]:
    """Why ``section`` cannot be activated (empty: it can)."""
    from careerpaths.web.staffing.selectors import region_course

    ins_row = section.instructor
    ins = ins_row.to_domain() if ins_row else None
    approval_row = Approval.objects.filter(instructor=ins_row).first() if ins_row else None
    course = region_course(section.course)
    check = st.check_qualification(ins, course, policy, as_of=day) if ins and course else None
    return st.activation_findings(
        section.to_domain(), instructor=ins,
        approval=approval_row.to_domain() if approval_row else None,
        check=check, policy=policy, as_of=day,
    )  # fmt: skip


@transaction.atomic
def section_activate(
    *, scope: Scope, actor: User, section: Section, today: date | None = None
) -> Section:
    """Activate a section: refused until its instructor qualifies, is approved for the
    course and has done the course's orientation (NACEP F1, F2), with a current
    background check."""
    from careerpaths.web.staffing.selectors import college_policy

    _may_manage(scope, section.college_id)
    day = today or timezone.localdate()
    found = _activation(section, college_policy(section.college_id), day)
    if has_errors(found):
        raise StaffingRefused(found)
    section.status = st.SectionStatus.ACTIVE.value
    section.save(update_fields=["status"])
    approval_row = (
        Approval.objects.filter(instructor=section.instructor).first()
        if section.instructor
        else None
    )
    if approval_row is not None:
        _log(approval_row, actor, "section-activated", section.ref)
    _change(college=section.college_id, actor=actor, kind=StaffingChange.Kind.SECTION,
            ref=section.ref, action="activated", fields=["status"], section=section)  # fmt: skip
    return section


def instructor_record_open(*, scope: Scope, instructor: Instructor, what: str = "record") -> None:
    """Log a view of an instructor's personal data (ids only)."""
    if scope.user_id is not None:
        InstructorAccess.objects.create(user_id=scope.user_id, instructor=instructor, what=what)


__all__ = [
    "FormRefused",
    "Saved",
    "StaffingRefused",
    "approval_decide",
    "instructor_record_open",
    "instructor_save",
    "orientation_record",
    "section_activate",
    "section_save",
    "staffing_import",
]
