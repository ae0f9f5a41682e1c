"""``{% audit_block b %}``, ``{% audit_needs needs %}``: the student audit's credential blocks
and "still needed" lists (``students/audit_page.py``), rendered in Python.

An audit has hundreds of requirement parts, needs and courses: an ``{% include %}`` per
item cost more than the rest of the page. Every piece of data is escaped here; every sentence
goes through gettext as in a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # the stdlib's: Django's lazy-aware wrapper costs more per call

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careerpaths.web.students.audit_page import Block, Need, Progress, Used

register = template.Library()


def bar(p: Progress) -> str:
    """A progress bar: done, under way and still needed (an SVG: the Content-Security-Policy
    allows no inline style), with its figures in words beside it."""
    return (
        '<span class="progress"><svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false"><rect class="bar-needed" width="100" height="8"/>'
        f'<rect class="bar-done" width="{p.done_pct}" height="8"/>'
        f'<rect class="bar-ip" x="{p.in_progress_x}" width="{p.in_progress_pct}" height="8"/>'
        f'</svg> <span class="bar-text">{escape(p.text)}</span></span>'
    )


def _code(code: str) -> str:
    return f' <span class="code">{escape(code)}</span>' if code else ""


def _when(when: str, late: bool = False) -> str:
    if not when:
        return ""
    return f' <span class="when{" late" if late else ""}">{escape(when)}</span>'


def need(n: Need) -> str:
    out = [
        f'<li class="need{" retake" if n.retake else ""}">'
        f'<span class="need-text">{escape(n.text)}</span>{_code(n.code)}'
    ]
    if n.detail:
        out.append(f' <span class="need-detail">{escape(n.detail)}</span>')
    out.append(_when(n.when, n.late))
    if n.retake:
        # gettext outside the f-strings: xgettext does not look inside them
        retake = escape(_("retake: %(why)s") % {"why": n.retake})
        out.append(f' <span class="retake-note">{retake}</span>')
    if n.options:
        if n.kind == "credits":
            lead = escape(_("Courses of the pathway that count:"))
            out.append(f'<span class="options-lead">{lead}</span>')
        out.append('<ul class="options">')
        for o in n.options:
            out.append(
                f'<li><span class="need-text">{escape(o.title)}</span>{_code(o.code)}'
                f"{_when(o.when)}</li>"
            )
        out.append("</ul>")
    out.append("</li>")
    return "".join(out)


def _used(used: Iterable[Used], under_way: str) -> str:
    items = []
    for u in used:
        grade = _("grade %(letter)s") % {"letter": u.grade}
        state = under_way if u.in_progress else escape(grade)
        when = f" · {escape(u.when)}" if u.when else ""
        items.append(
            f'<li><span class="need-text">{escape(u.title)}</span>{_code(u.code)} · {state}{when}</li>'
        )
    return f'<ul class="used-list">{"".join(items)}</ul>' if items else ""


@register.simple_tag
def audit_needs(needs: Iterable[Need]) -> SafeString:
    """The ``<li>`` of each need (the caller writes the ``<ul>``)."""
    return mark_safe("".join(need(n) for n in needs))  # every piece of data is escaped


@register.simple_tag
def audit_block(b: Block, diploma: bool = False) -> SafeString:
    """A credential (or the diploma) as a ``<details>``: folded unless ``b.open``."""
    under_way = escape(_("under way"))
    met = escape(_("met"))
    out = [
        f'<details class="block status-{escape(b.status)}"{" open" if b.open else ""}'
        f' data-credential="{escape(b.id)}"{" data-diploma" if diploma else ""}>'
        f'<summary><h3 class="block-name">{escape(b.name)}</h3> '
        f'<span class="badge status-{escape(b.status)}">{escape(b.status_text)}</span>'
    ]
    if b.kind:
        out.append(f' <span class="block-kind">{escape(b.kind)}</span>')
    if b.progress is not None:
        out.append(" " + bar(b.progress))
    out.append('</summary><div class="block-body">')
    for w in b.why:
        out.append(f'<p class="why">{escape(w)}</p>')
    if b.note:
        out.append(f'<p class="why">{escape(b.note)}</p>')
    if b.parts:
        out.append('<ul class="parts">')
        for p in b.parts:
            out.append(f'<li class="part status-{escape(p.status)}">')
            if p.status == "not_met":
                out.append(f'<p class="part-title">{escape(p.title)}</p>{bar(p.progress)}')
                out.append(f'<ul class="needs">{"".join(need(n) for n in p.needs)}</ul>')
                if p.used:
                    counted = ngettext(
                        "%(n)s course counted so far", "%(n)s courses counted so far", len(p.used)
                    ) % {"n": len(p.used)}
                    out.append(
                        f'<details class="used"><summary>{escape(counted)}</summary>'
                        f"{_used(p.used, under_way)}</details>"
                    )
            else:
                badge = met if p.status == "met" else under_way
                out.append(
                    '<details class="part-done"><summary><span class="part-title">'
                    f'<span aria-hidden="true">✓ </span>{escape(p.title)}</span> '
                    f'<span class="badge status-{escape(p.status)}">{badge}</span> '
                    f"{bar(p.progress)}</summary>{_used(p.used, under_way)}</details>"
                )
            out.append("</li>")
        out.append("</ul>")
    out.append("</div></details>")
    return mark_safe("".join(out))  # every piece of data is escaped
