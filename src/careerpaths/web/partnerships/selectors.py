"""Reads for the partnership pages: a region's cost comparison and Perkins budget, scoped.

The rows come from :mod:`careerpaths.io.funding_report` (the CLI formats the same rows).
A district designer or college coordinator sees a region whose institutions include one
of theirs; site admins and viewers (regional readers) see every bundled region.
"""

from __future__ import annotations

from dataclasses import dataclass

from careerpaths.core.funding import DeliveryModel
from careerpaths.core.perkins import BudgetCheck
from careerpaths.io.funding import (
    Partnership,
    bundled_partnership,
    bundled_regions,
    load_perkins,
)
from careerpaths.io.funding_report import (
    Table,
    budget_check,
    budget_table,
    compare,
    comparison_table,
    lines_table,
    savings_table,
)
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, log, refuse


def partnership_get(*, scope: Scope, region_id: str) -> Partnership:
    """The bundled region's partnership, or 404 when unknown or outside ``scope``."""
    if region_id not in bundled_regions():
        raise refuse(scope, "partnership")
    p = bundled_partnership(region_id)
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


def costs_page(
    *, scope: Scope, region_id: str, pathway: str, deliveries: list[str], lines: bool = False
) -> CostsPage:
    p = partnership_get(scope=scope, region_id=region_id)
    pid = pathway if pathway in p.pathways else next(iter(p.pathways))
    models = tuple(DeliveryModel(d) for d in deliveries if d in DeliveryModel.__members__.values())
    models = models or tuple(DeliveryModel)
    comparisons = compare(p, pid, list(models))
    return CostsPage(
        partnership=p,
        pathway=pid,
        deliveries=models,
        tables=(comparison_table(p, comparisons), savings_table(p, pid, models[0]))
        + ((lines_table(p, comparisons),) if lines else ()),
    )


def budget_page(
    *, scope: Scope, region_id: str
) -> tuple[Partnership, BudgetCheck | None, Table | None]:
    p = partnership_get(scope=scope, region_id=region_id)
    check = budget_check(p, load_perkins())
    return p, check, budget_table(p, check) if check else None
