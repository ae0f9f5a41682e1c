"""``{{ finding.message|say }}``: a sentence the core generated, in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from careerpaths.web.core_text import say as _say

register = template.Library()


@register.filter
def say(value: Any) -> Any:
    return _say(value)


SEVERITIES = {"error": _("error"), "warning": _("warning"), "info": _("note")}


@register.filter
def severity_label(value: Any) -> str:
    """``{{ finding.severity.value|severity_label }}``: error, warning, note in the page's
    language."""
    return str(SEVERITIES.get(str(value), value))
