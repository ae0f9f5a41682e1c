"""A YAML document read again gives what it gave (``yaml_doc`` keeps the node trees it
composed, by their text): equal values and positions, never the same objects, the same
errors; a document refused is refused again, and the trees kept stay within their cap. A
workspace's document read again is found wanting by its schema as it was (the findings are
kept by text too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpaths.io import workspace, yamldoc
from careerpaths.io.errors import WorkspaceError
from careerpaths.io.workspace import load_workspace, write_workspace
from careerpaths.io.yamldoc import yaml_doc
from tests.factories import mini_region

TEXT = "id: a\ntitle: A course\ncredits: 3\nstarts: 2026-08-20\ntags: [x, y]\nid: b\n"


def test_a_document_read_again_gives_equal_values_not_the_same_ones() -> None:
    first, again = yaml_doc(TEXT, "a.yaml"), yaml_doc(TEXT, "b.yaml")
    assert again.data == first.data and again.marks == first.marks
    assert (
        [e.reason for e in again.errors]
        == [e.reason for e in first.errors]
        == ["key 'id' appears twice"]
    )
    assert again.errors[0].file == "b.yaml"  # the label is the reader's
    assert again.data is not first.data and again.data["tags"] is not first.data["tags"]
    first.data["tags"].append("z")
    first.data["title"] = "changed"
    third = yaml_doc(TEXT, "c.yaml")
    assert third.data["tags"] == ["x", "y"] and third.data["title"] == "A course"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &x [1]\nb: *x\n", "aliases (*x) are not allowed"),
        ("a: [1\n", "YAML syntax"),
        ("[" * 70 + "]" * 70, "nested more than"),
    ],
)
def test_a_document_refused_is_refused_again(text: str, reason: str) -> None:
    for _ in range(2):
        doc = yaml_doc(text, "bad.yaml")
        assert doc.data is None and len(doc.errors) == 1 and reason in doc.errors[0].reason
    assert text not in yamldoc._compose._trees


def test_the_trees_kept_stay_within_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    composed = yamldoc._Composed()
    monkeypatch.setattr(yamldoc, "_compose", composed)
    monkeypatch.setattr(yamldoc, "MAX_KEPT_NODES", 50)
    texts = [f"first: {n}\n" + "\n".join(f"k{i}: v" for i in range(9)) for n in range(5)]
    docs = [yaml_doc(t, "t.yaml") for t in texts]  # 21 nodes each
    assert all(d.data and not d.errors for d in docs)
    assert list(composed._trees) == texts[-2:] and composed._nodes == 42  # the oldest out
    assert yaml_doc(texts[0], "t.yaml").data == docs[0].data  # composed again
    assert list(composed._trees) == [texts[-1], texts[0]]
    assert sum(n for _, n in composed._trees.values()) == composed._nodes <= 50
    larger = "\n".join(f"k{i}: v" for i in range(30))  # 61 nodes: read, not kept
    assert yaml_doc(larger, "t.yaml").data == {f"k{i}": "v" for i in range(30)}
    assert list(composed._trees) == [texts[-1], texts[0]]


def test_a_workspace_document_read_again_has_the_same_schema_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = workspace._Findings()
    monkeypatch.setattr(workspace, "_schema_findings", findings)
    first, second = tmp_path / "a", tmp_path / "b"
    for ws in (first, second):
        write_workspace(mini_region(), ws)
        path = ws / "credentials" / "cert.yaml"
        path.write_text(path.read_text().replace("- course: CIS-102", "- cours: CIS-102"))
    errors = []
    for ws in (first, second, first):
        with pytest.raises(WorkspaceError) as exc:
            load_workspace(ws)
        errors.append([str(e) for e in exc.value.errors])
    assert errors[0] == errors[1] == errors[2] and len(errors[0]) == 1
    assert "not a valid entry" in errors[0][0]
    texts = {text for _, text in findings._found}
    assert (first / "credentials" / "cert.yaml").read_text() in texts  # kept once for both
    assert findings._chars == sum(len(t) for _, t in findings._found)
    monkeypatch.setattr(workspace._Findings, "MAX_CHARS", 0)  # nothing more is kept
    cleared = workspace._Findings()
    monkeypatch.setattr(workspace, "_schema_findings", cleared)
    with pytest.raises(WorkspaceError) as exc:
        load_workspace(first)
    assert [str(e) for e in exc.value.errors] == errors[0] and not cleared._found
