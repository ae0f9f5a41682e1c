"""Writes to the catalog: import and export a workspace, edit and publish pathways.

Every write bumps the catalog revision (:func:`touch_region`) so cached domain regions and
students' audit summaries are rebuilt. Pathway saves are optimistic: the caller passes
the version it edited, and a save over a newer version is refused with
:class:`EditConflict` — nothing is overwritten.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from careerpaths.core import model as m
from careerpaths.core.findings import Finding
from careerpaths.core.i18n import with_translation
from careerpaths.core.numbers import (
    COURSE_CREDITS,
    TOTAL_CREDITS,
    TUITION,
    Domain,
    OutOfDomain,
    check_number,
    format_number,
)
from careerpaths.core.requisites import course_key
from careerpaths.core.terms import Term, TermError, term_grid
from careerpaths.io.workspace import load_workspace, pathway_from_data, write_workspace
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope
from careerpaths.web.catalog import selectors
from careerpaths.web.catalog.models import (
    Course,
    Credential,
    Institution,
    Pathway,
    PathwayRevision,
    RegionInfo,
)


class EditConflict(Exception):
    """Someone saved the pathway after the version this edit started from."""

    def __init__(self, *, pathway_id: str, expected: int, current: int) -> None:
        super().__init__(
            f"pathway {pathway_id} was changed by someone else (you edited version "
            f"{expected}, it is now version {current})"
        )
        self.pathway_id = pathway_id
        self.expected = expected
        self.current = current


class EditRefused(ValueError):
    """An edit that would make the pathway unreadable (an unknown course, a bad term)."""


def touch_region() -> None:
    """Give the catalog a new revision: a random token, never reused (caches key on it)."""
    RegionInfo.objects.update(revision=secrets.randbits(62) + 1)


# --------------------------------------------------------------------------- import / export


@dataclass(frozen=True)
class ImportSummary:
    region: str
    institutions: int
    courses: int
    credentials: int
    pathways: int
    students: int
    # Students of the database the workspace no longer lists, made inactive by this import
    # (never deleted), and inactive students it lists again, made active.
    deactivated: int = 0
    reactivated: int = 0


def _sync(model: Any, key: str, rows: dict[str, Any], fields: list[str]) -> None:
    """Make ``model``'s table hold exactly ``rows`` (by ``key``), updating in bulk."""
    existing = {getattr(o, key): o for o in model.objects.all()}
    create, update = [], []
    for k, domain in rows.items():
        obj = existing.pop(k, None)
        if obj is None:
            obj = model()
            obj.update_from_domain(domain)
            create.append(obj)
        else:
            obj.update_from_domain(domain)
            update.append(obj)
    if existing:
        model.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()
    model.objects.bulk_create(create, batch_size=500)
    if update:
        model.objects.bulk_update(update, fields, batch_size=500)


def _sync_students(students: dict[str, m.Student]) -> tuple[int, int]:
    """Make ``students`` the active students, matched by record id; nothing is deleted.

    A student the database has and ``students`` lacks is made inactive (``active`` false:
    off caseloads, student pages and aggregates), keeping its row, its access log and its
    batch-audit results; an inactive student listed again is made active. Returns
    ``(made inactive, reactivated)``.
    """
    from careerpaths.web.students.models import Student

    existing = {s.record_id: s for s in Student.objects.all()}
    create, update = [], []
    reactivated = 0
    for record_id, domain in students.items():
        row = existing.pop(record_id, None)
        if row is None:
            row = Student()
            create.append(row)
        else:
            if not row.active:
                reactivated += 1
            update.append(row)
        row.update_from_domain(domain)
        row.active = True
    gone = [row.pk for row in existing.values() if row.active]
    Student.objects.filter(pk__in=gone).update(active=False)
    Student.objects.bulk_create(create, batch_size=500)
    if update:
        Student.objects.bulk_update(update, _fields(Student, "public_id"), batch_size=500)
    return len(gone), reactivated


def _still_named(removed: dict[str, Institution]) -> set[str]:
    """The institutions among ``removed`` that inactive students' records still name as
    their school, with their parents: kept, so that those records stay whole."""
    from careerpaths.web.students.models import Student

    keep: set[str] = set()
    todo = list(
        Student.objects.filter(school_id__in=list(removed))
        .values_list("school_id", flat=True)
        .distinct()
    )
    while todo:
        inst_id = todo.pop()
        if inst_id in keep or inst_id not in removed:
            continue
        keep.add(inst_id)
        parent = removed[inst_id].parent_id
        if parent is not None:
            todo.append(parent)
    return keep


def _fields(model: type[Model], *exclude: str) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in exclude and not f.name.startswith("summary_")
    ]


def _institutions_in_order(region: m.Region) -> list[m.Institution]:
    """Parents before children, so foreign keys always point at an existing row."""
    done: set[str] = set()
    out: list[m.Institution] = []

    def visit(i: m.Institution) -> None:
        if i.id in done:
            return
        done.add(i.id)
        if i.parent and i.parent in region.institutions:
            visit(region.institutions[i.parent])
        out.append(i)

    for inst in sorted(region.institutions.values(), key=lambda i: i.id):
        visit(inst)
    return out


@transaction.atomic
def region_import(*, region: m.Region, actor: User | None = None) -> ImportSummary:
    """Replace the database's region with ``region`` — whole or not at all.

    Rows are matched by id and updated in place, so accounts keep their institutions and
    students keep their access log; pathways that changed get a history entry. Students
    are never deleted: those the region no longer lists are made inactive (and the
    institution such a student's record names is kept), and an inactive student listed
    again is made active.
    """
    from careerpaths.web.students.models import Student
    from careerpaths.web.students.services import student_summaries_refresh

    RegionInfo.objects.exclude(region_id=region.id).delete()
    info, _created = RegionInfo.objects.get_or_create(
        region_id=region.id, defaults={"name": region.name}
    )
    info.name = region.name
    info.description = region.description
    info.sources = list(region.sources)
    info.settings = dataclasses.asdict(region.settings)
    info.save()

    # Institutions: parents first; parent links set in a second pass.
    insts = _institutions_in_order(region)
    existing = {i.id: i for i in Institution.objects.all()}
    for inst in insts:
        obj = existing.pop(inst.id, None) or Institution()
        obj.update_from_domain(inst)
        obj.save()

    _sync(Course, "key", {c.key: c for c in region.courses.values()}, _fields(Course))
    _sync(Credential, "id", dict(region.credentials), _fields(Credential))

    current = {p.id: p for p in Pathway.objects.all()}
    now = timezone.now()
    for p in region.pathways.values():
        row = current.pop(p.id, None)
        if row is None:
            row = Pathway()
            row.update_from_domain(p)
            row.mark_published(now)
            row.version = 1
            row.save()
            _revision(row, actor, "imported", _("Imported from a workspace"))
        elif row.to_domain() != p:
            row.update_from_domain(p)
            row.mark_published(now)
            row.version += 1
            row.save()
            _revision(row, actor, "imported", _("Replaced by a workspace import"))
        elif row.has_unpublished_changes or (row.published is None) != (
            row.status != m.PathwayStatus.PUBLISHED.value
        ):
            # the file is what is in force: it is published as it is
            row.mark_published(now)
            row.save(update_fields=["published", "published_at"])
    Pathway.objects.filter(pk__in=list(current)).delete()

    deactivated, reactivated = _sync_students(dict(region.students))
    kept = _still_named(existing)
    Institution.objects.filter(pk__in=[i for i in existing if i not in kept]).delete()
    touch_region()
    # Inactive students are shown nowhere, and may name courses or a pathway the region no
    # longer has: their summaries are brought up to date if they are listed again.
    student_summaries_refresh(students=Student.objects.filter(active=True))
    return ImportSummary(
        region=region.id,
        institutions=len(region.institutions),
        courses=len(region.courses),
        credentials=len(region.credentials),
        pathways=len(region.pathways),
        students=len(region.students),
        deactivated=deactivated,
        reactivated=reactivated,
    )


def workspace_import(*, root: Path, actor: User | None = None) -> ImportSummary:
    """Load a workspace folder (raising WorkspaceError with every problem) and import it."""
    return region_import(region=load_workspace(root), actor=actor)


def region_export() -> m.Region:
    """The database's region as domain objects, with its active students.

    A workspace describes the current roster and has no way to mark a student inactive,
    so the students a roster or workspace import made inactive are left out (they stay in
    the database, with their access log).
    """
    from careerpaths.web.students.models import Student

    region = selectors.region_snapshot()
    active = Student.objects.filter(active=True).order_by("record_id")
    return dataclasses.replace(region, students={s.record_id: s.to_domain() for s in active})


def workspace_export(*, root: Path, extra: Callable[[Path], None] | None = None) -> m.Region:
    """Write the database's region, with its active students, to a workspace folder (a
    round trip loses nothing); ``extra`` writes more files into the new folder before it
    replaces the old one (the partnerships)."""
    region = region_export()
    write_workspace(region, root, extra=extra)
    return region


# --------------------------------------------------------------------------- pathways


def _revision(row: Pathway, actor: User | None, action: str, summary: str) -> PathwayRevision:
    return PathwayRevision.objects.create(
        pathway=row,
        version=row.version,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        summary=summary,
        snapshot={**row.data, "name": row.name, "cluster": row.cluster, "status": row.status},
    )


@transaction.atomic
def _save(
    *,
    scope: Scope,
    pathway_id: str,
    version: int,
    actor: User,
    action: str,
    summary: str,
    change: Any,
) -> Pathway:
    """Apply ``change`` (domain pathway → domain pathway) if ``version`` is still current."""
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    row = Pathway.objects.select_for_update().get(pk=row.pk)
    if row.version != version:
        raise EditConflict(pathway_id=pathway_id, expected=version, current=row.version)
    before = row.to_domain()
    changed: m.Pathway = change(before)
    if changed == before:
        # nothing changed (a course moved to the term it is in): no new version, so no
        # colleague's edit of this version is refused as a conflict
        return row
    row.update_from_domain(changed)
    # The version check and the increment happen in one UPDATE, so two concurrent saves
    # of the same version cannot both succeed even without row locks (SQLite).
    updated = Pathway.objects.filter(pk=row.pk, version=version).update(
        name=row.name,
        cluster=row.cluster,
        status=row.status,
        data=row.data,
        version=version + 1,
    )
    if updated != 1:
        current = Pathway.objects.values_list("version", flat=True).get(pk=row.pk)
        raise EditConflict(pathway_id=pathway_id, expected=version, current=current)
    row.version = version + 1
    _revision(row, actor, action, summary)
    touch_region()
    return row


def _term(term_id: str) -> Term:
    try:
        return Term.parse(term_id)
    except TermError as exc:
        raise EditRefused(str(exc)) from None


def _known_course(code: str) -> str:
    region = selectors.region_snapshot()
    course = region.courses.get(course_key(code))
    if course is None:
        raise EditRefused(_("%(code)s is not in the course catalog") % {"code": code})
    return course.code


def pathway_place_course(
    *,
    scope: Scope,
    actor: User,
    pathway_id: str,
    version: int,
    course: str,
    term: str,
) -> Pathway:
    """Place ``course`` in ``term``, moving it if the pathway already has it elsewhere."""
    code = _known_course(course)
    target = _term(term)
    key = course_key(code)

    def change(p: m.Pathway) -> m.Pathway:
        kept = [pl for pl in p.placements if pl.key != key]
        moved = next((pl for pl in p.placements if pl.key == key), None)
        new = dataclasses.replace(moved, term=target) if moved else m.Placement(code, target)
        placements = sorted([*kept, new], key=lambda pl: (pl.term, pl.key))
        return dataclasses.replace(p, placements=tuple(placements))

    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="placed",
        summary=_("Placed %(course)s in %(term)s") % {"course": code, "term": target.id},
        change=change,
    )


def pathway_fill(*, scope: Scope, actor: User, pathway_id: str, version: int) -> Pathway:
    """Fill the pathway's grid with the planner (its diploma and exits reached, the courses
    placed so far moved as little as it can); refused, with the reason, when the planner finds
    no plan or its plan is not findings-clean."""
    from careerpaths.planner import fill_pathway

    region = selectors.region_snapshot()
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    fill = fill_pathway(row.to_domain(), region, time_limit=20.0)
    if fill.pathway is None:
        reasons = [f.message for f in fill.result.findings if f.code == "plan-conflict"]
        raise EditRefused(
            _("No plan fills this grid. These cannot all hold together: %(why)s")
            % {"why": "; ".join(reasons) or _("the time limit passed")}
        )
    if not fill.clean:
        raise EditRefused(_("The planner's grid still has errors; nothing was changed."))
    placements = fill.pathway.placements

    def change(p: m.Pathway) -> m.Pathway:
        return dataclasses.replace(p, placements=placements)

    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="filled",
        summary=_("Filled the grid with the planner"),
        change=change,
    )


def pathway_remove_course(
    *, scope: Scope, actor: User, pathway_id: str, version: int, course: str
) -> Pathway:
    key = course_key(course)

    def change(p: m.Pathway) -> m.Pathway:
        return dataclasses.replace(p, placements=tuple(pl for pl in p.placements if pl.key != key))

    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="removed",
        summary=_("Removed %(course)s") % {"course": course},
        change=change,
    )


def pathway_set_exit(
    *,
    scope: Scope,
    actor: User,
    pathway_id: str,
    version: int,
    credential: str,
    term: str,
    kind: str,
) -> Pathway:
    """Add an exit (or move the exit of ``credential`` to ``term``)."""
    region = selectors.region_snapshot()
    if credential not in region.credentials:
        raise EditRefused(_("%(id)s is not a credential") % {"id": credential})
    try:
        exit_kind = m.ExitKind(kind)
    except ValueError:
        raise EditRefused(_("%(kind)s is not an exit kind") % {"kind": kind}) from None
    target = _term(term)

    def change(p: m.Pathway) -> m.Pathway:
        old = next((e for e in p.exits if e.credential == credential), None)
        new = (
            dataclasses.replace(old, term=target, kind=exit_kind)
            if old
            else m.Exit(credential, target, exit_kind)
        )
        exits = sorted(
            [*(e for e in p.exits if e.credential != credential), new], key=lambda e: e.term
        )
        return dataclasses.replace(p, exits=tuple(exits))

    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="exit",
        summary=_("Exit %(credential)s at %(term)s")
        % {"credential": credential, "term": target.id},
        change=change,
    )


def pathway_remove_exit(
    *, scope: Scope, actor: User, pathway_id: str, version: int, credential: str
) -> Pathway:
    def change(p: m.Pathway) -> m.Pathway:
        return dataclasses.replace(p, exits=tuple(e for e in p.exits if e.credential != credential))

    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="exit-removed",
        summary=_("Removed the exit %(credential)s") % {"credential": credential},
        change=change,
    )


class PublishRefused(ValueError):
    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__(_("A pathway with error findings cannot be published"))


@transaction.atomic
def pathway_set_status(
    *, scope: Scope, actor: User, pathway_id: str, version: int, status: str
) -> Pathway:
    """Publish a pathway (refused while it has error findings) or return it to draft."""
    target = m.PathwayStatus(status)
    if target is m.PathwayStatus.PUBLISHED:
        row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
        region = selectors.region_snapshot()
        check = selectors.pathway_check(pathway=row.to_domain(), region=region)
        errors = [f for f in check.findings if f.severity.value == "error"]
        if errors:
            raise PublishRefused(errors)
    labels = {
        m.PathwayStatus.PUBLISHED: _("Published"),
        m.PathwayStatus.DRAFT: _("Returned to draft"),
        m.PathwayStatus.ARCHIVED: _("Archived"),
    }
    row = _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action=target.value,
        summary=labels[target],
        change=lambda p: dataclasses.replace(p, status=target),
    )
    if row.version == version:
        # already in that status: publishing again publishes the working copy's changes,
        # as a version of its own in the history
        if target is not m.PathwayStatus.PUBLISHED or not row.has_unpublished_changes:
            return row
        row.mark_published(timezone.now())
        updated = Pathway.objects.filter(pk=row.pk, version=version).update(
            published=row.published, published_at=row.published_at, version=version + 1
        )
        if updated != 1:
            current = Pathway.objects.values_list("version", flat=True).get(pk=row.pk)
            raise EditConflict(pathway_id=pathway_id, expected=version, current=current)
        row.version = version + 1
        _revision(row, actor, "published", _("Published the changes"))
    else:
        row.mark_published(timezone.now())
        Pathway.objects.filter(pk=row.pk).update(
            published=row.published, published_at=row.published_at
        )
    touch_region()
    return row


@transaction.atomic
def pathway_restore(
    *, scope: Scope, actor: User, pathway_id: str, version: int, restore: int
) -> Pathway:
    """Make the working copy what it was at version ``restore`` of the history (a new
    version; the status stays as it is: restoring never publishes or unpublishes)."""
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    rev = PathwayRevision.objects.filter(pathway=row, version=restore).first()
    if rev is None:
        raise EditRefused(_("There is no version %(v)s of this pathway") % {"v": restore})
    try:
        old = pathway_from_data(
            {**rev.snapshot, "id": row.id, "owner": row.owner_id, "college": row.college_id}
        )
    except (KeyError, ValueError):
        raise EditRefused(
            _("Version %(v)s cannot be restored: it was saved in an older format") % {"v": restore}
        ) from None
    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="restored",
        summary=_("Restored version %(v)s") % {"v": restore},
        change=lambda p: dataclasses.replace(old, status=p.status),
    )


@transaction.atomic
def pathway_discard_changes(*, scope: Scope, actor: User, pathway_id: str, version: int) -> Pathway:
    """Return a published pathway's working copy to the version families see (a new
    version in the history; nothing to do when there are no unpublished changes)."""
    row = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True)
    if not row.has_unpublished_changes or row.published is None:
        return row
    published = pathway_from_data(row.published)
    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="discarded",
        summary=_("Discarded the unpublished changes"),
        change=lambda p: published,
    )


@transaction.atomic
def pathway_create(
    *,
    scope: Scope,
    actor: User,
    pathway_id: str,
    name: str,
    cluster: str,
    owner: str,
    college: str,
) -> Pathway:
    """A new draft pathway owned by one of the designer's institutions."""
    if not scope.covers(owner):
        raise EditRefused(_("You can only create pathways for your own district"))
    if Pathway.objects.filter(pk=pathway_id).exists():
        raise EditRefused(_("A pathway with the id %(id)s exists already") % {"id": pathway_id})
    if not Institution.objects.filter(pk=college).exists():
        raise EditRefused(_("%(id)s is not an institution") % {"id": college})
    row = Pathway()
    row.update_from_domain(
        m.Pathway(id=pathway_id, name=name, cluster=cluster, owner=owner, college=college)
    )
    row.version = 1
    row.save(force_insert=True)
    _revision(row, actor, "created", _("Created"))
    touch_region()
    return row


SOC_CODE = re.compile(r"\d{2}-\d{4}")


class DetailsRefused(EditRefused):
    """Pathway details that cannot be saved; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class OnRampInput:
    """One on-ramp as the designer typed it (the term id, a label, a requisite expression)."""

    term: str
    label: str
    requires: str = ""
    label_es: str = ""  # the label in Spanish (blank: shown in English, marked)


def pathway_details_update(
    *,
    scope: Scope,
    actor: User,
    pathway_id: str,
    version: int,
    name: str,
    cluster: str,
    description: str,
    schools: Iterable[str],
    occupations: Iterable[str],
    on_ramps: Iterable[OnRampInput],
    summers: bool,
    name_es: str | None = None,
    description_es: str | None = None,
) -> Pathway:
    """Change a pathway's name, cluster, description, schools, occupations, on-ramps, summers.

    Every problem is reported at once (:class:`DetailsRefused`, keyed by form field):
    schools must be high schools the designer's scope covers (or already on the pathway),
    occupations SOC 2018 codes
    (``15-1232``), on-ramp terms G9-FA..G14-SP and requisites parseable. Like every
    pathway save it is refused with :class:`EditConflict` over a newer ``version``.
    """
    from careerpaths.core.requisites import RequisiteSyntaxError, parse

    before = selectors.pathway_get(scope=scope, pathway_id=pathway_id, editable=True).to_domain()
    region = selectors.region_snapshot()
    errors: dict[str, str] = {}
    name, cluster = name.strip(), cluster.strip()
    if not name:
        errors["name"] = _("The name is required")
    if not cluster:
        errors["cluster"] = _("The career cluster is required")
    school_ids = tuple(dict.fromkeys(s.strip() for s in schools if s.strip()))
    for sid in school_ids:
        inst = region.institutions.get(sid)
        # A school already on the pathway (added by an administrator) may stay.
        covered = scope.covers(sid) or sid in before.schools
        if inst is None or inst.kind is not m.InstitutionKind.HIGH_SCHOOL or not covered:
            errors["schools"] = _("%(id)s is not a high school of your district") % {"id": sid}
            break
    socs = tuple(dict.fromkeys(o.strip() for o in occupations if o.strip()))
    bad = [o for o in socs if not SOC_CODE.fullmatch(o)]
    if bad:
        errors["occupations"] = _("%(code)s is not a SOC 2018 code like 15-1232") % {"code": bad[0]}
    allowed = {t.id: t for t in term_grid(summers=True) if t <= Term.parse("G14-SP")}
    ramps: list[m.OnRamp] = []
    for i, ramp in enumerate(on_ramps):
        term = allowed.get(ramp.term.strip().upper())
        if term is None:
            errors[f"onramp-{i}-term"] = _("%(term)s is not a term from G9-FA to G14-SP") % {
                "term": ramp.term
            }
        if not ramp.label.strip():
            errors[f"onramp-{i}-label"] = _("The on-ramp needs a label")
        try:
            requires = parse(ramp.requires)
        except RequisiteSyntaxError as exc:
            errors[f"onramp-{i}-requires"] = _("Requisite, column %(column)s: %(reason)s") % {
                "column": exc.column,
                "reason": exc.reason,
            }
            continue
        if term is not None:
            ramps.append(
                m.OnRamp(
                    term,
                    ramp.label.strip(),
                    requires,
                    with_translation((), "es", "label", ramp.label_es),
                )
            )
    if errors:
        raise DetailsRefused(errors)
    texts = before.translations
    if name_es is not None:
        texts = with_translation(texts, "es", "name", name_es)
    if description_es is not None:
        texts = with_translation(texts, "es", "description", description_es)

    def change(p: m.Pathway) -> m.Pathway:
        return dataclasses.replace(
            p,
            translations=texts,
            name=name,
            cluster=cluster,
            description=description.strip(),
            schools=school_ids,
            occupations=socs,
            on_ramps=tuple(sorted(ramps, key=lambda r: r.term)),
            summers=summers,
        )

    after = change(before)
    labels = {
        "name": _("name"),
        "cluster": _("career cluster"),
        "description": _("description"),
        "schools": _("schools"),
        "occupations": _("occupations"),
        "on_ramps": _("on-ramps"),
        "summers": _("summers"),
        "translations": _("Spanish texts"),
    }
    what = [str(label) for f, label in labels.items() if getattr(before, f) != getattr(after, f)]
    return _save(
        scope=scope,
        pathway_id=pathway_id,
        version=version,
        actor=actor,
        action="details",
        summary=_("Details changed: %(fields)s") % {"fields": ", ".join(what) or _("nothing")},
        change=change,
    )


# --------------------------------------------------------------------------- the catalog


def _check_requisites(prerequisites: str, corequisites: str) -> None:
    """Requisites must parse and name catalog courses."""
    from careerpaths.core.requisites import RequisiteSyntaxError, course_refs, parse

    known = set(Course.objects.values_list("key", flat=True))
    for label, text in ((_("Prerequisites"), prerequisites), (_("Co-requisites"), corequisites)):
        try:
            expr = parse(text)
        except RequisiteSyntaxError as exc:
            raise EditRefused(f"{label}: {exc.reason} ({exc.column})") from None
        for ref in course_refs(expr):
            if ref.key not in known:
                raise EditRefused(
                    _("%(label)s name %(code)s, which is not in the catalog")
                    % {"label": label, "code": ref.code}
                )


@transaction.atomic
def course_create(
    *,
    scope: Scope,
    code: str,
    title: str,
    provider: str,
    credits: float,
    level: str,
    tuition_per_credit: float | None,
    prerequisites: str,
    corequisites: str,
    description: str,
) -> Course:
    """Add a course offered by one of the user's institutions (a college course counts in
    semester hours, a high-school course in high-school credits)."""
    from careerpaths.core.requisites import parse

    if not (
        scope.has(Role.SITE_ADMIN, Role.COLLEGE_COORDINATOR, Role.DISTRICT_DESIGNER)
        and scope.covers(provider)
    ):
        raise EditRefused(_("You can only add courses your own institutions offer"))
    if not Institution.objects.filter(pk=provider).exists():
        raise EditRefused(_("%(id)s is not an institution") % {"id": provider})
    try:
        m.split_code(code)
    except ValueError as exc:
        raise EditRefused(str(exc)) from None
    if Course.objects.filter(key=course_key(code)).exists():
        raise EditRefused(_("%(code)s is in the catalog already") % {"code": code})
    if not title.strip():
        raise EditRefused(_("The title is required"))
    _check_course_numbers(credits, tuition_per_credit)
    try:
        lvl = m.Level(level)
    except ValueError:
        raise EditRefused(_("%(level)s is not a level") % {"level": level}) from None
    _check_requisites(prerequisites, corequisites)
    row = Course()
    row.update_from_domain(
        m.Course(
            code=code.strip().upper(),
            title=title.strip(),
            provider=provider,
            credits=credits,
            unit=m.CreditUnit.SEMESTER_HOUR
            if lvl is m.Level.POSTSECONDARY
            else m.CreditUnit.HS_CREDIT,
            level=lvl,
            tuition_per_credit=tuition_per_credit,
            prerequisites=parse(prerequisites),
            corequisites=parse(corequisites),
            description=description,
        )
    )
    row.save(force_insert=True)
    touch_region()
    return row


def _check_in(value: float, domain: Domain) -> None:
    try:
        check_number(float(value), domain)
    except OutOfDomain:
        if value < 0:
            raise EditRefused(_("Credits and tuition cannot be negative")) from None
        raise EditRefused(
            _("%(value)s is too large: enter %(what)s")
            % {"value": format_number(float(value)), "what": domain.describe()}
        ) from None


def _check_course_numbers(credits: float, tuition_per_credit: float | None) -> None:
    """Course credits and tuition within their domains (1e308 and inf are refused)."""
    _check_in(credits, COURSE_CREDITS)
    if tuition_per_credit is not None:
        _check_in(tuition_per_credit, TUITION)


def course_update(
    *,
    scope: Scope,
    key: str,
    title: str,
    credits: float,
    tuition_per_credit: float | None,
    prerequisites: str,
    corequisites: str,
    description: str,
    title_es: str | None = None,
) -> Course:
    """Change a course's title, credits, tuition, requisites or description (and its
    Spanish title, unless ``title_es`` is None).

    Requisites are checked with the requisite parser and must name catalog courses.
    """
    from careerpaths.core.requisites import parse

    row = selectors.course_get(scope=scope, key=key)
    _check_requisites(prerequisites, corequisites)
    _check_course_numbers(credits, tuition_per_credit)
    domain = dataclasses.replace(
        row.to_domain(),
        title=title,
        credits=credits,
        tuition_per_credit=tuition_per_credit,
        prerequisites=parse(prerequisites),
        corequisites=parse(corequisites),
        description=description,
    )
    if title_es is not None:
        domain = dataclasses.replace(
            domain, translations=with_translation(domain.translations, "es", "title", title_es)
        )
    row.update_from_domain(domain)
    row.save()
    touch_region()
    return row


def credential_update(
    *,
    scope: Scope,
    credential_id: str,
    name: str,
    total_credits: float | None,
    requirements: str,
    description: str,
    stacks_into: Iterable[str] | None = None,
    name_es: str | None = None,
) -> Credential:
    """Change a credential's name, total, description, requirement tree and stacking.

    ``stacks_into`` (credential ids this one counts toward; None leaves it unchanged)
    must name other credentials in the catalog.

    ``requirements`` is YAML in the workspace shape (docs/workspace.md); it is checked
    against the credential schema and must name catalog courses and valid patterns.
    """
    import jsonschema

    from careerpaths.core.requirements import valid_pattern
    from careerpaths.io.workspace import requirement_from_data, schema
    from careerpaths.io.yamldoc import YamlError, load_yaml_text

    row = selectors.credential_get(scope=scope, credential_id=credential_id)
    if not name.strip():
        raise EditRefused(_("The name is required"))
    if total_credits is not None:
        _check_in(total_credits, TOTAL_CREDITS)
    stacks = None
    if stacks_into is not None:
        stacks = tuple(dict.fromkeys(c.strip() for c in stacks_into if c.strip()))
        known_creds = set(Credential.objects.values_list("id", flat=True)) - {row.id}
        for cid in stacks:
            if cid not in known_creds:
                raise EditRefused(
                    _("%(id)s is not another credential in the catalog") % {"id": cid}
                )
    tree = None
    if requirements.strip():
        try:
            data = load_yaml_text(requirements, _("Requirements"))
        except YamlError as exc:
            raise EditRefused(
                _("The requirements cannot be read: %(e)s") % {"e": exc.error}
            ) from None
        doc = {
            "id": row.id,
            "name": name,
            "kind": row.kind,
            "issuer": row.issuer,
            "requirements": data,
        }
        errors = sorted(
            jsonschema.Draft202012Validator(schema("credential")).iter_errors(doc),
            key=lambda e: list(map(str, e.absolute_path)),
        )
        if errors:
            where = ".".join(str(p) for p in errors[0].absolute_path)
            raise EditRefused(f"{where}: {errors[0].message}")
        tree = requirement_from_data(data)
        known = set(Course.objects.values_list("key", flat=True))
        for node in _nodes(data):
            for code in ([node["course"]] if "course" in node else []) + list(
                node.get("from", {}).get("courses", [])
            ):
                if course_key(code) not in known:
                    raise EditRefused(_("%(code)s is not in the course catalog") % {"code": code})
            for pattern in node.get("from", {}).get("patterns", []):
                if not valid_pattern(pattern):
                    raise EditRefused(_("%(p)s is not a pattern like 'CIS 1**'") % {"p": pattern})
    domain = dataclasses.replace(
        row.to_domain(),
        name=name.strip(),
        total_credits=total_credits,
        requirements=tree,
        description=description,
        stacks_into=row.to_domain().stacks_into if stacks is None else stacks,
    )
    if name_es is not None:
        domain = dataclasses.replace(
            domain, translations=with_translation(domain.translations, "es", "name", name_es)
        )
    row.update_from_domain(domain)
    row.save()
    touch_region()
    return row


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node]
    for child in node.get("all_of", []) + node.get("of", []):
        out += _nodes(child)
    return out
