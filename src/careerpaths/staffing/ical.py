"""iCalendar export of a launch timeline and of NACEP reminders (RFC 5545, all-day events)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from careerpaths.core.i18n import text
from careerpaths.core.launch import Milestone
from careerpaths.core.staffing import Due


def _uid(*parts: str) -> str:
    # stable across exports, so a calendar that subscribes updates events in place
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"{digest}@careerpaths"


def _event(summary: str, day: date, description: str, uid: str, stamp: datetime) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("summary", summary)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("description", description)
    return ev


#: Who does a launch step, in words (a lead-times file names the role by its id).
ROLE_WORDS: Mapping[str, str] = {
    "college_coordinator": text("College coordinator"),
    "district_designer": text("District designer"),
    "counselor": text("Counselor"),
}


def calendar_ics(
    milestones: Sequence[Milestone],
    dues: Sequence[Due] = (),
    *,
    name: str = "",
    stamp: datetime | None = None,
    say: Callable[[object], object] = str,
    instructors: Mapping[str, str] | None = None,
    sections: Mapping[str, str] | None = None,
) -> bytes:
    """The milestones (and reminders) as an iCalendar file, its titles and descriptions
    worded by ``say`` (the web app's says them in the reader's language; the CLI's in
    English). ``instructors`` (id: name) and ``sections`` (id: the section in words) name
    a reminder's instructor and section for people; an id without one is shown as it is."""
    stamp = stamp or datetime.now(UTC)
    names = instructors or {}
    places = sections or {}

    def said(value: object) -> str:
        return str(say(value))

    cal = Calendar()
    cal.add("prodid", "-//careerpaths//launch timeline//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name or said(text("careerpaths launch timeline")))
    for m in milestones:
        role = ROLE_WORDS.get(m.lead.role, m.lead.role.replace("_", " "))
        lines = [
            said(m.subject),
            said(text("Who: %(role)s", role=role)),
            said(text("Status: %(status)s", status=m.status.label)),
        ]
        if m.lead.source:
            lines.append(said(text("Source: %(source)s", source=m.lead.source)))
        cal.add_component(
            _event(said(text("%(step)s — %(subject)s", step=m.lead.label, subject=m.subject)),
                   m.due, "\n".join(lines), _uid(m.lead.id, m.target, m.subject), stamp)
        )  # fmt: skip
    for d in dues:
        what = said(text("NACEP %(standard)s: %(step)s", standard=d.standard, step=d.label))
        parts = [names.get(d.instructor, "")]
        parts.append(places.get(d.section, "") or d.section or d.course)
        cal.add_component(
            _event(
                what,
                d.due,
                "; ".join(said(x) for x in parts if x),
                _uid(d.standard, d.instructor, d.section, d.course),
                stamp,
            )
        )
    return bytes(cal.to_ical())
