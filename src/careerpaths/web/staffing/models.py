"""Instructors, the college's approvals (with their decision log), sections, the log of
every change to an instructor or a section, and the log of every view of an instructor's
personal data.

Rows translate to the core's dataclasses with ``to_domain()``; the services write them
(checked by the core first, whole or not at all).
"""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any

from django.conf import settings
from django.db import models

from careerpaths.core import staffing as st


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


class Instructor(models.Model):
    """An instructor known to a college. ``record`` holds the credentials: degrees
    (level, discipline), graduate hours and work years by discipline, licences with expiry,
    availability. Personal data: shown only to the college's coordinators and admins."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(max_length=64)  # the id in staffing files
    college = models.ForeignKey("catalog.Institution", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    employer = models.CharField(max_length=200)
    record = models.JSONField(default=dict)
    background_check = models.DateField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["college", "ref"], name="staffing_instructor_ref")
        ]

    def __str__(self) -> str:
        return self.ref

    def to_domain(self) -> st.Instructor:
        r = self.record
        return st.Instructor(
            id=self.ref,
            name=self.name,
            employer=self.employer,
            degrees=tuple(
                st.Degree(
                    st.DegreeLevel(d["level"]),
                    d.get("discipline") or None,
                    d.get("institution", ""),
                )
                for d in r.get("degrees", [])
            ),
            graduate_hours={k: float(v) for k, v in r.get("graduate_hours", {}).items()},
            licences=tuple(
                st.Licence(lic["name"], _day(lic.get("expires"))) for lic in r.get("licences", [])
            ),
            work_years={k: float(v) for k, v in r.get("work_years", {}).items()},
            background_check=self.background_check,
            available=frozenset(r.get("available") or ["day"]),
            illustrative=self.illustrative,
        )

    @staticmethod
    def record_of(ins: st.Instructor) -> dict[str, Any]:
        return {
            "degrees": [
                {"level": d.level.value, "discipline": d.discipline, "institution": d.institution}
                for d in ins.degrees
            ],
            "graduate_hours": dict(ins.graduate_hours),
            "work_years": dict(ins.work_years),
            "licences": [
                {"name": lic.name, "expires": lic.expires.isoformat() if lic.expires else None}
                for lic in ins.licences
            ],
            "available": sorted(ins.available),
        }


class Approval(models.Model):
    """The college's decision on an instructor and the NACEP record since (F2 orientations
    by course, F3 last professional development, C3 site visits)."""

    instructor = models.OneToOneField(Instructor, on_delete=models.CASCADE, related_name="approval")
    courses = models.JSONField(default=list)  # course keys applied for / approved
    status = models.CharField(
        max_length=10, choices=[(s.value, s.value) for s in st.ApprovalStatus], default="applied"
    )
    conditions = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    justification = models.TextField(blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    oriented = models.JSONField(default=dict)  # course key -> ISO date
    last_pd = models.DateField(null=True, blank=True)
    site_visits = models.JSONField(default=list)

    def to_domain(self) -> st.Approval:
        return st.Approval(
            instructor=self.instructor.ref,
            college=self.instructor.college_id,
            courses=frozenset(self.courses),
            status=st.ApprovalStatus(self.status),
            conditions=self.conditions,
            reasons=self.reasons,
            decided_by=self.decided_by,
            decided_on=self.decided_on,
            oriented={k: date.fromisoformat(v) for k, v in self.oriented.items()},
            last_pd=self.last_pd,
            site_visits=tuple(date.fromisoformat(v) for v in self.site_visits),
        )


class ApprovalEvent(models.Model):
    """Every decision and record change: who, when, what."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Section(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(max_length=64)
    college = models.ForeignKey("catalog.Institution", on_delete=models.PROTECT, related_name="+")
    term = models.CharField(max_length=10)
    course = models.CharField(max_length=20)  # the course code
    site = models.CharField(max_length=64)
    serves = models.JSONField(default=list)
    delivery = models.CharField(
        max_length=30, choices=[(d.value, d.label) for d in st.SectionDelivery]
    )
    slot = models.CharField(max_length=20, default="day")
    meetings = models.JSONField(default=list)
    capacity = models.PositiveIntegerField()
    minimum = models.PositiveIntegerField(default=0)
    room_capacity = models.PositiveIntegerField(null=True, blank=True)
    instructor = models.ForeignKey(
        Instructor, null=True, blank=True, on_delete=models.SET_NULL, related_name="sections"
    )
    status = models.CharField(max_length=10, default="planned")
    illustrative = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["college", "ref"], name="staffing_section_ref")
        ]

    def to_domain(self) -> st.Section:
        return st.Section(
            id=self.ref,
            term=self.term,
            course=self.course,
            site=self.site,
            delivery=st.SectionDelivery(self.delivery),
            capacity=self.capacity,
            minimum=self.minimum,
            room_capacity=self.room_capacity,
            slot=st.TimeSlot(self.slot),
            meetings=tuple(
                st.Meeting(
                    frozenset(m["days"]),
                    time.fromisoformat(m["start"]),
                    time.fromisoformat(m["end"]),
                )
                for m in self.meetings
            ),
            instructor=self.instructor.ref if self.instructor_id and self.instructor else None,
            status=st.SectionStatus(self.status),
            serves=tuple(self.serves),
            illustrative=self.illustrative,
        )

    @staticmethod
    def meetings_of(section: st.Section) -> list[dict[str, Any]]:
        return [
            {"days": sorted(m.days), "start": m.start.isoformat("minutes"),
             "end": m.end.isoformat("minutes")}
            for m in section.meetings
        ]  # fmt: skip


class StaffingCalendar(models.Model):
    """A college's term dates, launches to plan and lead times (as read from its files)."""

    college = models.OneToOneField(
        "catalog.Institution", on_delete=models.CASCADE, related_name="+"
    )
    terms = models.JSONField(default=dict)  # term -> [start, end]
    next_fall = models.CharField(max_length=10, blank=True)
    launches = models.JSONField(default=list)
    policy = models.JSONField(default=dict)  # the college's rules, as in colleges.yaml


class InstructorAccess(models.Model):
    """Each view of an instructor's personal data (ids only; no personal data here)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instructor = models.ForeignKey(
        Instructor, null=True, on_delete=models.SET_NULL, related_name="accesses"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=40, default="record")

    class Meta:
        verbose_name_plural = "instructor accesses"


class StaffingChange(models.Model):
    """Every change to an instructor's record or a section: who, when, which fields.

    Field names only, never their values: an instructor's credentials and background
    check are personal data, and this log is read more widely than the record.
    """

    class Kind(models.TextChoices):
        INSTRUCTOR = "instructor"
        SECTION = "section"

    college = models.ForeignKey("catalog.Institution", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ref = models.CharField(max_length=64)  # the instructor's or section's id, kept after deletion
    instructor = models.ForeignKey(
        Instructor, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(max_length=20)  # created, changed, activated
    fields = models.JSONField(default=list)

    class Meta:
        ordering = ["at", "pk"]
