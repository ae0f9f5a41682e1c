"""Words for an agreement's codes (delivery models, parties, kinds) on its page, and for
the coded cells of the cost reports."""

from __future__ import annotations

from typing import Any

from django import template

from careerpaths.core.funding import CostItem, Party
from careerpaths.core.perkins import Allowability
from careerpaths.io.funding_report import MONEY_COLUMNS
from careerpaths.web.catalog.templatetags.catalog_labels import BABEL_LOCALES
from careerpaths.web.core_text import say
from careerpaths.web.partnerships.forms import (
    DELIVERY_CHOICES,
    ITEM_CHOICES,
    KIND_CHOICES,
    PARTY_CHOICES,
)

register = template.Library()

_LABELS: dict[str, dict[str, Any]] = {
    "delivery": dict(DELIVERY_CHOICES),
    "party": dict(PARTY_CHOICES),
    "kind": dict(KIND_CHOICES),
    "item": dict(ITEM_CHOICES),
}


@register.filter
def label_of(code: object, kind: str) -> Any:
    """``{{ d.value|label_of:"delivery" }}``: the translated words for a code."""
    value = getattr(code, "value", code)
    return _LABELS[kind].get(str(value), value)


# The report columns that hold a code (the CSV and JSON keep it), and what words it.
_CODED_COLUMNS: dict[str, type[CostItem] | type[Party] | type[Allowability]] = {
    "item": CostItem,
    "status": Allowability,
    "payer": Party,
    "payee": Party,
}


@register.filter
def cell(value: object, column: str) -> Any:
    """``{{ v|cell:c }}``: a report cell in the reader's language — a cost item's or a
    party's code by its words, a number grouped as the reader's locale groups it (es-US:
    "$5,859.00"), a sentence of the core translated, anything else as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value, money=column in MONEY_COLUMNS)
    kind = _CODED_COLUMNS.get(column)
    if kind is not None and isinstance(value, str) and value in kind.__members__.values():
        return say(kind(value).label)
    return say(value)


def _number(value: float, *, money: bool) -> str:
    from babel.numbers import format_decimal
    from django.utils.translation import get_language

    locale = BABEL_LOCALES.get((get_language() or "en").split("-")[0], "en_US")
    if money:
        sign = "-" if value < 0 else ""
        return sign + "$" + str(format_decimal(abs(value), format="#,##0.00", locale=locale))
    return str(format_decimal(value, locale=locale))
