"""``{% audit_tree node %}``: a requirement tree as nested lists, rendered in Python.

Recursive ``{% include %}`` costs a template render per node; audits have hundreds.
"""

from __future__ import annotations

from html import escape  # the stdlib's: Django's lazy-aware wrapper costs more per call
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _node(node: dict[str, Any], out: list[str], met: str, not_met: str, remaining: str) -> None:
    ok = node.get("met")
    out.append(
        f'<li><span class="{"met" if ok else "unmet"}">{met if ok else not_met}</span> '
        f"{escape(str(node.get('description', '')))}"
    )
    if node.get("remaining") and not ok:
        out.append(f" — {remaining}: {escape(str(node['remaining']))}")
    children = node.get("children") or []
    if children:
        out.append("<ul>")
        for child in children:
            _node(child, out, met, not_met, remaining)
        out.append("</ul>")
    out.append("</li>")


@register.simple_tag
def audit_tree(node: dict[str, Any] | None) -> SafeString:
    if not node:
        return mark_safe("")
    out: list[str] = ['<ul class="tree">']
    _node(node, out, "✓ " + escape(_("met")), "✗ " + escape(_("not met")), escape(_("remaining")))
    out.append("</ul>")
    return mark_safe("".join(out))  # every piece of data above is escaped
