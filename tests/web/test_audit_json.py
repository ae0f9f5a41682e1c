"""The audit JSON (orjson over the dataclasses) is byte for byte the generic dataclass walk
written by ``json.dumps`` (names aside: ``tree`` for ``root``, ``course`` for ``code``), as
``careerpaths audit --format json`` printed it before, and the web app stores the
published shape."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

import jsonschema
import pytest

from careerpaths.core.audit import Applied, AuditResult
from careerpaths.core.student_audit import RegionIndex, audit_many, audit_student
from careerpaths.demo.region import build_region
from careerpaths.io.audit_json import audit_to_json, audits_document
from careerpaths.io.workspace import schema

RENAMED = {(AuditResult, "root"): "tree", (Applied, "code"): "course"}


def reference(obj: Any) -> Any:
    """Every dataclass field in order; enums as values; AuditResult with summary and met."""
    if isinstance(obj, AuditResult):
        data = {
            RENAMED.get((AuditResult, f.name), f.name): reference(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name != "used_ids"
        }
        data["summary"] = obj.summary()
        data["met"] = obj.met
        return data
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            RENAMED.get((type(obj), f.name), f.name): reference(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
        }
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (list, tuple, frozenset, set)):
        return [reference(x) for x in obj]
    return obj


@pytest.fixture(scope="module")
def region():  # type: ignore[no-untyped-def]
    return build_region(students=250)


def _expected(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = reference(result)
    data["on_track"] = result.on_track
    return data


def test_every_demo_audit_serializes_like_the_reference(region) -> None:  # type: ignore[no-untyped-def]
    index = RegionIndex(region)
    for student in region.students.values():
        result = audit_student(student, region, index)
        expected = _expected(result)
        # Same keys in the same order, same values: the stored JSON text is identical.
        assert json.dumps(audit_to_json(result)) == json.dumps(expected)


def test_the_document_is_what_json_dumps_wrote(region) -> None:  # type: ignore[no-untyped-def]
    """``audit --all --format json``'s text, byte for byte, over a batch (whose results
    share requirement trees between students)."""
    students = sorted(region.students.values(), key=lambda s: s.id)
    batch = list(audit_many(students, region))
    text = audits_document(batch, schema_version=1)
    published = {"schema_version": 1, "students": [_expected(r) for r in batch]}
    assert text == json.dumps(published, indent=2, ensure_ascii=False) + "\n"
    alone = [audit_student(s, region) for s in students]
    assert audits_document(alone, schema_version=1) == text
    assert len({json.dumps(audit_to_json(r)) for r in batch}) > 1
    assert (
        audits_document([], schema_version=1) == '{\n  "schema_version": 1,\n  "students": []\n}\n'
    )


def test_only_the_audit_is_written() -> None:
    class Other:
        pass

    with pytest.raises(TypeError):
        audits_document([Other()], schema_version=1)  # type: ignore[list-item]


def test_the_stored_audit_is_the_published_output_audit_shape(region) -> None:  # type: ignore[no-untyped-def]
    # the student page's stored audit and `careerpaths audit --format json` are one shape
    published = {"schema_version": 1, "students": []}
    validator = jsonschema.Draft202012Validator(schema("output-audit"))
    for student in sorted(region.students.values(), key=lambda s: s.id)[:60]:
        published["students"] = [audit_to_json(audit_student(student, region))]
        validator.validate(published)
