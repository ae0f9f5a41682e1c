"""``{{ finding.message|say }}``: a sentence the core generated, in the page's language."""

from __future__ import annotations

from typing import Any

from django import template

from careerpaths.web.core_text import say as _say

register = template.Library()


@register.filter
def say(value: Any) -> Any:
    return _say(value)
