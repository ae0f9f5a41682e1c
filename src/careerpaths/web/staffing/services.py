"""Writes about staffing: importing a college's staffing files, approval decisions,
orientations, sections and their activation.

Every write checks the core's findings first and writes whole or not at all: a finding
of severity error raises :class:`StaffingRefused` and nothing is saved. Every decision
on an approval is logged with who and when (:class:`ApprovalEvent`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from careerpaths.core import staffing as st
from careerpaths.core.findings import Finding, Severity, Where, has_errors
from careerpaths.core.requisites import course_key
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.staffing.models import (
    Approval,
    ApprovalEvent,
    Instructor,
    InstructorAccess,
    Section,
    StaffingCalendar,
)


class StaffingRefused(Exception):
    """A write the core's checks refuse; ``findings`` say why. Nothing was saved."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings if f.severity is Severity.ERROR))


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
                     "state": ln.state, "done": sorted(ln.done)}
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


@transaction.atomic
def section_save(*, scope: Scope, college: str, section: st.Section) -> Section:
    """Create or update a section; refused (nothing saved) when the section's findings,
    checked with the college's other sections that term, include an error."""
    from careerpaths.web.catalog.selectors import region_snapshot

    _may_manage(scope, college)
    others = [
        s.to_domain()
        for s in Section.objects.filter(college_id=college, term=section.term)
        .exclude(ref=section.id)
        .select_related("instructor")
    ]
    instructors = {i.ref: i for i in Instructor.objects.filter(college_id=college)}
    found = st.section_findings(
        [*others, section],
        instructors={k: v.to_domain() for k, v in instructors.items()},
        courses=region_snapshot().courses,
    )
    mine = [
        f for f in found if f.where.node == section.id or section.id in f.data.get("sections", [])
    ]
    if has_errors(mine):
        raise StaffingRefused(mine)
    row, _ = Section.objects.update_or_create(
        college_id=college, ref=section.id,
        defaults={
            "term": section.term, "course": section.course, "site": section.site,
            "serves": list(section.serves), "delivery": section.delivery.value,
            "slot": section.slot.value, "meetings": Section.meetings_of(section),
            "capacity": section.capacity, "minimum": section.minimum,
            "room_capacity": section.room_capacity,
            "instructor": instructors.get(section.instructor or ""),
            "illustrative": section.illustrative,
        },
    )  # fmt: skip
    return row


@transaction.atomic
def section_activate(
    *, scope: Scope, actor: User, section: Section, today: date | None = None
) -> Section:
    """Activate a section: refused until its instructor qualifies, is approved for the
    course and has done the course's orientation (NACEP F1, F2), with a current
    background check."""
    from careerpaths.web.staffing.selectors import college_policy, region_course

    _may_manage(scope, section.college_id)
    day = today or timezone.localdate()
    policy = college_policy(section.college_id)
    ins_row = section.instructor
    ins = ins_row.to_domain() if ins_row else None
    approval_row = Approval.objects.filter(instructor=ins_row).first() if ins_row else None
    course = region_course(section.course)
    check = st.check_qualification(ins, course, policy, as_of=day) if ins and course else None
    found = st.activation_findings(
        section.to_domain(), instructor=ins,
        approval=approval_row.to_domain() if approval_row else None,
        check=check, policy=policy, as_of=day,
    )  # fmt: skip
    if has_errors(found):
        raise StaffingRefused(found)
    section.status = st.SectionStatus.ACTIVE.value
    section.save(update_fields=["status"])
    if approval_row is not None:
        _log(approval_row, actor, "section-activated", section.ref)
    return section


def instructor_record_open(*, scope: Scope, instructor: Instructor, what: str = "record") -> None:
    """Log a view of an instructor's personal data (ids only)."""
    if scope.user_id is not None:
        InstructorAccess.objects.create(user_id=scope.user_id, instructor=instructor, what=what)


__all__ = [
    "StaffingRefused",
    "approval_decide",
    "instructor_record_open",
    "orientation_record",
    "section_activate",
    "section_save",
    "staffing_import",
]
