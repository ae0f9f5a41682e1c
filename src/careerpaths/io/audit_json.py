"""A student's audit as JSON: one shape for ``careerpaths audit --format json`` (schema
``output-audit``) and for the audit the web app stores for a student's page.

The shape is the audit's dataclasses field by field (enums as their values, tuples as
lists), with three names chosen for readers rather than for the code: a credential
result's requirement tree is ``tree`` (``AuditResult.root``), a course applied to a
requirement is ``course`` (``Applied.code``), and each result carries its plain-language
``summary`` and ``met``, each audit its ``on_track``; the result's internal ``used_ids``
are left out.

orjson writes it: :func:`_fields` hands it each dataclass as a dict of those fields (the
layout worked out once per class), and orjson does the rest. The text is byte for byte
what ``json.dumps(..., indent=2, ensure_ascii=False)`` wrote before (a test compares the
two over the demo's audits), about ten times faster: the pure-Python encoder that
``indent`` selects took six times as long as the audits themselves
(``benchmarks/bench_audit.py``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter, methodcaller
from typing import Any

import orjson

from careerpaths.core.audit import Applied, AuditResult
from careerpaths.core.student_audit import StudentAudit

_RENAMED: Mapping[tuple[type, str], str] = {
    (AuditResult, "root"): "tree",
    (Applied, "code"): "course",
}
_LEFT_OUT = frozenset({(AuditResult, "used_ids")})
_ADDED: Mapping[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {
    AuditResult: (("summary", methodcaller("summary")), ("met", attrgetter("met"))),
    StudentAudit: (("on_track", attrgetter("on_track")),),
}
_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS  # dataclasses go through _fields


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """``(key, getter)`` for each member of ``cls``'s JSON object, in order."""
    fields = tuple(
        (_RENAMED.get((cls, f.name), f.name), attrgetter(f.name))
        for f in dataclasses.fields(cls)
        if (cls, f.name) not in _LEFT_OUT
    )
    return fields + _ADDED.get(cls, ())


def _fields(obj: Any) -> dict[str, Any]:
    """orjson's ``default``: a dataclass of the audit as the dict of its JSON members."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"{type(obj).__name__} is not part of an audit")
    return {key: get(obj) for key, get in _layout(type(obj))}


def audits_document(results: Iterable[StudentAudit], *, schema_version: int) -> str:
    """The ``output-audit`` document of ``results`` as text, indented by two spaces, with
    a final newline (what ``careerpaths audit --format json`` prints)."""
    data = {"schema_version": schema_version, "students": list(results)}
    text = orjson.dumps(data, default=_fields, option=_OPTIONS | orjson.OPT_INDENT_2)
    return text.decode() + "\n"


def audit_to_json(result: StudentAudit) -> dict[str, Any]:
    """One audit as plain JSON data (see the module's docstring for the shape)."""
    data: dict[str, Any] = orjson.loads(orjson.dumps(result, default=_fields, option=_OPTIONS))
    return data


def node_to_json(node: Any) -> dict[str, Any]:
    """One requirement node's result (a ``NodeResult``) as plain JSON data, in the shape it
    has inside :func:`audit_to_json`."""
    data: dict[str, Any] = orjson.loads(orjson.dumps(node, default=_fields, option=_OPTIONS))
    return data
