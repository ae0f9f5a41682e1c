"""What a coordinator typed into the instructor and section forms, read into the core's
dataclasses with one message per field that cannot be read.

The readers only read: a date that is not a date, a number that is not a number, a
level or delivery model that is not one of the choices, a course not in the catalog.
What the core judges — a degree without a discipline, hours below zero, an expired
licence, a section over its room's capacity, one instructor in two places at once — is
left to :mod:`careerpaths.core.staffing`, whose findings the services put beside the
field they are about (see :func:`row_of`).

Repeated rows (degrees, hours, licences, meetings) are posted as ``PREFIX-COUNT`` and
``PREFIX-I-KEY``; a row left blank is dropped, and each kept row remembers the form row
it came from so an error lands beside the right one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils.translation import gettext as _

from careerpaths.core import staffing as st
from careerpaths.core.model import InstitutionKind, Region
from careerpaths.core.numbers import format_number
from careerpaths.core.requisites import course_key

MAX_ROWS = 30  # rows of one kind a form may post
OTHER_EMPLOYER = "other"
ONLINE_SITE = "online"
DEGREE_LEVELS = tuple(st.DegreeLevel)
MAX_GRADUATE_HOURS = 500.0
MAX_WORK_YEARS = 70.0


def _count(post: Any, prefix: str) -> int:
    try:
        return max(0, min(int(post.get(f"{prefix}-count", "0")), MAX_ROWS))
    except (TypeError, ValueError):
        return 0


def posted_rows(post: Any, prefix: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The rows ``PREFIX-I-KEY`` as posted, in order, blank ones included (the form
    shows them again as typed). A key posted several times (checkboxes) is a list."""
    out = []
    for i in range(_count(post, prefix)):
        row: dict[str, Any] = {}
        for k in keys:
            name = f"{prefix}-{i}-{k}"
            values = post.getlist(name) if hasattr(post, "getlist") else [post.get(name, "")]
            row[k] = values if k == "days" else (values[0] if values else "").strip()
        out.append(row)
    return out


def _blank(row: Mapping[str, Any]) -> bool:
    return not any(v for v in row.values())


def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


def _clock(text: str) -> time:
    return time.fromisoformat(text.strip())


def _amount(text: str, limit: float) -> float | None:
    """A number of hours or years as typed; negative numbers pass (the core reports them
    as ``negative-hours``), anything else out of range is None."""
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        return None
    if not math.isfinite(value) or value > limit:
        return None
    return value


def _whole(text: str, *, low: int, high: int = 100_000) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


# --------------------------------------------------------------------------- instructors


@dataclass
class InstructorInput:
    """The instructor form as typed."""

    ref: str = ""
    name: str = ""
    employer: str = ""  # an institution id, or OTHER_EMPLOYER
    employer_other: str = ""
    degrees: list[dict[str, Any]] = field(default_factory=list)  # level, discipline, institution
    graduate_hours: list[dict[str, Any]] = field(default_factory=list)  # discipline, value
    work_years: list[dict[str, Any]] = field(default_factory=list)  # discipline, value
    licences: list[dict[str, Any]] = field(default_factory=list)  # name, expires
    background_check: str = ""
    available: list[str] = field(default_factory=list)
    courses: str = ""  # applied for, comma separated (a new application only)

    @classmethod
    def from_post(cls, post: Any) -> InstructorInput:
        return cls(
            ref=post.get("ref", "").strip(),
            name=post.get("name", "").strip(),
            employer=post.get("employer", "").strip(),
            employer_other=post.get("employer_other", "").strip(),
            degrees=posted_rows(post, "degree", ("level", "discipline", "institution")),
            graduate_hours=posted_rows(post, "hours", ("discipline", "value")),
            work_years=posted_rows(post, "work", ("discipline", "value")),
            licences=posted_rows(post, "licence", ("name", "expires")),
            background_check=post.get("background_check", "").strip(),
            available=[a for a in post.getlist("available") if a],
            courses=post.get("courses", "").strip(),
        )

    @classmethod
    def from_domain(cls, ins: st.Instructor, *, employers: Mapping[str, Any]) -> InstructorInput:
        """The form filled with a saved record (for editing)."""
        known = ins.employer in employers
        return cls(
            ref=ins.id,
            name=ins.name,
            employer=ins.employer if known else OTHER_EMPLOYER,
            employer_other="" if known else ins.employer,
            degrees=[
                {
                    "level": d.level.value,
                    "discipline": d.discipline or "",
                    "institution": d.institution,
                }
                for d in ins.degrees
            ],
            graduate_hours=[
                {"discipline": k, "value": format_number(v)} for k, v in ins.graduate_hours.items()
            ],
            work_years=[
                {"discipline": k, "value": format_number(v)} for k, v in ins.work_years.items()
            ],
            licences=[
                {"name": lic.name, "expires": lic.expires.isoformat() if lic.expires else ""}
                for lic in ins.licences
            ],
            background_check=ins.background_check.isoformat() if ins.background_check else "",
            available=sorted(ins.available),
        )


@dataclass(frozen=True)
class ReadInstructor:
    """An instructor read from the form: the record (what could be read of it), the error
    of each field that could not, and the form row of each kept degree, hours and licence."""

    instructor: st.Instructor
    errors: dict[str, str]
    degree_rows: tuple[int, ...] = ()
    licence_rows: tuple[int, ...] = ()
    hours_rows: Mapping[tuple[str, str], int] = field(default_factory=dict)
    courses: tuple[str, ...] = ()  # course keys applied for


def employer_choices(region: Region, college: str) -> dict[str, str]:
    """Employers a form offers (id -> name): the college, its high schools and districts."""
    out: dict[str, str] = {}
    if college in region.institutions:
        out[college] = region.institutions[college].name
    kinds = (InstitutionKind.HIGH_SCHOOL, InstitutionKind.DISTRICT, InstitutionKind.CAREER_CENTER)
    for inst in sorted(region.institutions.values(), key=lambda i: (i.kind.value, i.name)):
        if inst.kind in kinds:
            out[inst.id] = inst.name
    return out


def _hours_rows(
    rows: Sequence[dict[str, Any]], prefix: str, kind: str, limit: float, what: str,
    errors: dict[str, str], where: dict[tuple[str, str], int],
) -> dict[str, float]:  # fmt: skip
    out: dict[str, float] = {}
    for i, row in enumerate(rows):
        if _blank(row):
            continue
        discipline = " ".join(row["discipline"].lower().split())
        value = _amount(row["value"], limit)
        if not discipline:
            errors[f"{prefix}-{i}-discipline"] = _("Name the discipline")
        elif discipline in out:
            errors[f"{prefix}-{i}-discipline"] = _("%(discipline)s is already listed") % {
                "discipline": discipline
            }
        if value is None:
            errors[f"{prefix}-{i}-value"] = _("%(value)s is not %(what)s (0 to %(max)s)") % {
                "value": row["value"] or "—",
                "what": what,
                "max": format_number(limit),
            }
        if discipline and value is not None and discipline not in out:
            out[discipline] = value
            where[(kind, discipline)] = i
    return out


def read_instructor(
    data: InstructorInput,
    *,
    ref: str,
    region: Region,
    college: str,
    today: date,
    new_application: bool,
) -> ReadInstructor:
    """The form as a core :class:`~careerpaths.core.staffing.Instructor`, or the errors."""
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = _("The name is required")
    employers = employer_choices(region, college)
    employer = data.employer
    if employer == OTHER_EMPLOYER:
        employer = " ".join(data.employer_other.split())
        if not employer:
            errors["employer_other"] = _("Type the employer's name")
    elif employer not in employers:
        errors["employer"] = _("Choose the employer")
    degrees: list[st.Degree] = []
    degree_rows: list[int] = []
    for i, row in enumerate(data.degrees):
        if _blank(row):
            continue
        try:
            level = st.DegreeLevel(row["level"])
        except ValueError:
            errors[f"degree-{i}-level"] = _("Choose the degree's level")
            continue
        discipline = " ".join(row["discipline"].lower().split()) or None
        degrees.append(st.Degree(level, discipline, row["institution"]))
        degree_rows.append(i)
    where: dict[tuple[str, str], int] = {}
    hours = _hours_rows(data.graduate_hours, "hours", "graduate_hours", MAX_GRADUATE_HOURS,
                        _("a number of graduate semester hours"), errors, where)  # fmt: skip
    years = _hours_rows(data.work_years, "work", "work_years", MAX_WORK_YEARS,
                        _("a number of years"), errors, where)  # fmt: skip
    licences: list[st.Licence] = []
    licence_rows: list[int] = []
    for i, row in enumerate(data.licences):
        if _blank(row):
            continue
        expires = None
        if row["expires"]:
            try:
                expires = _day(row["expires"])
            except ValueError:
                errors[f"licence-{i}-expires"] = _("%(value)s is not a date (YYYY-MM-DD)") % {
                    "value": row["expires"]
                }
        if not row["name"]:
            errors[f"licence-{i}-name"] = _("Name the licence or certification")
            continue
        licences.append(st.Licence(row["name"], expires))
        licence_rows.append(i)
    check = None
    if data.background_check:
        try:
            check = _day(data.background_check)
        except ValueError:
            errors["background_check"] = _("%(value)s is not a date (YYYY-MM-DD)") % {
                "value": data.background_check
            }
        else:
            if check > today:
                errors["background_check"] = _("The background check cannot be in the future")
    slots = {s.value for s in st.TimeSlot}
    available = frozenset(a for a in data.available if a in slots)
    if set(data.available) - slots:
        errors["available"] = _("Choose among the times offered")
    courses: list[str] = []
    if new_application and data.courses:
        for code in (c.strip() for c in data.courses.split(",")):
            if not code:
                continue
            course = region.course(code)
            if course is None:
                errors["courses"] = _("No course %(code)s in the catalog") % {"code": code}
                break
            if course.provider != college:
                errors["courses"] = _("%(code)s is not a course of this college") % {
                    "code": course.code
                }
                break
            courses.append(course.key)
    # built from what could be read, so the core judges it even when a field could not be
    # (every problem is reported at once); the errors keep it from being saved
    ins = st.Instructor(
        id=ref,
        name=data.name,
        employer=employer,
        degrees=tuple(degrees),
        graduate_hours=hours,
        licences=tuple(licences),
        work_years=years,
        background_check=check,
        available=available or frozenset({st.TimeSlot.DAY.value}),
    )
    return ReadInstructor(
        ins, errors, tuple(degree_rows), tuple(licence_rows), where, tuple(dict.fromkeys(courses))
    )


def instructor_field(f: Any, read: ReadInstructor) -> str:
    """The form field a core finding about the instructor's record is about."""
    data = f.data
    if f.code == "degree-without-discipline" and "index" in data:
        return f"degree-{read.degree_rows[data['index']]}-discipline"
    if f.code in ("licence-expired", "licence-expires-soon") and "index" in data:
        return f"licence-{read.licence_rows[data['index']]}-expires"
    if f.code == "negative-hours":
        row = read.hours_rows.get((data.get("kind", ""), data.get("discipline", "")))
        prefix = "hours" if data.get("kind") == "graduate_hours" else "work"
        return f"{prefix}-{row}-value" if row is not None else "form"
    if f.code in ("background-check-missing", "background-check-old"):
        return "background_check"
    return "form"


# --------------------------------------------------------------------------- sections

_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass
class SectionInput:
    """The section form as typed."""

    ref: str = ""
    term: str = ""
    course: str = ""
    site: str = ""
    serves: list[str] = field(default_factory=list)
    delivery: str = ""
    slot: str = st.TimeSlot.DAY.value
    meetings: list[dict[str, Any]] = field(default_factory=list)  # days, start, end
    capacity: str = ""
    minimum: str = ""
    room_capacity: str = ""
    instructor: str = ""  # the instructor's ref

    @classmethod
    def from_post(cls, post: Any) -> SectionInput:
        return cls(
            ref=post.get("ref", "").strip(),
            term=post.get("term", "").strip(),
            course=post.get("course", "").strip(),
            site=post.get("site", "").strip(),
            serves=[s for s in post.getlist("serves") if s],
            delivery=post.get("delivery", "").strip(),
            slot=post.get("slot", "").strip(),
            meetings=posted_rows(post, "meeting", ("days", "start", "end")),
            capacity=post.get("capacity", "").strip(),
            minimum=post.get("minimum", "").strip(),
            room_capacity=post.get("room_capacity", "").strip(),
            instructor=post.get("instructor", "").strip(),
        )

    @classmethod
    def from_domain(cls, s: st.Section) -> SectionInput:
        return cls(
            ref=s.id,
            term=s.term,
            course=s.course,
            site=s.site,
            serves=list(s.serves),
            delivery=s.delivery.value,
            slot=s.slot.value,
            meetings=[
                {
                    "days": sorted(m.days, key=st.DAYS.index),
                    "start": f"{m.start:%H:%M}",
                    "end": f"{m.end:%H:%M}",
                }
                for m in s.meetings
            ],
            capacity=str(s.capacity),
            minimum=str(s.minimum),
            room_capacity="" if s.room_capacity is None else str(s.room_capacity),
            instructor=s.instructor or "",
        )


@dataclass(frozen=True)
class ReadSection:
    """A section read from the form (None when its course or capacity cannot be read),
    the error of each field, and the form row of each kept meeting."""

    section: st.Section | None
    errors: dict[str, str]
    meeting_rows: tuple[int, ...] = ()


def site_choices(region: Region, college: str) -> dict[str, str]:
    """Where a section may sit (id -> name): high schools, career centers, the college,
    online."""
    out: dict[str, str] = {}
    kinds = (InstitutionKind.HIGH_SCHOOL, InstitutionKind.CAREER_CENTER)
    for inst in sorted(region.institutions.values(), key=lambda i: (i.kind.value, i.name)):
        if inst.kind in kinds:
            out[inst.id] = inst.name
    if college in region.institutions:
        out[college] = region.institutions[college].name
    out[ONLINE_SITE] = _("Online")
    return out


def school_choices(region: Region) -> dict[str, str]:
    return {
        i.id: i.name
        for i in sorted(region.institutions.values(), key=lambda i: i.name)
        if i.kind is InstitutionKind.HIGH_SCHOOL
    }


def read_section(
    data: SectionInput,
    *,
    ref: str,
    region: Region,
    college: str,
    terms: Mapping[str, Any],
    instructors: Mapping[str, Any],
) -> ReadSection:
    """The form as a core :class:`~careerpaths.core.staffing.Section`, or the errors."""
    errors: dict[str, str] = {}
    if data.term not in terms:
        errors["term"] = _("Choose a term of the college's calendar")
    course = region.course(data.course) if data.course else None
    if not data.course:
        errors["course"] = _("The course is required")
    elif course is None:
        errors["course"] = _("No course %(code)s in the catalog") % {"code": data.course}
    elif course.provider != college:
        errors["course"] = _("%(code)s is not a course of this college") % {"code": course.code}
    sites = site_choices(region, college)
    if data.site not in sites:
        errors["site"] = _("Choose where the section meets")
    schools = school_choices(region)
    serves = tuple(dict.fromkeys(s for s in data.serves if s in schools))
    if len(serves) != len(set(data.serves)):
        errors["serves"] = _("Choose among the high schools listed")
    try:
        delivery = st.SectionDelivery(data.delivery)
    except ValueError:
        errors["delivery"] = _("Choose the delivery model")
        delivery = st.SectionDelivery.ON_CAMPUS
    try:
        slot = st.TimeSlot(data.slot or st.TimeSlot.DAY.value)
    except ValueError:
        errors["slot"] = _("Choose the time of day")
        slot = st.TimeSlot.DAY
    meetings: list[st.Meeting] = []
    meeting_rows: list[int] = []
    for i, row in enumerate(data.meetings):
        if not row["days"] and not row["start"] and not row["end"]:
            continue
        days = frozenset(d for d in row["days"] if d in st.DAYS)
        if not days or len(days) != len(set(row["days"])):
            errors[f"meeting-{i}-days"] = _("Tick the days the section meets")
        times = []
        for k in ("start", "end"):
            try:
                times.append(_clock(row[k]))
            except ValueError:
                errors[f"meeting-{i}-{k}"] = _("%(value)s is not a time of day (HH:MM)") % {
                    "value": row[k] or "—"
                }
        if len(times) == 2 and days:
            meetings.append(st.Meeting(days, times[0], times[1]))
            meeting_rows.append(i)
    capacity = _whole(data.capacity, low=1, high=10_000)
    if capacity is None:
        errors["capacity"] = _("%(value)s is not a number of seats (1 or more)") % {
            "value": data.capacity or "—"
        }
    minimum = _whole(data.minimum, low=0, high=10_000) if data.minimum else 0
    if minimum is None:
        errors["minimum"] = _("%(value)s is not a number of students (0 or more)") % {
            "value": data.minimum
        }
    room = _whole(data.room_capacity, low=1, high=10_000) if data.room_capacity else None
    if data.room_capacity and room is None:
        errors["room_capacity"] = _("%(value)s is not a number of seats (1 or more)") % {
            "value": data.room_capacity
        }
    if data.instructor and data.instructor not in instructors:
        errors["instructor"] = _("Choose one of the college's instructors")
    if ref and not _REF.fullmatch(ref):
        errors["ref"] = _(
            "Use letters, digits, dots, dashes or underscores (at most 64), like 2027FA-HSC113-A"
        )
    if course is None or capacity is None:
        return ReadSection(None, errors)
    # built from what could be read, so the core judges it too (every problem at once)
    section = st.Section(
        id=ref,
        term=data.term,
        course=course.code,
        site=data.site,
        delivery=delivery,
        capacity=capacity,
        minimum=minimum or 0,
        room_capacity=room,
        slot=slot,
        meetings=tuple(meetings),
        instructor=data.instructor or None,
        serves=serves,
    )
    return ReadSection(section, errors, tuple(meeting_rows))


def section_field(f: Any, read: ReadSection) -> str:
    """The form field a core finding about the section is about."""
    if f.code == "section-over-room-capacity":
        return "capacity"
    if f.code == "section-minimum-above-capacity":
        return "minimum"
    if f.code == "section-times" and "meeting" in f.data:
        return f"meeting-{read.meeting_rows[f.data['meeting']]}-end"
    if f.code in ("instructor-overlap", "section-unknown-instructor"):
        return "instructor"
    if f.code == "section-unknown-course":
        return "course"
    return "form"


def suggested_ref(section: st.Section, taken: set[str]) -> str:
    """An id for a new section: term, course and site (``2027FA-HSC113-KIRKWOODLCRC``),
    with ``-2``, ``-3`` ... when taken."""
    site = re.sub(r"[^A-Z0-9]", "", section.site.upper())[:12] or "SITE"
    base = f"{section.term.replace('-', '')}-{course_key(section.course)}-{site}"
    ref, n = base, 1
    while ref in taken:
        n += 1
        ref = f"{base}-{n}"
    return ref
