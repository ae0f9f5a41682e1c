"""What changed between two versions of a pathway, as a list of changes a designer reads in
the history ("placed Anatomy I in grade 11, fall", "moved …", "removed …")."""

from __future__ import annotations

from dataclasses import dataclass

from careerpaths.core.model import Pathway

#: The pathway's fields compared as "details" (placements, exits, on-ramps have their own).
DETAIL_FIELDS = (
    "name",
    "cluster",
    "description",
    "schools",
    "occupations",
    "summers",
    "status",
    "translations",
)


@dataclass(frozen=True)
class PathwayChange:
    """One change. ``kind``: placed, removed, moved (a course; ``before``/``after`` are term
    ids), exit-added, exit-removed, exit-changed (a credential id in ``subject``), on-ramps,
    detail (``subject`` is the field's name)."""

    kind: str
    subject: str
    before: str = ""
    after: str = ""


def _placed(p: Pathway) -> dict[str, tuple[str, list[str]]]:
    """Course key → (the code as written, the sorted term ids it is placed in)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for pl in sorted(p.placements, key=lambda x: x.term):
        code, terms = out.get(pl.key, (pl.course, []))
        terms.append(pl.term.id)
        out[pl.key] = (code, terms)
    return out


def pathway_changes(before: Pathway, after: Pathway) -> list[PathwayChange]:
    """The changes that turn ``before`` into ``after``: courses placed, removed and moved
    (by course), exits added, removed and changed (by credential), on-ramps, and each other
    detail that differs. Empty when the two are the same pathway."""
    out: list[PathwayChange] = []
    old, new = _placed(before), _placed(after)
    for key in sorted(set(old) | set(new)):
        if key not in old:
            code, terms = new[key]
            out.extend(PathwayChange("placed", code, after=t) for t in terms)
        elif key not in new:
            code, terms = old[key]
            out.extend(PathwayChange("removed", code, before=t) for t in terms)
        elif old[key][1] != new[key][1]:
            out.append(
                PathwayChange("moved", new[key][0], ", ".join(old[key][1]), ", ".join(new[key][1]))
            )
    exits_before = {e.credential: e for e in before.exits}
    exits_after = {e.credential: e for e in after.exits}
    for cred in sorted(set(exits_before) | set(exits_after)):
        a, b = exits_before.get(cred), exits_after.get(cred)
        if a is None and b is not None:
            out.append(PathwayChange("exit-added", cred, after=b.term.id))
        elif b is None and a is not None:
            out.append(PathwayChange("exit-removed", cred, before=a.term.id))
        elif a is not None and b is not None and a != b:
            out.append(PathwayChange("exit-changed", cred, a.term.id, b.term.id))
    if before.on_ramps != after.on_ramps:
        out.append(
            PathwayChange(
                "on-ramps", "on_ramps", str(len(before.on_ramps)), str(len(after.on_ramps))
            )
        )
    for name in DETAIL_FIELDS:
        if getattr(before, name) != getattr(after, name):
            out.append(PathwayChange("detail", name))
    return out
