"""iCalendar export of a launch timeline and of NACEP reminders (RFC 5545, all-day events)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

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


def calendar_ics(
    milestones: Sequence[Milestone],
    dues: Sequence[Due] = (),
    *,
    name: str = "careerpaths launch timeline",
    stamp: datetime | None = None,
) -> bytes:
    """The milestones (and reminders) as an iCalendar file."""
    stamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//careerpaths//launch timeline//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for m in milestones:
        desc = f"{m.subject}\nWho: {m.lead.role.replace('_', ' ')}\nStatus: {m.status.label}"
        if m.lead.source:
            desc += f"\nSource: {m.lead.source}"
        cal.add_component(
            _event(f"{m.lead.label} — {m.subject}", m.due, desc,
                   _uid(m.lead.id, m.target, m.subject), stamp)
        )  # fmt: skip
    for d in dues:
        what = f"NACEP {d.standard}: {d.label}"
        desc = "; ".join(x for x in (d.course, d.section) if x)
        cal.add_component(
            _event(what, d.due, desc, _uid(d.standard, d.instructor, d.section, d.course), stamp)
        )
    return bytes(cal.to_ical())
