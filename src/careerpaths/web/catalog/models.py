"""Catalog tables and their mapping to :mod:`careerpaths.core.model`.

Requisites are stored as their text (parsed with :func:`careerpaths.core.requisites.parse`
on the way out); requirement trees and pathway grids are stored as JSON in the workspace
YAML shape, read and written by the :mod:`careerpaths.io.workspace` helpers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from careerpaths.core import model as m
from careerpaths.core.i18n import TRANSLATABLE, translations_from_data, translations_to_data
from careerpaths.core.requisites import course_key, parse, unparse
from careerpaths.core.terms import Season
from careerpaths.io.workspace import (
    pathway_from_data,
    pathway_to_data,
    requirement_from_data,
    requirement_to_data,
)


def _choices(enum: type[Any]) -> list[tuple[str, str]]:
    return [(e.value, e.value.replace("_", " ")) for e in enum]


class RegionInfo(models.Model):
    """The region this database holds (one row), and the catalog revision.

    ``revision`` changes (to a new random token) with every write to the catalog: caches
    of the domain region, of maps and of students' audits are keyed by it.
    """

    region_id = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    revision = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    def region_settings(self) -> m.RegionSettings:
        return m.RegionSettings(**self.settings)


class Institution(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=_choices(m.InstitutionKind))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    contact = models.CharField(max_length=200, blank=True)  # families' way to reach it

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def to_domain(self) -> m.Institution:
        return m.Institution(
            id=self.id,
            name=self.name,
            kind=m.InstitutionKind(self.kind),
            parent=self.parent_id,
            city=self.city,
            state=self.state,
            source=self.source,
            illustrative=self.illustrative,
            contact=self.contact,
        )

    def update_from_domain(self, inst: m.Institution) -> None:
        self.id = inst.id
        self.name = inst.name
        self.kind = inst.kind.value
        self.parent_id = inst.parent
        self.city = inst.city
        self.state = inst.state
        self.source = inst.source
        self.illustrative = inst.illustrative
        self.contact = inst.contact


class Course(models.Model):
    key = models.CharField(max_length=32, unique=True, editable=False)
    code = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    provider = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="courses")
    credits = models.FloatField()
    unit = models.CharField(max_length=20, choices=_choices(m.CreditUnit))
    level = models.CharField(max_length=20, choices=_choices(m.Level))
    cip = models.CharField(max_length=7, blank=True)
    hs_credit_area = models.CharField(max_length=20, blank=True)
    hs_credits = models.FloatField(null=True, blank=True)
    terms_offered = models.JSONField(default=list)
    grade_min = models.PositiveSmallIntegerField(null=True, blank=True)
    grade_max = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility = models.TextField(blank=True)
    prerequisites = models.TextField(blank=True)
    corequisites = models.TextField(blank=True)
    strict_corequisites = models.TextField(blank=True)
    delivery = models.JSONField(default=list, blank=True)
    tuition_per_credit = models.FloatField(null=True, blank=True)
    equipment = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    equivalents = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    # {language: {field: text}}: the title/name and description in other languages
    translations = models.JSONField(default=dict, blank=True)

    KIND = "course"

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def to_domain(self) -> m.Course:
        return m.Course(
            code=self.code,
            title=self.title,
            provider=self.provider_id,
            credits=self.credits,
            unit=m.CreditUnit(self.unit),
            level=m.Level(self.level),
            cip=self.cip or None,
            hs_credit_area=self.hs_credit_area or None,
            hs_credits=self.hs_credits,
            terms_offered=frozenset(Season(s) for s in self.terms_offered),
            grade_min=self.grade_min,
            grade_max=self.grade_max,
            eligibility=parse(self.eligibility),
            prerequisites=parse(self.prerequisites),
            corequisites=parse(self.corequisites),
            strict_corequisites=parse(self.strict_corequisites),
            delivery=frozenset(m.Delivery(d) for d in self.delivery),
            tuition_per_credit=self.tuition_per_credit,
            equipment=tuple(self.equipment),
            tags=frozenset(self.tags),
            equivalents=tuple(self.equivalents),
            description=self.description,
            source=self.source,
            illustrative=self.illustrative,
            translations=translations_from_data(self.translations, TRANSLATABLE[self.KIND]),
        )

    def update_from_domain(self, c: m.Course) -> None:
        self.key = course_key(c.code)
        self.code = c.code
        self.title = c.title
        self.provider_id = c.provider
        self.credits = c.credits
        self.unit = c.unit.value
        self.level = c.level.value
        self.cip = c.cip or ""
        self.hs_credit_area = c.hs_credit_area or ""
        self.hs_credits = c.hs_credits
        self.terms_offered = [s.value for s in Season if s in c.terms_offered]
        self.grade_min = c.grade_min
        self.grade_max = c.grade_max
        self.eligibility = unparse(c.eligibility)
        self.prerequisites = unparse(c.prerequisites)
        self.corequisites = unparse(c.corequisites)
        self.strict_corequisites = unparse(c.strict_corequisites)
        self.delivery = [d.value for d in m.Delivery if d in c.delivery]
        self.tuition_per_credit = c.tuition_per_credit
        self.equipment = list(c.equipment)
        self.tags = sorted(c.tags)
        self.equivalents = list(c.equivalents)
        self.description = c.description
        self.source = c.source
        self.illustrative = c.illustrative
        self.translations = translations_to_data(c.translations)


class Credential(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=_choices(m.CredentialKind))
    issuer = models.CharField(max_length=100)  # an institution id or an outside body (NHA)
    cip = models.CharField(max_length=7, blank=True)
    requirements = models.JSONField(null=True, blank=True)  # workspace YAML shape
    stacks_into = models.JSONField(default=list, blank=True)
    # JSON keeps the number as written (62 or 62.0), so an export reproduces the workspace.
    total_credits = models.JSONField(null=True, blank=True)
    semester_course_credits = models.FloatField(default=1.0)
    exam = models.TextField(blank=True)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    # {language: {field: text}}: the title/name and description in other languages
    translations = models.JSONField(default=dict, blank=True)

    KIND = "credential"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def to_domain(self) -> m.Credential:
        return m.Credential(
            id=self.id,
            name=self.name,
            kind=m.CredentialKind(self.kind),
            issuer=self.issuer,
            cip=self.cip or None,
            requirements=(
                requirement_from_data(self.requirements) if self.requirements is not None else None
            ),
            stacks_into=tuple(self.stacks_into),
            total_credits=self.total_credits,
            semester_course_credits=self.semester_course_credits,
            exam=self.exam,
            description=self.description,
            source=self.source,
            illustrative=self.illustrative,
            translations=translations_from_data(self.translations, TRANSLATABLE[self.KIND]),
        )

    def update_from_domain(self, c: m.Credential) -> None:
        self.id = c.id
        self.name = c.name
        self.kind = c.kind.value
        self.issuer = c.issuer
        self.cip = c.cip or ""
        self.requirements = (
            requirement_to_data(c.requirements) if c.requirements is not None else None
        )
        self.stacks_into = list(c.stacks_into)
        self.total_credits = c.total_credits
        self.semester_course_credits = c.semester_course_credits
        self.exam = c.exam
        self.description = c.description
        self.source = c.source
        self.illustrative = c.illustrative
        self.translations = translations_to_data(c.translations)


class Pathway(models.Model):
    """A pathway; ``version`` is the optimistic lock every save checks and increments."""

    id = models.CharField(primary_key=True, max_length=64)
    name = models.CharField(max_length=200)
    cluster = models.CharField(max_length=100)
    owner = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    college = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=_choices(m.PathwayStatus), default=m.PathwayStatus.DRAFT.value
    )
    # The rest of the pathway (schools, term grid, exits, on-ramps...) in the YAML shape:
    # the working copy the designers edit.
    data = models.JSONField()
    # What families, counselors' audits and exports see while the pathway is published: the
    # whole pathway (YAML shape) as it was when last published. Edits to a published pathway
    # change the working copy only, until "Publish changes" copies it here. None: never
    # published, or returned to draft.
    published = models.JSONField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "name"]

    def __str__(self) -> str:
        return self.name

    def working_data(self) -> dict[str, Any]:
        """The working copy as a whole pathway in the YAML shape."""
        return {
            **self.data,
            "id": self.id,
            "name": self.name,
            "cluster": self.cluster,
            "owner": self.owner_id,
            "college": self.college_id,
            "status": self.status,
        }

    def to_domain(self) -> m.Pathway:
        """The working copy (what the designers edit)."""
        return pathway_from_data(self.working_data())

    def in_force(self) -> m.Pathway:
        """What families and audits see: the published version while the pathway is
        published, else the working copy (a draft, shown to its designers only)."""
        if self.status == m.PathwayStatus.PUBLISHED.value and self.published is not None:
            return pathway_from_data(self.published)
        return self.to_domain()

    @property
    def has_unpublished_changes(self) -> bool:
        """Published, and edited since: the working copy differs from what families see."""
        return (
            self.status == m.PathwayStatus.PUBLISHED.value
            and self.published is not None
            and self.published != self.working_data()
        )

    def mark_published(self, when: Any) -> None:
        """Make the working copy the version families see (or none, when not published)."""
        if self.status == m.PathwayStatus.PUBLISHED.value:
            self.published = self.working_data()
            self.published_at = when
        else:
            self.published = None
            self.published_at = None

    def update_from_domain(self, p: m.Pathway) -> None:
        data = pathway_to_data(p)
        for k in ("id", "name", "cluster", "owner", "college", "status"):
            data.pop(k)
        self.id = p.id
        self.name = p.name
        self.cluster = p.cluster
        self.owner_id = p.owner
        self.college_id = p.college
        self.status = p.status.value
        self.data = data

    @property
    def schools(self) -> list[str]:
        return list(self.data.get("schools", []))


class PathwayRevision(models.Model):
    """One change to a pathway: who, when, what (a summary and the whole pathway after it)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    summary = models.TextField()
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.pathway_id} v{self.version}: {self.summary}"
