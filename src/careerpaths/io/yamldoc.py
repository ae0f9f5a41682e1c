"""YAML documents that remember where each value came from (line and column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careerpaths.io.errors import LoadError

PathKey = tuple[str | int, ...]


@dataclass
class Doc:
    label: str
    data: Any = None
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    def pos(self, path: PathKey) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path`` or its nearest parent."""
        p = tuple(path)
        while True:
            if p in self.marks:
                return self.marks[p]
            if not p:
                return (1, 1)
            p = p[:-1]

    def error(self, path: PathKey, reason: str, *, offset: int = 0) -> LoadError:
        line, col = self.pos(path)
        err = LoadError(self.label, line, (col or 1) + offset if col else col, reason)
        self.errors.append(err)
        return err


def _convert(node: yaml.Node, path: PathKey, doc: Doc) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                doc.errors.append(LoadError(doc.label, line, col, f"key {key!r} appears twice"))
            out[key] = _convert(value_node, (*path, key), doc)
            doc.marks[(*path, key)] = (
                value_node.start_mark.line + 1,
                value_node.start_mark.column + 1,
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, (*path, i), doc) for i, v in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node)
    finally:
        loader.dispose()


def read_yaml(path: Path, label: str) -> Doc:
    doc = Doc(label)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc.errors.append(
            LoadError(label, None, None, f"the file is not UTF-8 text (byte {exc.start})")
        )
        return doc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        doc.errors.append(LoadError(label, line, col, f"YAML syntax: {exc.problem}"))
        return doc
    if node is None:
        doc.errors.append(LoadError(label, 1, 1, "the file is empty"))
        return doc
    doc.data = _convert(node, (), doc)
    return doc


def dump_yaml(data: Any) -> str:
    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
