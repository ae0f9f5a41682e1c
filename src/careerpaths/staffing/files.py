"""Staffing files: a workspace's ``staffing/`` folder and the packaged rule data.

A staffing folder holds ``colleges.yaml`` (each college's qualification rules),
``instructors.yaml`` (instructors and the college's approvals), ``sections.yaml`` and
``calendar.yaml`` (term dates, the launches to plan). The accreditors' frameworks and
the lead times come with the package (``careerpaths/staffing/data``); a folder may
override the lead times with its own ``lead-times.yaml``.

Reading is all or nothing: a value that cannot be interpreted (a date that is not a
date, an unknown degree level, a college that is not in the region) is a
:class:`~careerpaths.io.errors.LoadError` with file, line and column, and nothing is
returned. What can be read but is doubtful (a degree without a discipline, an expired
licence, two sections of one instructor at the same time, a section over its room's
capacity) comes back as findings beside the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from careerpaths.core import staffing as st
from careerpaths.core.findings import Finding
from careerpaths.core.i18n import Text
from careerpaths.core.launch import LeadTime
from careerpaths.core.model import Region
from careerpaths.core.requisites import course_key
from careerpaths.io.errors import LoadError, WorkspaceError
from careerpaths.io.yamldoc import Doc, PathKey, read_yaml

DATA = resources.files("careerpaths.staffing") / "data"
DEMO_STAFFING = Path(str(resources.files("careerpaths.demo") / "staffing"))


@dataclass(frozen=True)
class Launch:
    """A pathway, course or section to launch in ``term``. ``subject`` names it as the file
    writes it; ``course`` or ``pathway`` with ``site`` (ids) let a page name it in the
    reader's language instead (the course's title, the school's name, the term in words)."""

    target: str  # pathway, course or section
    subject: str
    term: str
    state: str = ""
    done: frozenset[str] = frozenset()
    course: str = ""
    pathway: str = ""
    site: str = ""


@dataclass(frozen=True)
class Nacep:
    site_visit_cycle_years: int = 3
    evaluation_days_after_term: int = 14


@dataclass(frozen=True)
class StaffingData:
    policies: dict[str, st.CollegePolicy]
    career_centers: dict[str, str | None]  # college -> its career center
    instructors: dict[str, st.Instructor]
    approvals: dict[str, st.Approval]  # by instructor id
    sections: list[st.Section]
    terms: dict[str, tuple[date, date]]
    lead_times: list[LeadTime]
    launches: list[Launch] = field(default_factory=list)
    today: date | None = None
    next_fall: str | None = None
    nacep: Nacep = Nacep()
    findings: list[Finding] = field(default_factory=list)

    def as_of(self, given: date | None = None) -> date:
        return given or self.today or date.today()


class _Reader:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def err(self, path: PathKey, reason: str) -> None:
        self.doc.error(path, reason)

    def mapping(self, value: Any, path: PathKey) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err(path, "expected a mapping (key: value)")
            return {}
        return value

    def seq(self, value: Any, path: PathKey) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(path, "expected a list")
            return []
        return value

    def text(self, value: Any, path: PathKey, *, required: bool = True) -> str:
        if value is None or value == "":
            if required:
                self.err(path, "is required")
            return ""
        return str(value)

    def number(self, value: Any, path: PathKey, default: float = 0.0) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.err(path, f"{value!r} is not a number")
            return default
        return float(value)

    def day(self, value: Any, path: PathKey, *, required: bool = False) -> date | None:
        if value is None or value == "":
            if required:
                self.err(path, "a date is required (YYYY-MM-DD)")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.err(path, f"{value!r} is not a date (write it as YYYY-MM-DD)")
            return None

    def clock(self, value: Any, path: PathKey) -> time:
        if isinstance(value, int):  # YAML reads 08:00 as sexagesimal minutes
            return time(value // 60 % 24, value % 60)
        try:
            return time.fromisoformat(str(value))
        except ValueError:
            self.err(path, f"{value!r} is not a time of day (write it as HH:MM)")
            return time(0)

    def choice(self, value: Any, path: PathKey, enum: Any, default: Any = None) -> Any:
        if value is None and default is not None:
            return default
        try:
            return enum(str(value).strip().lower())
        except ValueError:
            names = ", ".join(e.value for e in enum)
            self.err(path, f"{value!r} is not one of: {names}")
            return default if default is not None else next(iter(enum))


def _read(path: Path, label: str) -> tuple[Doc, _Reader]:
    doc = read_yaml(path, label)
    return doc, _Reader(doc)


def _requirement(r: _Reader, raw: Any, path: PathKey) -> st.Requirement:
    m = r.mapping(raw, path)
    known = {"degree", "in_discipline", "graduate_hours", "work_years", "licence", "documented"}
    for key in m:
        if key not in known:
            r.err((*path, key), f"unknown requirement {key!r} (known: {', '.join(sorted(known))})")
    lic = m.get("licence", False)
    licence: bool | tuple[str, ...] = (
        tuple(str(x) for x in lic) if isinstance(lic, list) else bool(lic)
    )
    return st.Requirement(
        degree=r.choice(m["degree"], (*path, "degree"), st.DegreeLevel) if "degree" in m else None,
        in_discipline=bool(m.get("in_discipline", False)),
        graduate_hours=r.number(m.get("graduate_hours"), (*path, "graduate_hours")),
        work_years=r.number(m.get("work_years"), (*path, "work_years")),
        licence=licence,
        documented=bool(m.get("documented", False)),
    )


def _alternatives(r: _Reader, raw: Any, path: PathKey) -> tuple[st.Alternative, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, path)):
        p = (*path, i)
        m = r.mapping(item, p)
        out.append(
            st.Alternative(
                id=r.text(m.get("id"), (*p, "id")),
                label=r.text(m.get("label"), (*p, "label")),
                requires=_requirement(r, m.get("requires"), (*p, "requires")),
                basis=str(m.get("basis") or "credentials"),
            )
        )
    return tuple(out)


def _kind_rules(
    r: _Reader, raw: Any, path: PathKey
) -> dict[st.CourseKind, tuple[st.Alternative, ...]]:
    out = {}
    for kind, alts in r.mapping(raw, path).items():
        k = r.choice(kind, (*path, kind), st.CourseKind)
        out[k] = _alternatives(r, alts, (*path, kind))
    return out


def read_frameworks(path: Path | None = None) -> tuple[dict[str, st.Framework], list[LoadError]]:
    """The accreditors' frameworks (the packaged file unless ``path`` is given)."""
    p = path or Path(str(DATA / "accreditors.yaml"))
    doc, r = _read(p, str(p.name))
    out: dict[str, st.Framework] = {}
    for fid, raw in r.mapping((doc.data or {}).get("frameworks"), ("frameworks",)).items():
        fp: PathKey = ("frameworks", fid)
        m = r.mapping(raw, fp)
        out[fid] = st.Framework(
            id=fid,
            name=r.text(m.get("name"), (*fp, "name")),
            rules=MappingProxyType(_kind_rules(r, m.get("rules"), (*fp, "rules"))),
            source=str(m.get("source") or ""),
            note=str(m.get("note") or ""),
        )
    return out, doc.errors


@cache
def shipped_lead_labels() -> tuple[str, ...]:
    """The labels of the lead times shipped with careerpaths (``data/lead-times.yaml``):
    ours, so said in the reader's language on the web (listed in ``web/core_messages.py``)."""
    return tuple(str(lead.label) for lead in read_lead_times()[0])


def read_lead_times(path: Path | None = None) -> tuple[list[LeadTime], Nacep, list[LoadError]]:
    """The lead times of ``path`` (the shipped ones without). A label the shipped file
    words is a :class:`~careerpaths.core.i18n.Text` (translated on the web); a college's
    own is shown as written."""
    p = path or Path(str(DATA / "lead-times.yaml"))
    doc, r = _read(p, p.name)
    data = r.mapping(doc.data, ())
    out = []
    for i, raw in enumerate(r.seq(data.get("lead_times"), ("lead_times",))):
        lp: PathKey = ("lead_times", i)
        m = r.mapping(raw, lp)
        month = m.get("month")
        if month is not None and not (isinstance(month, int) and 1 <= month <= 12):
            r.err((*lp, "month"), f"{month!r} is not a month (1-12)")
            month = None
        label = r.text(m.get("label"), (*lp, "label"))
        if path is None or label in shipped_lead_labels():
            label = Text(label)
        out.append(
            LeadTime(
                id=r.text(m.get("id"), (*lp, "id")),
                label=label,
                role=r.text(m.get("role"), (*lp, "role")),
                months=int(r.number(m.get("months"), (*lp, "months"))),
                days=int(r.number(m.get("days"), (*lp, "days"))),
                month=month,
                day=int(m["day"]) if isinstance(m.get("day"), int) else None,
                applies_to=frozenset(
                    str(x) for x in r.seq(m.get("applies_to"), (*lp, "applies_to"))
                )
                or frozenset({"pathway", "course", "section"}),
                states=frozenset(str(x).upper() for x in r.seq(m.get("states"), (*lp, "states"))),
                source=str(m.get("source") or ""),
                note=str(m.get("note") or ""),
            )
        )
    n = r.mapping(data.get("nacep"), ("nacep",))
    nacep = Nacep(
        site_visit_cycle_years=int(r.number(n.get("site_visit_cycle_years"), ("nacep",), 3)),
        evaluation_days_after_term=int(
            r.number(n.get("evaluation_days_after_term"), ("nacep",), 14)
        ),
    )
    return out, nacep, doc.errors


def _policy(
    r: _Reader, cid: str, raw: Any, path: PathKey, frameworks: dict[str, st.Framework]
) -> tuple[st.CollegePolicy | None, str | None]:
    m = r.mapping(raw, path)
    acc = str(m.get("accreditor") or "")
    framework = next(
        (f for fid, f in frameworks.items() if fid == acc or fid.startswith(acc + "-")), None
    )
    if framework is None:
        r.err((*path, "accreditor"), f"unknown accreditor {acc!r} (known: {', '.join(frameworks)})")
        return None, None
    policy = st.CollegePolicy(
        college=cid,
        framework=framework,
        rules=MappingProxyType(_kind_rules(r, m.get("rules"), (*path, "rules"))),
        disciplines=MappingProxyType(
            {str(k).upper(): str(v).lower() for k, v in r.mapping(m.get("disciplines"), (*path, "disciplines")).items()}
        ),
        courses=MappingProxyType(
            {course_key(str(k)): str(v).lower() for k, v in r.mapping(m.get("courses"), (*path, "courses")).items()}
        ),
        transfer_subjects=frozenset(
            str(s).upper() for s in r.seq(m.get("transfer_subjects"), (*path, "transfer_subjects"))
        ),
        related=MappingProxyType(
            {
                str(k).lower(): frozenset(str(x).lower() for x in r.seq(v, (*path, "related", k)))
                for k, v in r.mapping(m.get("related"), (*path, "related")).items()
            }
        ),
        licences=MappingProxyType(
            {
                str(k).lower(): tuple(str(x) for x in r.seq(v, (*path, "licences", k)))
                for k, v in r.mapping(m.get("licences"), (*path, "licences")).items()
            }
        ),
        discipline_rules=MappingProxyType(
            {
                str(k).lower(): _alternatives(r, v, (*path, "discipline_rules", k))
                for k, v in r.mapping(m.get("discipline_rules"), (*path, "discipline_rules")).items()
            }
        ),
        background_check_years=r.number(m.get("background_check_years"), (*path, "background_check_years"), 3.0),
        max_sections_per_term=int(r.number(m.get("max_sections_per_term"), (*path, "max_sections_per_term"), 2)),
        source=str(m.get("source") or ""),
        illustrative=bool(m.get("illustrative", False)),
    )  # fmt: skip
    center = m.get("career_center")
    return policy, str(center) if center else None


def _instructor(r: _Reader, raw: Any, path: PathKey) -> st.Instructor:
    m = r.mapping(raw, path)
    degrees = []
    for j, d in enumerate(r.seq(m.get("degrees"), (*path, "degrees"))):
        dp = (*path, "degrees", j)
        dm = r.mapping(d, dp)
        disc = dm.get("discipline")
        degrees.append(
            st.Degree(
                level=r.choice(dm.get("level"), (*dp, "level"), st.DegreeLevel),
                discipline=str(disc).strip().lower() if disc not in (None, "") else None,
                institution=str(dm.get("institution") or ""),
            )
        )
    licences = []
    for j, lic in enumerate(r.seq(m.get("licences"), (*path, "licences"))):
        lp = (*path, "licences", j)
        lm = r.mapping(lic, lp)
        licences.append(
            st.Licence(name=r.text(lm.get("name"), (*lp, "name")), expires=r.day(lm.get("expires"), (*lp, "expires")))
        )  # fmt: skip

    def hours(key: str) -> MappingProxyType[str, float]:
        return MappingProxyType(
            {
                str(k).lower(): r.number(v, (*path, key, k))
                for k, v in r.mapping(m.get(key), (*path, key)).items()
            }
        )

    available = frozenset(
        r.choice(x, (*path, "available", j), st.TimeSlot).value
        for j, x in enumerate(r.seq(m.get("available"), (*path, "available")))
    )
    return st.Instructor(
        id=r.text(m.get("id"), (*path, "id")),
        name=r.text(m.get("name"), (*path, "name")),
        employer=r.text(m.get("employer"), (*path, "employer")),
        degrees=tuple(degrees),
        graduate_hours=hours("graduate_hours"),
        licences=tuple(licences),
        work_years=hours("work_years"),
        background_check=r.day(m.get("background_check"), (*path, "background_check")),
        available=available or frozenset({"day"}),
        illustrative=bool(m.get("illustrative", True)),
    )


def _approval(r: _Reader, raw: Any, path: PathKey) -> st.Approval:
    m = r.mapping(raw, path)
    oriented = {}
    for k, v in r.mapping(m.get("oriented"), (*path, "oriented")).items():
        d = r.day(v, (*path, "oriented", k), required=True)
        if d is not None:
            oriented[course_key(str(k))] = d
    visits = [r.day(v, (*path, "site_visits", j), required=True) for j, v in enumerate(r.seq(m.get("site_visits"), (*path, "site_visits")))]  # fmt: skip
    return st.Approval(
        instructor=r.text(m.get("instructor"), (*path, "instructor")),
        college=r.text(m.get("college"), (*path, "college")),
        courses=frozenset(course_key(str(c)) for c in r.seq(m.get("courses"), (*path, "courses"))),
        status=r.choice(m.get("status"), (*path, "status"), st.ApprovalStatus, st.ApprovalStatus.APPLIED),
        conditions=str(m.get("conditions") or ""),
        reasons=str(m.get("reasons") or ""),
        decided_by=str(m.get("decided_by") or ""),
        decided_on=r.day(m.get("decided_on"), (*path, "decided_on")),
        oriented=MappingProxyType(oriented),
        last_pd=r.day(m.get("last_pd"), (*path, "last_pd")),
        site_visits=tuple(v for v in visits if v is not None),
    )  # fmt: skip


def _section(r: _Reader, raw: Any, path: PathKey) -> st.Section:
    m = r.mapping(raw, path)
    meetings = []
    for j, mt in enumerate(r.seq(m.get("meetings"), (*path, "meetings"))):
        mp = (*path, "meetings", j)
        mm = r.mapping(mt, mp)
        days = frozenset(str(d).lower()[:3] for d in r.seq(mm.get("days"), (*mp, "days")))
        bad = sorted(days - set(st.DAYS))
        if bad:
            r.err((*mp, "days"), f"{', '.join(bad)}: not days of the week (mon ... sun)")
        meetings.append(
            st.Meeting(days, r.clock(mm.get("start"), (*mp, "start")), r.clock(mm.get("end"), (*mp, "end")))
        )  # fmt: skip

    def count(key: str, default: int = 0) -> int:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            r.err((*path, key), f"{v!r} is not a whole number of students")
            return default
        return v

    room = m.get("room_capacity")
    return st.Section(
        id=r.text(m.get("id"), (*path, "id")),
        term=r.text(m.get("term"), (*path, "term")),
        course=r.text(m.get("course"), (*path, "course")),
        site=r.text(m.get("site"), (*path, "site")),
        delivery=r.choice(m.get("delivery"), (*path, "delivery"), st.SectionDelivery),
        capacity=count("capacity"),
        minimum=count("minimum"),
        room_capacity=count("room_capacity") if room is not None else None,
        slot=r.choice(m.get("slot"), (*path, "slot"), st.TimeSlot, st.TimeSlot.DAY),
        meetings=tuple(meetings),
        instructor=str(m["instructor"]) if m.get("instructor") else None,
        status=r.choice(m.get("status"), (*path, "status"), st.SectionStatus, st.SectionStatus.PLANNED),
        serves=tuple(str(s) for s in r.seq(m.get("serves"), (*path, "serves"))),
        illustrative=bool(m.get("illustrative", True)),
    )  # fmt: skip


def load_staffing(folder: Path, region: Region) -> StaffingData:
    """Read a staffing folder against ``region``; raises WorkspaceError (nothing loaded)."""
    errors: list[LoadError] = []
    frameworks, errs = read_frameworks()
    errors += errs
    own_leads = folder / "lead-times.yaml"
    leads, nacep, errs = read_lead_times(own_leads if own_leads.exists() else None)
    errors += errs
    if not folder.is_dir():
        raise WorkspaceError([LoadError(str(folder), None, None, "no such staffing folder")])

    def doc_of(name: str) -> tuple[Doc, _Reader, dict[str, Any]]:
        p = folder / name
        if not p.exists():
            doc = Doc(name, {})
            return doc, _Reader(doc), {}
        doc, r = _read(p, f"staffing/{name}")
        return doc, r, r.mapping(doc.data, ())

    policies: dict[str, st.CollegePolicy] = {}
    centers: dict[str, str | None] = {}
    cdoc, cr, cdata = doc_of("colleges.yaml")
    for cid, raw in cr.mapping(cdata.get("colleges"), ("colleges",)).items():
        if cid not in region.institutions:
            cr.err(("colleges", cid), f"{cid!r} is not an institution of the region")
            continue
        policy, center = _policy(cr, cid, raw, ("colleges", cid), frameworks)
        if policy is not None:
            policies[cid] = policy
            centers[cid] = center
    idoc, ir, idata = doc_of("instructors.yaml")
    instructors: dict[str, st.Instructor] = {}
    for i, raw in enumerate(ir.seq(idata.get("instructors"), ("instructors",))):
        ins = _instructor(ir, raw, ("instructors", i))
        if ins.id in instructors:
            ir.err(("instructors", i, "id"), f"instructor {ins.id!r} appears twice")
        instructors[ins.id] = ins
    approvals: dict[str, st.Approval] = {}
    for i, raw in enumerate(ir.seq(idata.get("approvals"), ("approvals",))):
        a = _approval(ir, raw, ("approvals", i))
        if a.instructor not in instructors:
            ir.err(("approvals", i, "instructor"), f"no instructor {a.instructor!r}")
        if a.college and a.college not in policies:
            ir.err(("approvals", i, "college"), f"no rules for college {a.college!r}")
        approvals[a.instructor] = a
    tdoc, tr, tdata = doc_of("calendar.yaml")
    terms: dict[str, tuple[date, date]] = {}
    for tid, raw in tr.mapping(tdata.get("terms"), ("terms",)).items():
        tm = tr.mapping(raw, ("terms", tid))
        start = tr.day(tm.get("start"), ("terms", tid, "start"), required=True)
        end = tr.day(tm.get("end"), ("terms", tid, "end"), required=True)
        if start and end:
            if end < start:
                tr.err(("terms", tid, "end"), "the term ends before it starts")
            terms[str(tid)] = (start, end)
    launches = []
    for i, raw in enumerate(tr.seq(tdata.get("launches"), ("launches",))):
        lp: PathKey = ("launches", i)
        lm = tr.mapping(raw, lp)
        term = tr.text(lm.get("term"), (*lp, "term"))
        if term and term not in terms:
            tr.err((*lp, "term"), f"term {term!r} has no dates in calendar.yaml")
        target = tr.text(lm.get("target"), (*lp, "target"))
        if target and target not in ("pathway", "course", "section"):
            tr.err((*lp, "target"), f"{target!r} is not pathway, course or section")
        launches.append(
            Launch(
                target=target,
                subject=tr.text(lm.get("subject"), (*lp, "subject")),
                term=term,
                state=str(lm.get("state") or ""),
                done=frozenset(str(x) for x in tr.seq(lm.get("done"), (*lp, "done"))),
                course=str(lm.get("course") or ""),
                pathway=str(lm.get("pathway") or ""),
                site=str(lm.get("site") or ""),
            )
        )
    today = tr.day(tdata.get("today"), ("today",))
    next_fall = str(tdata["next_fall"]) if tdata.get("next_fall") else None
    sdoc, sr, sdata = doc_of("sections.yaml")
    sections = []
    seen: set[str] = set()
    for i, raw in enumerate(sr.seq(sdata.get("sections"), ("sections",))):
        s = _section(sr, raw, ("sections", i))
        if s.id in seen:
            sr.err(("sections", i, "id"), f"section {s.id!r} appears twice")
        seen.add(s.id)
        if s.term and s.term not in terms:
            sr.err(("sections", i, "term"), f"term {s.term!r} has no dates in calendar.yaml")
        sections.append(s)
    errors += cdoc.errors + idoc.errors + tdoc.errors + sdoc.errors
    if errors:
        raise WorkspaceError(errors)
    as_of = today or date.today()
    findings: list[Finding] = []
    for ins in instructors.values():
        approval = approvals.get(ins.id)
        policy = policies.get(approval.college) if approval else None
        findings += st.instructor_findings(ins, as_of=as_of, policy=policy)
    findings += st.section_findings(sections, instructors=instructors, courses=region.courses)
    return StaffingData(
        policies=policies,
        career_centers=centers,
        instructors=instructors,
        approvals=approvals,
        sections=sections,
        terms=terms,
        lead_times=leads,
        launches=launches,
        today=today,
        next_fall=next_fall,
        nacep=nacep,
        findings=findings,
    )


def parse_policy(college: str, raw: dict[str, Any]) -> tuple[st.CollegePolicy, str | None]:
    """A college's rules from the mapping stored for it (as in ``colleges.yaml``)."""
    frameworks, _ = read_frameworks()
    doc = Doc(f"rules of {college}", raw)
    policy, center = _policy(_Reader(doc), college, raw, ("colleges", college), frameworks)
    if policy is None or doc.errors:
        raise WorkspaceError(doc.errors)
    return policy, center


def raw_colleges(folder: Path) -> dict[str, Any]:
    """``colleges.yaml`` as plain data (what the web app stores per college)."""
    doc = read_yaml(folder / "colleges.yaml", "staffing/colleges.yaml")
    if doc.errors:
        raise WorkspaceError(doc.errors)
    colleges = (doc.data or {}).get("colleges") or {}
    return colleges if isinstance(colleges, dict) else {}
