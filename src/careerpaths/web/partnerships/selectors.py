"""Reads for the partnership pages: a region's cost comparison and Perkins budget, scoped.

The rows come from :mod:`careerpaths.io.funding_report` (the CLI formats the same rows).
A district designer or college coordinator sees a region whose institutions include one
of theirs; site admins and viewers (regional readers) see every bundled region.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from careerpaths.core.findings import Finding, Where
from careerpaths.core.funding import DeliveryModel
from careerpaths.core.partnerships import Agreement, check_agreement
from careerpaths.core.partnerships import renewals_due as core_renewals_due
from careerpaths.core.perkins import BudgetCheck
from careerpaths.io.funding import (
    Partnership,
    agreements_yaml,
    bundled_partnership,
    bundled_regions,
    load_perkins,
    partnership_from_files,
)
from careerpaths.io.funding_report import (
    Table,
    budget_check,
    budget_table,
    compare,
    comparison_table,
    equipment_table,
    lines_table,
    pathway_projection,
    pathway_redundancy,
    savings_table,
)
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, log, refuse
from careerpaths.web.partnerships.models import AGREEMENTS_FILE, AgreementVersion
from careerpaths.web.partnerships.models import Agreement as AgreementRow
from careerpaths.web.partnerships.models import Partnership as PartnershipRow


def report_regions() -> list[str]:
    """The partnerships the cost and budget reports can show: those imported into the
    database (with their agreements as edited here) and the bundled ones."""
    return sorted(set(PartnershipRow.objects.values_list("id", flat=True)) | set(bundled_regions()))


def _partnership_in_force(region_id: str) -> Partnership:
    """The partnership as the database holds it — its files and its agreements as edited in
    the web app — or, when it was never imported, the bundled one."""
    row = PartnershipRow.objects.filter(id=region_id).prefetch_related("agreements").first()
    if row is None:
        return bundled_partnership(region_id)
    agreements = sorted(row.agreements.all(), key=lambda a: (a.position, a.ref))
    files = dict(row.files)
    if agreements or AGREEMENTS_FILE in files:
        files[AGREEMENTS_FILE] = agreements_yaml([a.data for a in agreements])
    return partnership_from_files(files, label=f"partnerships/{row.id}")


def partnership_get(*, scope: Scope, region_id: str) -> Partnership:
    """The region's partnership (:func:`_partnership_in_force`), or 404 when unknown or
    outside ``scope``."""
    if region_id not in report_regions():
        raise refuse(scope, "partnership")
    p = _partnership_in_force(region_id)
    if not scope.has(Role.SITE_ADMIN, Role.VIEWER) and not (
        set(p.institutions) & scope.institutions
    ):
        raise refuse(scope, "partnership")
    log.info("partnership report: user=%s role=%s region=%s", scope.user_id, scope.role, p.id)
    return p


@dataclass(frozen=True)
class CostsPage:
    partnership: Partnership
    pathway: str
    deliveries: tuple[DeliveryModel, ...]
    tables: tuple[Table, ...]


def repeated_content(pathway_id: str) -> list[Finding]:
    """The validator's findings for the catalog's pathway of this id (none when the
    catalog has no such pathway): ``repeated-content`` marks redundant high-school courses."""
    from careerpaths.core.validation import validate_pathway
    from careerpaths.web.catalog.selectors import region_snapshot

    region = region_snapshot()
    pathway = region.pathways.get(pathway_id)
    if pathway is None:
        return []
    return validate_pathway(
        pathway, region.courses, region.credentials, region.settings, region.institutions
    )


def costs_page(
    *, scope: Scope, region_id: str, pathway: str, deliveries: list[str], lines: bool = False
) -> CostsPage:
    """The comparison of delivery models, the family's savings, the five-year projection
    (first model) with redundant high-school courses, the shared equipment and, with
    ``lines``, every cost line with its rule and source."""
    p = in_reading_language(partnership_get(scope=scope, region_id=region_id))
    pid = pathway if pathway in p.pathways else next(iter(p.pathways))
    models = tuple(DeliveryModel(d) for d in deliveries if d in DeliveryModel.__members__.values())
    models = models or tuple(DeliveryModel)
    comparisons = compare(p, pid, list(models))
    redundancy, found = pathway_redundancy(p, pid, repeated_content(pid))
    projected, _projection = pathway_projection(p, pid, models[0], redundancy=found)
    equipment, _costs = equipment_table(p)
    return CostsPage(
        partnership=p,
        pathway=pid,
        deliveries=models,
        tables=(
            comparison_table(p, comparisons),
            savings_table(p, pid, models[0]),
            projected,
            redundancy,
            equipment,
        )
        + ((lines_table(p, comparisons),) if lines else ()),
    )


def in_reading_language(p: Partnership) -> Partnership:
    """``p`` with its courses' titles and its pathways' names as the catalog translates them
    into the active language (as the family map shows them); the partnership's own words
    where the catalog has no such course or pathway, or no translation."""
    from django.utils.translation import get_language

    from careerpaths.core.i18n import localized
    from careerpaths.web.catalog.selectors import region_snapshot

    lang = get_language() or "en"
    if lang.split("-")[0] == "en":
        return p
    region = region_snapshot()

    def title(code: str, own: str) -> str:
        course = region.course(code)
        shown = localized(course, "title", lang) if course is not None else None
        return shown.text if shown is not None and not shown.fallback else own

    def name(pid: str, own: str) -> str:
        pathway = region.pathways.get(pid)
        shown = localized(pathway, "name", lang) if pathway is not None else None
        return shown.text if shown is not None and not shown.fallback else own

    return dataclasses.replace(
        p,
        courses={k: dataclasses.replace(c, title=title(k, c.title)) for k, c in p.courses.items()},
        pathways={
            k: dataclasses.replace(plan, name=name(k, plan.name)) for k, plan in p.pathways.items()
        },
    )


def budget_page(
    *, scope: Scope, region_id: str
) -> tuple[Partnership, BudgetCheck | None, Table | None]:
    p = partnership_get(scope=scope, region_id=region_id)
    check = budget_check(p, load_perkins())
    return p, check, budget_table(p, check) if check else None


# --------------------------------------------------------------------------- agreements
# Partnerships imported into the database (their agreements are edited in the web app).
# A district designer or college coordinator sees a partnership that names one of their
# institutions, and the agreements one of their institutions is a party to; site admins
# and viewers see all. A record outside the scope answers 404, logged.


def _reads_all(scope: Scope) -> bool:
    return scope.has(Role.SITE_ADMIN, Role.VIEWER)


def partnerships_visible(*, scope: Scope) -> list[PartnershipRow]:
    rows = PartnershipRow.objects.prefetch_related("institutions").order_by("id")
    if _reads_all(scope):
        return list(rows)
    return [r for r in rows if {i.ref for i in r.institutions.all()} & scope.institutions]


def partnership_row_get(*, scope: Scope, partnership_id: str) -> PartnershipRow:
    for row in partnerships_visible(scope=scope):
        if row.id == partnership_id:
            return row
    raise refuse(scope, "partnership")


def domain_partnership(row: PartnershipRow) -> Partnership:
    """The partnership's files read by the file reader (rules, institutions, courses)."""
    return partnership_from_files(row.files, label=f"partnerships/{row.id}")


def _visible(scope: Scope, agreement: AgreementRow) -> bool:
    return _reads_all(scope) or bool(set(agreement.parties) & scope.institutions)


def agreements_visible(*, scope: Scope, partnership_id: str | None = None) -> list[AgreementRow]:
    rows = AgreementRow.objects.select_related("partnership").order_by(
        "partnership_id", "position", "ref"
    )
    if partnership_id is not None:
        rows = rows.filter(partnership_id=partnership_id)
    return [a for a in rows if _visible(scope, a)]


def agreement_get(*, scope: Scope, public_id: UUID, for_update: bool = False) -> AgreementRow:
    rows = AgreementRow.objects.select_related("partnership")
    if for_update:
        rows = rows.select_for_update()
    row = rows.filter(public_id=public_id).first()
    if row is None or not _visible(scope, row):
        raise refuse(scope, "agreement")
    log.info("agreement read: user=%s role=%s agreement=%s", scope.user_id, scope.role, public_id)
    return row


def may_edit_agreements(scope: Scope) -> bool:
    return scope.has(Role.SITE_ADMIN, Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)


@dataclass(frozen=True)
class Renewal:
    """A signed agreement whose renewal notice date falls within the window."""

    agreement: AgreementRow
    due: date
    ends: date
    late: bool  # the notice date has passed


def renewals_due(
    *, scope: Scope, today: date | None = None, within_days: int = 120
) -> list[Renewal]:
    """The user's agreements to renew: signed, not ended, notice date within ``within_days``
    (by :func:`careerpaths.core.partnerships.renewals_due`)."""
    today = today or date.today()
    pairs = [(row, row.to_domain()) for row in agreements_visible(scope=scope)]
    row_of = {id(agreement): row for row, agreement in pairs}
    due = core_renewals_due([a for _, a in pairs], today=today, within_days=within_days)
    return [Renewal(row_of[id(a)], a.renewal_due(), a.ends, a.renewal_due() < today) for a in due]


def agreement_findings(
    *, partnership: Partnership, agreement: Agreement, today: date
) -> list[Finding]:
    """:func:`careerpaths.core.partnerships.check_agreement` against the partnership's
    institutions, courses and state rules; messages without the agreement's id (the page
    names it)."""
    findings = check_agreement(
        agreement,
        institutions=partnership.institutions,
        courses=partnership.courses,
        rules=partnership.rules,
        today=today,
    )
    prefix = f"{agreement.id}: "
    return [
        dataclasses.replace(f, where=Where(), message=f.message.removeprefix(prefix))
        for f in findings
    ]


@dataclass(frozen=True)
class AgreementPage:
    row: AgreementRow
    agreement: Agreement
    institutions: dict[str, str]
    findings: list[Finding]
    versions: list[AgreementVersion]
    may_edit: bool


def agreement_page(*, scope: Scope, public_id: UUID, today: date | None = None) -> AgreementPage:
    row = agreement_get(scope=scope, public_id=public_id)
    agreement = row.to_domain()
    p = domain_partnership(row.partnership)
    findings = agreement_findings(partnership=p, agreement=agreement, today=today or date.today())
    may_edit = scope.has(Role.SITE_ADMIN) or (
        scope.has(Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR)
        and bool(set(row.parties) & scope.institutions)
    )
    return AgreementPage(
        row=row,
        agreement=agreement,
        institutions=dict(p.institutions),
        findings=findings,
        versions=list(row.versions.select_related("actor").order_by("-version")),
        may_edit=may_edit,
    )
