"""Words for an agreement's codes (delivery models, parties, kinds) on its page."""

from __future__ import annotations

from typing import Any

from django import template

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
