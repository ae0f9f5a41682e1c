"""Reads of the catalog: the domain region, pathways a user may see, the pathway map."""

from __future__ import annotations

import dataclasses
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from careerpaths.core import model as m
from careerpaths.core.findings import Finding, sort_findings
from careerpaths.core.funding import (
    DeliveryModel,
    PathwaySavings,
    course_facts,
    pathway_savings,
)
from careerpaths.core.i18n import LANGUAGES as CONTENT_LANGUAGES
from careerpaths.core.i18n import localized, lookup
from careerpaths.core.metrics import (
    CurriculumMetrics,
    RequisiteCycleError,
    curriculum_metrics,
    graph_from_courses,
)
from careerpaths.core.model import ExitKind, PathwayStatus
from careerpaths.core.requisites import Expr, course_key, unparse
from careerpaths.core.student_audit import RegionIndex
from careerpaths.core.terms import LAST_HIGH_SCHOOL_GRADE, Term, term_grid
from careerpaths.core.validation import validate_pathway
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, log, refuse
from careerpaths.web.catalog.models import (
    Course,
    Credential,
    Institution,
    Pathway,
    PathwayRevision,
    RegionInfo,
)

_cache_lock = threading.Lock()
_cache: dict[str, tuple[int, m.Region]] = {}
_index_cache: dict[int, RegionIndex] = {}
_map_cache: dict[tuple[int, str, str], PathwayMap] = {}


def _region_row() -> tuple[str, int, int] | None:
    """``(region id, revision, pk)`` of the region: the one query every page makes.

    Plain SQL: compiling the equivalent queryset cost more than running it.
    """
    table = connection.ops.quote_name(RegionInfo._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT region_id, revision, id FROM {table} ORDER BY id LIMIT 1")
        row = cursor.fetchone()
    return None if row is None else (str(row[0]), int(row[1]), int(row[2]))


def region_revision() -> int:
    row = _region_row()
    return 0 if row is None else row[1]


def region_snapshot() -> m.Region:
    """The region as domain objects (without students), cached per catalog revision.

    One query checks the revision; the region is rebuilt only after a catalog write.
    """
    return versioned_snapshot()[1]


def versioned_snapshot() -> tuple[int, m.Region]:
    """The catalog revision and :func:`region_snapshot` for it (one query when cached)."""
    current = _region_row()
    if current is None:
        empty = m.Region(id="", name="", institutions={}, courses={}, credentials={}, pathways={})
        return 0, empty
    with _cache_lock:
        hit = _cache.get(current[0])
        if hit is not None and hit[0] == current[1]:
            return hit
    info = RegionInfo.objects.get(pk=current[2])
    region = m.Region(
        id=info.region_id,
        name=info.name,
        description=info.description,
        sources=tuple(info.sources),
        settings=info.region_settings(),
        institutions=MappingProxyType(
            {i.id: i.to_domain() for i in Institution.objects.order_by("id")}
        ),
        courses=MappingProxyType(
            {c.key: c.to_domain() for c in Course.objects.order_by("provider_id", "key")}
        ),
        credentials=MappingProxyType(
            {c.id: c.to_domain() for c in Credential.objects.order_by("id")}
        ),
        # the version in force: what families and audits see (see Pathway.in_force)
        pathways=MappingProxyType({p.id: p.in_force() for p in Pathway.objects.order_by("id")}),
    )
    with _cache_lock:
        _cache[info.region_id] = (info.revision, region)
        _map_cache.clear()
    return info.revision, region


_language_cache: dict[tuple[int, str], m.Region] = {}


def region_in_page_language(lang: str | None = None) -> m.Region:
    """:func:`region_snapshot` with course titles, credential and pathway names and on-ramp
    labels in ``lang`` (default: the active language) where translated; cached per catalog
    revision and language."""
    from careerpaths.core.i18n import region_in_language

    code = map_language(lang if lang is not None else translation.get_language())
    revision, region = versioned_snapshot()
    if code == "en":
        return region
    with _cache_lock:
        hit = _language_cache.get((revision, code))
    if hit is None:
        hit = region_in_language(region, code)
        with _cache_lock:
            _language_cache.clear()  # one revision at a time
            _language_cache[(revision, code)] = hit
    return hit


def region_index() -> RegionIndex:
    """The student-audit lookups of :func:`region_snapshot`, built once per snapshot."""
    region = region_snapshot()
    with _cache_lock:
        index = _index_cache.get(id(region))
        if index is None or index.region is not region:
            _index_cache.clear()
            index = _index_cache[id(region)] = RegionIndex(region)
        return index


# --------------------------------------------------------------------------- pathways


def pathways_visible(*, scope: Scope) -> QuerySet[Pathway]:
    """Published pathways for everyone; drafts for their designers, the admin, viewers."""
    qs = Pathway.objects.select_related("owner", "college")
    if scope.has(Role.SITE_ADMIN, Role.VIEWER):
        return qs
    published = Q(status=PathwayStatus.PUBLISHED.value)
    if scope.has(Role.DISTRICT_DESIGNER):
        return qs.filter(published | Q(owner_id__in=scope.institutions))
    if scope.has(Role.COLLEGE_COORDINATOR):
        return qs.filter(published | Q(college_id__in=scope.institutions))
    return qs.filter(published)


def pathways_editable(*, scope: Scope) -> QuerySet[Pathway]:
    """Pathways the user may change: the admin's all, a designer's own district's."""
    qs = Pathway.objects.select_related("owner", "college")
    if scope.has(Role.SITE_ADMIN):
        return qs
    if scope.has(Role.DISTRICT_DESIGNER):
        return qs.filter(owner_id__in=scope.institutions)
    return qs.none()


def pathway_get(*, scope: Scope, pathway_id: str, editable: bool = False) -> Pathway:
    """One pathway in scope, or 404 — the same answer as for a pathway that does not exist."""
    qs = pathways_editable(scope=scope) if editable else pathways_visible(scope=scope)
    found = qs.filter(id=pathway_id).first()
    if found is None:
        if Pathway.objects.filter(id=pathway_id).exists():
            raise refuse(scope, "pathway")
        raise Http404()
    return found


@dataclass(frozen=True)
class PathwayCard:
    id: str
    name: str
    cluster: str
    owner: str
    college: str
    schools: tuple[str, ...]
    status: str
    college_credits_in_high_school: float


@dataclass(frozen=True)
class Browse:
    clusters: tuple[tuple[str, tuple[PathwayCard, ...]], ...]
    schools: tuple[tuple[m.Institution, tuple[PathwayCard, ...]], ...]


def _card(region: m.Region, p: m.Pathway, lang: str = "en") -> PathwayCard:
    return PathwayCard(
        id=p.id,
        name=localized(p, "name", lang).text,
        cluster=p.cluster,
        owner=region.institutions[p.owner].name if p.owner in region.institutions else p.owner,
        college=(
            region.institutions[p.college].name if p.college in region.institutions else p.college
        ),
        schools=tuple(p.schools),
        status=p.status.value,
        college_credits_in_high_school=_hs_college_credits(region, p)[0],
    )


def browse(*, scope: Scope, school: str | None = None, lang: str | None = None) -> Browse:
    """Pathways the user may see, grouped by career cluster and by school; names in
    ``lang`` (default: the active language) where translated."""
    lang = map_language(lang if lang is not None else translation.get_language())
    region = region_snapshot()
    visible = set(pathways_visible(scope=scope).values_list("id", flat=True))
    pathways = sorted(
        (p for pid, p in region.pathways.items() if pid in visible),
        key=lambda p: (p.cluster, p.name),
    )
    if school is not None:
        pathways = [p for p in pathways if school in p.schools]
    cards = [_card(region, p, lang) for p in pathways]
    by_cluster: dict[str, list[PathwayCard]] = defaultdict(list)
    by_school: dict[str, list[PathwayCard]] = defaultdict(list)
    for card in cards:
        by_cluster[card.cluster].append(card)
        for s in card.schools:
            by_school[s].append(card)
    schools = sorted(
        (region.institutions[s] for s in by_school if s in region.institutions),
        key=lambda i: i.name,
    )
    return Browse(
        clusters=tuple((c, tuple(v)) for c, v in sorted(by_cluster.items())),
        schools=tuple((i, tuple(by_school[i.id])) for i in schools),
    )


def school_get(*, school_id: str) -> m.Institution:
    inst = region_snapshot().institutions.get(school_id)
    if inst is None or inst.kind not in (
        m.InstitutionKind.HIGH_SCHOOL,
        m.InstitutionKind.CAREER_CENTER,
    ):
        raise Http404()
    return inst


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class MapCourse:
    code: str
    title: str
    college: bool
    credits: float
    unit_label: str
    semester_hours: float
    hs_credit_area: str | None
    requisites: str  # prerequisites as written (requisite syntax)
    corequisites: str  # taken before or with the course
    alternatives: tuple[str, ...]
    note: str
    tuition: float | None
    prereq: Expr | None = None  # the parsed requisites, said in words by the template
    coreq: Expr | None = None
    free: bool = False  # a college course taken in high school: free to the family
    alternative_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapRamp:
    term: Term
    label: str
    requires: Expr | None


@dataclass(frozen=True)
class MapTerm:
    term: Term
    courses: tuple[MapCourse, ...]
    exits: tuple[MapExit, ...]
    on_ramps: tuple[MapRamp, ...] = ()


@dataclass(frozen=True)
class MapExit:
    credential: str
    name: str
    kind: str  # the credential's kind (catalog_labels.credential_kind translates it)
    exit_kind: str
    term: Term
    occupations: tuple[tuple[str, str], ...]  # (SOC code, title)
    note: str


@dataclass(frozen=True)
class MapYear:
    grade: int
    high_school: bool
    terms: tuple[MapTerm, ...]


@dataclass(frozen=True)
class PathwayMap:
    pathway: m.Pathway
    owner: str
    college: str
    schools: tuple[str, ...]
    years: tuple[MapYear, ...]
    exits: tuple[MapExit, ...]
    college_credits_in_high_school: float
    savings: float  # what the family saves on those credits (savings_basis explains it)
    savings_complete: bool  # False when a course has no tuition on record
    # Transfer exits are earned at a university after grade 14: their own column on the map.
    after_transfer: tuple[MapExit, ...] = ()
    course_titles: Mapping[str, str] = field(default_factory=dict)
    credential_names: Mapping[str, str] = field(default_factory=dict)
    on_ramps: tuple[MapRamp, ...] = ()
    # the region's funding rules behind ``savings``; None: no partnership of the region is
    # loaded, and ``savings`` is the catalog's tuition of those credits
    savings_basis: PathwaySavings | None = None
    # the pathway's name and description in the map's language
    name: str = ""
    description: str = ""
    lang: str = "en"
    # texts shown in English on a map in another language (no translation yet): the
    # template marks them (``lang="en"``) and says so
    untranslated: frozenset[str] = frozenset()
    # (id, name) of the schools offering it that have their own family handout
    school_links: tuple[tuple[str, str], ...] = ()

    @property
    def years_long(self) -> int:
        """School years from the first term to the last exit in the region (transfer excluded)."""
        grades = [y.grade for y in self.years]
        return (max(grades) - min(grades) + 1) if grades else 0


def _hs_college_credits(region: m.Region, p: m.Pathway) -> tuple[float, float, bool]:
    hours = 0.0
    cost = 0.0
    complete = True
    for pl in p.placements:
        course = region.courses.get(pl.key)
        if course is None or not course.is_college or pl.term.grade > LAST_HIGH_SCHOOL_GRADE:
            continue
        hours += course.semester_hours
        if course.tuition is None:
            complete = False
        else:
            cost += course.tuition
    return round(hours, 2), round(cost, 2), complete


#: Where a dual-credit course is taught, by the catalog's delivery (first match wins).
_DELIVERY_MODELS = (
    (m.Delivery.HIGH_SCHOOL, DeliveryModel.HS_TEACHER),
    (m.Delivery.CAREER_CENTER, DeliveryModel.CAREER_CENTER),
    (m.Delivery.COLLEGE_CAMPUS, DeliveryModel.COLLEGE_CAMPUS),
    (m.Delivery.ONLINE, DeliveryModel.ONLINE),
    (m.Delivery.HYBRID, DeliveryModel.ONLINE),
)


def _family_savings(region: m.Region, p: m.Pathway) -> PathwaySavings | None:
    """The family's savings on the pathway's college courses in high school by the
    funding rules of the region's partnership (imported with the same id), each course
    at its first delivery model; None when the region has no partnership or its rules
    publish no tuition."""
    from careerpaths.io.funding import FundingDataError, partnership_from_files
    from careerpaths.web.partnerships.models import Partnership

    row = Partnership.objects.filter(id=region.id).first()
    if row is None:
        return None
    try:
        partnership = partnership_from_files(row.files, label=f"partnerships/{row.id}")
    except FundingDataError:  # imported whole, so only if the bundled rules changed
        log.warning("partnership files unreadable: partnership=%s", row.id)
        return None
    courses = []
    for pl in p.placements:
        c = region.courses.get(pl.key)
        if c is None or not c.is_college or pl.term.grade > LAST_HIGH_SCHOOL_GRADE:
            continue
        facts = partnership.courses.get(c.code) or course_facts(
            c.code, c.title, c.semester_hours, hs_credits=c.hs_credits, tags=c.tags
        )
        delivery = next(
            (dm for d, dm in _DELIVERY_MODELS if d in c.delivery), DeliveryModel.COLLEGE_CAMPUS
        )
        courses.append((facts, delivery))
    basis = pathway_savings(courses, partnership.rules)
    return basis if basis.per_credit is not None else None


def occupation_titles(codes: Iterable[str]) -> dict[str, str]:
    """SOC 2018 titles for display, from the shipped labor data (BLS/O*NET titles)."""
    from careerpaths.labor import load

    data = load()
    return {soc: data.title(soc) for soc in codes}


def pathway_map(*, pathway: m.Pathway, region: m.Region, lang: str = "en") -> PathwayMap:
    """The family-facing map: terms from grade 9 to 14, exits, credits and savings; the
    catalog's texts in ``lang`` where translated (English, marked, where not)."""
    english: set[str] = set()

    def say(obj: object, field_name: str) -> str:
        shown = localized(obj, field_name, lang)
        if shown.fallback:
            english.add(shown.text)
        return shown.text

    titles = occupation_titles({soc for e in pathway.exits for soc in e.occupations})
    by_term = pathway.placements_by_term()
    exits_by_term: dict[Term, list[MapExit]] = defaultdict(list)
    exits: list[MapExit] = []
    after_transfer: list[MapExit] = []
    for e in pathway.exits:
        cred = region.credentials.get(e.credential)
        me = MapExit(
            credential=e.credential,
            name=say(cred, "name") if cred else e.credential,
            kind=cred.kind.value if cred else "",
            exit_kind=e.kind.value,
            term=e.term,
            occupations=tuple((soc, titles.get(soc, "")) for soc in e.occupations),
            note=localized(e, "note", lang).text,  # a staff note: not on the family map
        )
        exits.append(me)
        if e.kind is ExitKind.TRANSFER:
            after_transfer.append(me)  # earned at the university, not in this term
        else:
            exits_by_term[e.term].append(me)
    ramps_by_term: dict[Term, list[MapRamp]] = defaultdict(list)
    ramps = [MapRamp(r.term, say(r, "label"), r.requires) for r in pathway.on_ramps]
    for r in ramps:
        ramps_by_term[r.term].append(r)
    titles_by_key = {c.key: localized(c, "title", lang).text for c in region.courses.values()}
    used = set(by_term) | set(exits_by_term) | set(ramps_by_term)
    grid = [t for t in term_grid(summers=pathway.summers) if t in used or t.season_order < 2]
    grid += [t for t in sorted(used) if t not in grid]
    years: dict[int, list[MapTerm]] = defaultdict(list)
    for term in sorted(set(grid)):
        courses = []
        for pl in by_term.get(term, []):
            c = region.courses.get(pl.key)
            if c is None:
                continue
            courses.append(
                MapCourse(
                    code=c.code,
                    title=say(c, "title"),
                    college=c.is_college,
                    credits=c.credits,
                    unit_label=c.unit.value,
                    semester_hours=c.semester_hours,
                    hs_credit_area=c.hs_credit_area,
                    requisites=unparse(c.prerequisites),
                    corequisites=unparse(c.corequisites),
                    alternatives=pl.alternatives,
                    note=localized(pl, "note", lang).text,
                    tuition=c.tuition,
                    prereq=c.prerequisites,
                    coreq=c.corequisites,
                    free=c.is_college and term.in_high_school,
                    alternative_titles=tuple(
                        say(alt, "title") if (alt := region.courses.get(course_key(a))) else ""
                        for a in pl.alternatives
                    ),
                )
            )
        years[term.grade].append(
            MapTerm(
                term,
                tuple(courses),
                tuple(exits_by_term.get(term, [])),
                tuple(ramps_by_term.get(term, [])),
            )
        )
    hours, cost, complete = _hs_college_credits(region, pathway)
    basis = _family_savings(region, pathway)
    if basis is not None:  # the same rules as the cost reports
        cost, complete = basis.total, True
    name = region.institutions
    return PathwayMap(
        pathway=pathway,
        owner=name[pathway.owner].name if pathway.owner in name else pathway.owner,
        college=name[pathway.college].name if pathway.college in name else pathway.college,
        schools=tuple(name[s].name if s in name else s for s in pathway.schools),
        years=tuple(
            MapYear(g, g <= LAST_HIGH_SCHOOL_GRADE, tuple(ts)) for g, ts in sorted(years.items())
        ),
        exits=tuple(sorted(exits, key=lambda e: e.term)),
        college_credits_in_high_school=hours,
        savings=cost,
        savings_complete=complete,
        after_transfer=tuple(after_transfer),
        course_titles=titles_by_key,
        credential_names={
            k: localized(c, "name", lang).text for k, c in region.credentials.items()
        },
        on_ramps=tuple(ramps),
        savings_basis=basis,
        name=say(pathway, "name"),
        description=say(pathway, "description"),
        lang=lang,
        untranslated=frozenset(english),
        school_links=tuple((i.id, i.name) for i in handout_schools(region=region, pathway=pathway)),
    )


# --------------------------------------------------------------------------- one school's handout

#: The institutions a school's handout can be for: those a family's student attends.
_SCHOOL_KINDS = (m.InstitutionKind.HIGH_SCHOOL, m.InstitutionKind.CAREER_CENTER)


def handout_schools(*, region: m.Region, pathway: m.Pathway) -> list[m.Institution]:
    """The schools offering ``pathway`` that are in the region (in the pathway's order):
    each has its own family handout."""
    out = []
    for sid in pathway.schools:
        inst = region.institutions.get(sid)
        if inst is not None and inst.kind in _SCHOOL_KINDS:
            out.append(inst)
    return out


@dataclass(frozen=True)
class CoursePlace:
    """Where a high-school-years course of the pathway is taught for one school's students:
    ``places`` are (kind, institution name) pairs — kind ``school`` (the student's own
    school), ``career_center``, ``college`` (its campus), ``online``, ``work`` (a workplace:
    work-based learning); the name is "" for online and work."""

    code: str
    title: str
    grade: int
    college: bool
    places: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SchoolHandout:
    """What a handout for families of one school adds to the pathway's map: the school,
    its district and city (the region's data; no contact is invented), where each college
    course and each course away from the school is taught in grades 9-12, and where the
    years after high school are."""

    school: m.Institution
    district: str
    courses: tuple[CoursePlace, ...]  # college courses and courses away from the school
    at_school: int  # the other high-school courses: taught at the school itself
    college: str  # the partner college, where the courses after high school are taught

    @property
    def by_places(self) -> list[tuple[tuple[tuple[str, str], ...], list[CoursePlace]]]:
        """The courses grouped by where they are taught (in the order first met)."""
        groups: dict[tuple[tuple[str, str], ...], list[CoursePlace]] = {}
        for c in self.courses:
            groups.setdefault(c.places, []).append(c)
        return list(groups.items())


def _career_center(region: m.Region, pathway: m.Pathway, provider: str) -> str:
    """The career center a course of ``provider`` is taught at for this pathway: the
    pathway's owner when it is one, else the center of the providing college (when it has
    exactly one); "" when the data does not say."""
    owner = region.institutions.get(pathway.owner)
    if owner is not None and owner.kind is m.InstitutionKind.CAREER_CENTER:
        return owner.name
    centers = [
        i.name
        for i in region.institutions.values()
        if i.kind is m.InstitutionKind.CAREER_CENTER and i.parent in (provider, pathway.college)
    ]
    return centers[0] if len(centers) == 1 else ""


def school_handout(
    *, region: m.Region, pathway: m.Pathway, school_id: str, lang: str = "en"
) -> SchoolHandout | None:
    """The school part of the family handout of ``pathway`` for ``school_id``; None when
    the pathway is not offered there (:func:`handout_schools`)."""
    school = next(
        (i for i in handout_schools(region=region, pathway=pathway) if i.id == school_id), None
    )
    if school is None:
        return None
    district = region.institutions.get(school.parent or "")
    courses: list[CoursePlace] = []
    at_school = 0
    seen: set[str] = set()
    for pl in sorted(pathway.placements, key=lambda p: (p.term, p.key)):
        c = region.courses.get(pl.key)
        if c is None or pl.term.grade > LAST_HIGH_SCHOOL_GRADE or c.key in seen:
            continue
        seen.add(c.key)
        delivery = c.delivery or frozenset(
            {m.Delivery.COLLEGE_CAMPUS if c.is_college else m.Delivery.HIGH_SCHOOL}
        )
        if not c.is_college and delivery == {m.Delivery.HIGH_SCHOOL}:
            at_school += 1
            continue
        provider = region.institutions.get(c.provider)
        places: list[tuple[str, str]] = []
        if m.Delivery.HIGH_SCHOOL in delivery:
            places.append(("school", school.name))
        if m.Delivery.CAREER_CENTER in delivery:
            if school.kind is m.InstitutionKind.CAREER_CENTER:
                if ("school", school.name) not in places:
                    places.append(("school", school.name))
            else:
                places.append(("career_center", _career_center(region, pathway, c.provider)))
        if m.Delivery.COLLEGE_CAMPUS in delivery:
            places.append(("college", provider.name if provider else c.provider))
        if delivery & {m.Delivery.ONLINE, m.Delivery.HYBRID}:
            places.append(("online", ""))
        if m.Delivery.WORK_BASED in delivery:
            places.append(("work", ""))
        courses.append(
            CoursePlace(
                code=c.code,
                title=localized(c, "title", lang).text,
                grade=pl.term.grade,
                college=c.is_college,
                places=tuple(places),
            )
        )
    college = region.institutions.get(pathway.college)
    return SchoolHandout(
        school=school,
        district=district.name if district is not None else "",
        courses=tuple(courses),
        at_school=at_school,
        college=college.name if college is not None else pathway.college,
    )


def pathway_is_visible(*, scope: Scope, pathway: m.Pathway) -> bool:
    """:func:`pathways_visible` for one domain pathway (the same rules, without a query)."""
    if scope.has(Role.SITE_ADMIN, Role.VIEWER) or pathway.status is PathwayStatus.PUBLISHED:
        return True
    if scope.has(Role.DISTRICT_DESIGNER):
        return pathway.owner in scope.institutions
    if scope.has(Role.COLLEGE_COORDINATOR):
        return pathway.college in scope.institutions
    return False


def public_pathway_map(
    *, scope: Scope, pathway_id: str, lang: str | None = None
) -> tuple[int, PathwayMap]:
    """The map of a pathway the user may see in ``lang`` (default: the active language),
    and the catalog revision it reflects.

    Maps are cached per revision and language (they are the same for everyone allowed to
    see them).
    """
    if lang is None:
        lang = translation.get_language()
    revision, region = versioned_snapshot()
    pathway = region.pathways.get(pathway_id)
    if pathway is None:
        raise Http404()
    if not pathway_is_visible(scope=scope, pathway=pathway):
        raise refuse(scope, "pathway")
    lang = map_language(lang)
    with _cache_lock:
        hit = _map_cache.get((revision, pathway.id, lang))
    if hit is None:
        hit = pathway_map(pathway=pathway, region=region, lang=lang)
        with _cache_lock:
            _map_cache[(revision, pathway.id, lang)] = hit
    return revision, hit


def map_language(lang: str | None) -> str:
    """The content language of a map for the page language ``lang``: ``en`` or one of the
    languages the catalog can be translated into."""
    base = (lang or "en").split("-")[0].lower()
    return base if base in CONTENT_LANGUAGES else "en"


# --------------------------------------------------------------------------- the editor


@dataclass(frozen=True)
class PathwayCheck:
    """What the designer sees beside the grid: findings and curriculum metrics."""

    findings: tuple[Finding, ...]
    metrics: CurriculumMetrics | None
    metrics_error: str


def pathway_check(*, pathway: m.Pathway, region: m.Region) -> PathwayCheck:
    findings = sort_findings(
        validate_pathway(
            pathway, region.courses, region.credentials, region.settings, region.institutions
        )
    )
    keys = []
    for pl in pathway.placements:
        if pl.key in region.courses and pl.key not in keys:
            keys.append(pl.key)
    try:
        metrics = curriculum_metrics(graph_from_courses(region.courses[k] for k in keys))
        error = ""
    except RequisiteCycleError as exc:
        metrics, error = None, str(exc)
    return PathwayCheck(tuple(findings), metrics, error)


def exit_kind_label(kind: m.ExitKind) -> str:
    """What designers read for an exit's kind (never the stored value)."""
    return {
        m.ExitKind.OFF_RAMP: _("Off-ramp: a credential to leave with and work"),
        m.ExitKind.MILESTONE: _("Milestone on the way"),
        m.ExitKind.TRANSFER: _("Transfer to a university"),
    }[kind]


def details_initial(pathway: m.Pathway) -> dict[str, Any]:
    """The details form's values as stored (one blank on-ramp row to add another)."""
    return {
        "name": pathway.name,
        "name_es": lookup(pathway.translations, "es", "name"),
        "cluster": pathway.cluster,
        "description": pathway.description,
        "description_es": lookup(pathway.translations, "es", "description"),
        "schools": set(pathway.schools),
        "occupations": ", ".join(pathway.occupations),
        "summers": pathway.summers,
        "on_ramps": [
            {
                "term": r.term.id,
                "label": r.label,
                "label_es": lookup(r.translations, "es", "label"),
                "requires": unparse(r.requires),
            }
            for r in pathway.on_ramps
        ]
        + [{"term": "", "label": "", "label_es": "", "requires": ""}],
    }


#: The last term an on-ramp can open (joining later leaves no term to take a course in).
LAST_RAMP_TERM = Term.parse("G14-SP")


@dataclass(frozen=True)
class PathwayEditor:
    """Everything the pathway editor shows: the grid, the choices its forms offer, the
    details form (as stored, or as posted with the errors to mark) and the checks."""

    row: Pathway
    pathway: m.Pathway
    #: the grid's terms (summers only when the pathway has them or a course sits in one),
    #: each with its placements and their courses (None: not in the catalog)
    terms: tuple[tuple[Term, tuple[tuple[m.Placement, m.Course | None], ...]], ...]
    all_terms: tuple[str, ...]  # the grid's term ids, for the term choices
    courses: tuple[m.Course, ...]
    credentials: tuple[m.Credential, ...]
    exit_kinds: tuple[tuple[str, str], ...]  # (value, label)
    exits: tuple[tuple[m.Exit, m.Credential | None, str], ...]  # (exit, credential, kind label)
    check: PathwayCheck
    errors: int
    warnings: int
    details: Mapping[str, Any]
    details_errors: Mapping[str, str]
    ramp_rows: tuple[Mapping[str, Any], ...]  # the on-ramp rows with their fields' errors
    school_choices: tuple[m.Institution, ...]
    ramp_terms: tuple[str, ...]
    #: the target occupations in the details form, with their titles (code, title)
    occupations: tuple[tuple[str, str], ...] = ()
    #: every detailed SOC occupation of the labor data, by title, for the search box
    occupation_choices: tuple[tuple[str, str], ...] = ()


_occupation_cache: dict[int, tuple[tuple[str, str], ...]] = {}


def _occupation_choices(labor: Any) -> tuple[tuple[str, str], ...]:
    """The labor data's detailed occupations (cached per loaded data)."""
    key = id(labor)
    hit = _occupation_cache.get(key)
    if hit is None:
        hit = tuple(labor.detailed_occupations())
        _occupation_cache.clear()
        _occupation_cache[key] = hit
    return hit


def pathway_editor(
    *,
    scope: Scope,
    row: Pathway,
    details: Mapping[str, Any] | None = None,
    details_errors: Mapping[str, str] | None = None,
) -> PathwayEditor:
    """The editor of ``row`` (a pathway ``scope`` may edit: :func:`pathway_get`).

    ``details``/``details_errors``: the details form as posted and refused, shown again
    with its errors instead of the stored values.
    """
    from careerpaths.labor import load as load_labor

    region = region_snapshot()
    pathway = row.to_domain()
    details = details or details_initial(pathway)
    labor = load_labor()
    typed = str(details.get("occupations", "")).replace(",", " ").split()
    details_errors = details_errors or {}
    check = pathway_check(pathway=pathway, region=region)
    used = {pl.term for pl in pathway.placements} | {e.term for e in pathway.exits}
    grid = sorted(set(term_grid(summers=pathway.summers)) | used)
    by_term = pathway.placements_by_term()
    # what the designer reads (titles, names) in the page's language; the checks above
    # run on the catalog as it is
    words = region_in_page_language()
    return PathwayEditor(
        row=row,
        pathway=pathway,
        terms=tuple(
            (t, tuple((pl, words.courses.get(pl.key)) for pl in by_term.get(t, []))) for t in grid
        ),
        all_terms=tuple(t.id for t in grid),
        courses=tuple(course_choices(region=words)),
        credentials=tuple(sorted(words.credentials.values(), key=lambda c: (c.kind.rank, c.id))),
        exit_kinds=tuple((k.value, exit_kind_label(k)) for k in m.ExitKind),
        exits=tuple(
            (e, words.credentials.get(e.credential), exit_kind_label(e.kind)) for e in pathway.exits
        ),
        check=check,
        errors=sum(1 for f in check.findings if f.severity.value == "error"),
        warnings=sum(1 for f in check.findings if f.severity.value == "warning"),
        details=details,
        details_errors=details_errors,
        ramp_rows=tuple(
            {
                **r,
                "errors": {
                    k: msg
                    for k in ("term", "label", "requires")
                    if (msg := details_errors.get(f"onramp-{i}-{k}"))
                },
            }
            for i, r in enumerate(details["on_ramps"])
        ),
        school_choices=tuple(
            sorted(
                (
                    i
                    for i in region.institutions.values()
                    if i.kind is m.InstitutionKind.HIGH_SCHOOL
                    and (scope.covers(i.id) or i.id in pathway.schools)
                ),
                key=lambda i: i.name,
            )
        ),
        ramp_terms=tuple(
            t.id
            for t in sorted(set(grid) | {r.term for r in pathway.on_ramps})
            if t <= LAST_RAMP_TERM
        ),
        occupations=tuple((code, labor.title(code)) for code in dict.fromkeys(typed)),
        occupation_choices=_occupation_choices(labor),
    )


def pathway_history(*, pathway: Pathway) -> QuerySet[PathwayRevision]:
    return pathway.revisions.select_related("actor").order_by("-version")


@dataclass(frozen=True)
class HistoryEntry:
    """A version in a pathway's history: who, when, the summary, what changed from the
    version before it (in words) and whether the working copy can be restored to it."""

    revision: PathwayRevision
    changes: tuple[str, ...]
    restorable: bool


def _snapshot_domain(row: Pathway, snapshot: Mapping[str, Any]) -> m.Pathway | None:
    from careerpaths.io.workspace import pathway_from_data

    try:
        return pathway_from_data(
            {**snapshot, "id": row.id, "owner": row.owner_id, "college": row.college_id}
        )
    except (KeyError, ValueError):
        return None  # a snapshot this version of the app cannot read: shown, not restored


def _change_words(change: Any, titles: Mapping[str, str], names: Mapping[str, str]) -> str:
    from careerpaths.web.catalog.plain import term_heading

    def when(ids: str) -> str:
        return ", ".join(term_heading(Term.parse(t)) for t in ids.split(", ") if t)

    title = titles.get(course_key(change.subject), change.subject)
    name = names.get(change.subject, change.subject)
    words = {
        "placed": _("Placed %(course)s in %(term)s"),
        "removed": _("Removed %(course)s from %(before)s"),
        "moved": _("Moved %(course)s from %(before)s to %(term)s"),
        "exit-added": _("Added the exit %(credential)s in %(term)s"),
        "exit-removed": _("Removed the exit %(credential)s (%(before)s)"),
        "exit-changed": _("Changed the exit %(credential)s (%(before)s → %(term)s)"),
        "on-ramps": _("Changed the on-ramps"),
    }
    if change.kind == "detail":
        labels = {
            "name": _("name"),
            "cluster": _("career cluster"),
            "description": _("description"),
            "schools": _("schools"),
            "occupations": _("occupations"),
            "summers": _("summer terms"),
            "status": _("status"),
            "translations": _("Spanish texts"),
        }
        return _("Changed the %(field)s") % {"field": labels.get(change.subject, change.subject)}
    return words[change.kind] % {
        "course": title,
        "credential": name,
        "term": when(change.after),
        "before": when(change.before),
    }


def pathway_history_page(*, pathway: Pathway) -> list[HistoryEntry]:
    """The history, newest first, each version with its changes from the one before."""
    from careerpaths.core.pathway_diff import pathway_changes

    region = region_in_page_language()
    titles = {k: c.title for k, c in region.courses.items()}
    names = {k: c.name for k, c in region.credentials.items()}
    revisions = list(pathway_history(pathway=pathway))
    current = pathway.to_domain()
    out = []
    for i, rev in enumerate(revisions):
        this = _snapshot_domain(pathway, rev.snapshot)
        previous = (
            _snapshot_domain(pathway, revisions[i + 1].snapshot) if i + 1 < len(revisions) else None
        )
        changes: tuple[str, ...] = ()
        if this is not None and previous is not None:
            changes = tuple(
                _change_words(c, titles, names) for c in pathway_changes(previous, this)
            )
        restorable = (
            this is not None
            and i > 0
            and dataclasses.replace(this, status=current.status) != current
        )
        out.append(HistoryEntry(rev, changes, restorable))
    return out


def course_choices(*, region: m.Region) -> list[m.Course]:
    return sorted(region.courses.values(), key=lambda c: (not c.is_college, c.key))


def courses_editable(*, scope: Scope) -> QuerySet[Course]:
    """Courses the user may change: a coordinator's own college's, a designer's district's."""
    qs = Course.objects.select_related("provider")
    if scope.has(Role.SITE_ADMIN):
        return qs
    if scope.has(Role.COLLEGE_COORDINATOR, Role.DISTRICT_DESIGNER):
        return qs.filter(provider_id__in=scope.institutions)
    return qs.none()


def course_get(*, scope: Scope, key: str) -> Course:
    """A course the user may edit, or 404 (logged as a refusal when it exists)."""
    row = courses_editable(scope=scope).filter(key=course_key(key)).first()
    if row is None:
        if Course.objects.filter(key=course_key(key)).exists():
            raise refuse(scope, "course")
        raise Http404()
    return row


def credentials_editable(*, scope: Scope) -> QuerySet[Credential]:
    """Credentials the user may change: those their institutions issue (the admin's all)."""
    if scope.has(Role.SITE_ADMIN):
        return Credential.objects.all()
    if scope.has(Role.COLLEGE_COORDINATOR, Role.DISTRICT_DESIGNER):
        return Credential.objects.filter(issuer__in=scope.institutions)
    return Credential.objects.none()


def credential_get(*, scope: Scope, credential_id: str) -> Credential:
    """A credential the user may edit, or 404 (logged as a refusal when it exists)."""
    row = credentials_editable(scope=scope).filter(pk=credential_id).first()
    if row is None:
        if Credential.objects.filter(pk=credential_id).exists():
            raise refuse(scope, "credential")
        raise Http404()
    return row


# --------------------------------------------------------------------------- translations


@dataclass(frozen=True)
class MissingText:
    """A text families read in English on a map in another language, and where the user
    can translate it (``edit_url`` is empty when the user may not edit it)."""

    kind: str  # pathway, course, credential, on_ramp
    field: str
    english: str
    pathway: str  # the pathway's name it appears in
    edit_url: str


def missing_texts(*, scope: Scope, lang: str = "es") -> list[MissingText]:
    """The published pathways' texts without a ``lang`` translation, each with a link to
    the form that translates it when the user may edit it."""
    from django.urls import reverse

    from careerpaths.core.i18n import missing_translations

    region = region_snapshot()
    editable_pathways = set(pathways_editable(scope=scope).values_list("id", flat=True))
    editable_courses = set(courses_editable(scope=scope).values_list("key", flat=True))
    editable_creds = set(credentials_editable(scope=scope).values_list("id", flat=True))
    out = []
    for item in missing_translations(region, lang):
        pid = item.pathway or item.ident
        url = ""
        if item.kind in ("pathway", "on_ramp") and pid in editable_pathways:
            url = reverse("design-edit", kwargs={"pathway_id": pid})
        elif item.kind == "course" and course_key(item.ident) in editable_courses:
            url = reverse("catalog-course", kwargs={"key": course_key(item.ident)})
        elif item.kind == "credential" and item.ident in editable_creds:
            url = reverse("catalog-credential", kwargs={"credential_id": item.ident})
        shown_in = region.pathways[pid].name if pid in region.pathways else pid
        out.append(MissingText(item.kind, item.field, item.english, shown_in, url))
    return out


@dataclass(frozen=True)
class OldVersion:
    """A version of a pathway's history as families would have seen its map, and what
    changed from it to the working copy."""

    revision: PathwayRevision
    map: PathwayMap
    changes_since: tuple[str, ...]
    restorable: bool


def pathway_old_version(*, pathway: Pathway, version: int) -> OldVersion:
    """Version ``version`` of ``pathway``'s history (404 when there is none, or its snapshot
    is in a format this app cannot read)."""
    from careerpaths.core.pathway_diff import pathway_changes

    rev = pathway.revisions.select_related("actor").filter(version=version).first()
    old = _snapshot_domain(pathway, rev.snapshot) if rev is not None else None
    if rev is None or old is None:
        raise Http404()
    region = region_snapshot()
    lang = map_language(translation.get_language())
    shown = pathway_map(pathway=old, region=region, lang=lang)
    words = region_in_page_language()
    titles = {k: c.title for k, c in words.courses.items()}
    names = {k: c.name for k, c in words.credentials.items()}
    current = pathway.to_domain()
    changes = tuple(_change_words(c, titles, names) for c in pathway_changes(old, current))
    restorable = dataclasses.replace(old, status=current.status) != current
    return OldVersion(rev, shown, changes, restorable)


def suggest_placement(*, row: Pathway, course: str) -> Term | None:
    """The term the planner would place ``course`` in on ``row``'s working copy, every
    course already placed kept where it is (None: no term works, or no such course)."""
    from careerpaths.planner import suggest_term

    region = region_snapshot()
    if course_key(course) not in region.courses:
        return None
    return suggest_term(row.to_domain(), region, course, time_limit=5.0)
