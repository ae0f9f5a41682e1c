"""YAML documents that remember where each value came from (line and column)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from careerpaths.io.errors import LoadError

PathKey = tuple[str | int, ...]

#: Largest YAML document read anywhere in the product (workspace files, the designer's
#: requirement form, labor settings). A credential or pathway file is a few KB.
MAX_YAML_BYTES = 1_000_000
#: Deepest nesting of mappings and lists accepted (a requirement tree is under 10 deep).
MAX_YAML_DEPTH = 64
#: Most nodes (scalars, lists, mappings) in one document.
MAX_YAML_NODES = 200_000
#: Most nodes of the documents kept composed (:class:`_Composed`), about 0.6 KB each: 30 MB
#: at most, ten times the demo region's catalog.
MAX_KEPT_NODES = 50_000


class YamlRefused(yaml.MarkedYAMLError):
    """A YAML document the product refuses to read: an alias, too deep or too big."""


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without aliases and with caps on depth and node count.

    Aliases (``*name``) are refused outright: the workspace format never needs them and
    they are how a few hundred bytes expand to millions of nodes (a "billion laughs").
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed in careerpaths files; "
                "write the value out",
                mark,
            )
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise YamlRefused(None, None, f"more than {MAX_YAML_NODES:,} values in one file", mark)
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlRefused(
                    None,
                    None,
                    f"nested more than {MAX_YAML_DEPTH} levels deep",
                    mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Composed:
    """The node trees of the documents read lately, by their text, up to
    :data:`MAX_KEPT_NODES` nodes in all: the same files are read again and again (a
    workspace's at each load, a region's at each check), and composing is most of reading.
    A tree is never changed once composed (:func:`_convert` only reads it), so a document
    read again gives what it gave; one that does not read is never kept, and is refused
    again as it was."""

    def __init__(self) -> None:
        self._trees: OrderedDict[str, tuple[yaml.Node, int]] = OrderedDict()
        self._nodes = 0
        self._lock = threading.Lock()

    def __call__(self, text: str) -> yaml.Node | None:
        with self._lock:
            kept = self._trees.get(text)
            if kept is not None:
                self._trees.move_to_end(text)
                return kept[0]
        loader = SafeLoader(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
        if node is not None:
            with self._lock:
                if text not in self._trees and loader._nodes <= MAX_KEPT_NODES:
                    self._trees[text] = (node, loader._nodes)
                    self._nodes += loader._nodes
                while self._nodes > MAX_KEPT_NODES:
                    _, (_, count) = self._trees.popitem(last=False)
                    self._nodes -= count
        return node


_compose = _Composed()


def _size_refusal(text: str) -> str | None:
    if len(text) > MAX_YAML_BYTES:
        return f"the document is larger than {MAX_YAML_BYTES:,} characters"
    return None


def load_yaml_text(text: str, label: str) -> Any:
    """Parse untrusted YAML to plain data with the product's caps.

    Raises :class:`YamlError` (``errors`` holds one positioned :class:`LoadError`) when the
    text is not YAML, uses an alias, is nested too deep or is too large.
    """
    too_big = _size_refusal(text)
    if too_big:
        raise YamlError(LoadError(label, None, None, too_big))
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_marked(label, exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(LoadError(label, None, None, f"YAML syntax: {exc}")) from None
    except RecursionError:
        raise YamlError(LoadError(label, None, None, "nested too deep")) from None


class YamlError(ValueError):
    """Untrusted YAML that cannot be read; ``error`` names the file, line and column."""

    def __init__(self, error: LoadError) -> None:
        self.error = error
        super().__init__(str(error))


def _marked(label: str, exc: yaml.MarkedYAMLError) -> LoadError:
    mark = exc.problem_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    prefix = "" if isinstance(exc, YamlRefused) else "YAML syntax: "
    return LoadError(label, line, col, f"{prefix}{exc.problem}")


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


def _convert(node: yaml.Node, path: PathKey, doc: Doc, scalars: yaml.SafeLoader) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                doc.errors.append(LoadError(doc.label, line, col, f"key {key!r} appears twice"))
            out[key] = _convert(value_node, (*path, key), doc, scalars)
            doc.marks[(*path, key)] = (
                value_node.start_mark.line + 1,
                value_node.start_mark.column + 1,
            )
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, (*path, i), doc, scalars) for i, v in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return scalars.construct_object(node)


def read_yaml(path: Path, label: str) -> Doc:
    text = yaml_text(path, label)
    return text if isinstance(text, Doc) else yaml_doc(text, label)


def yaml_text(path: Path, label: str) -> str | Doc:
    """The text of the YAML file ``path`` (a byte-order mark dropped), or the :class:`Doc`
    of its error when it is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc = Doc(label)
        doc.errors.append(
            LoadError(label, None, None, f"the file is not UTF-8 text (byte {exc.start})")
        )
        return doc


def yaml_doc(text: str, label: str) -> Doc:
    """A :class:`Doc` of YAML ``text`` (a file's contents kept elsewhere, e.g. in the
    database), with the same caps and positions as :func:`read_yaml`."""
    doc = Doc(label)
    too_big = _size_refusal(text)
    if too_big:
        doc.errors.append(LoadError(label, None, None, too_big))
        return doc
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        doc.errors.append(_marked(label, exc))
        return doc
    except RecursionError:
        doc.errors.append(LoadError(label, None, None, "nested too deep"))
        return doc
    if node is None:
        doc.errors.append(LoadError(label, 1, 1, "the file is empty"))
        return doc
    scalars = yaml.SafeLoader("")  # constructs each scalar (the tree is composed once)
    try:
        doc.data = _convert(node, (), doc, scalars)
    finally:
        scalars.dispose()
    return doc


def dump_yaml(data: Any) -> str:
    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
