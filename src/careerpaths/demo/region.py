"""The demo region: Cedar Rapids, Iowa, read from the workspace files shipped in the
package (``regions/cedar-rapids/``), with synthetic students.

>>> region = build_region(students=10)
>>> region.id, len(region.students)
('cedar-rapids', 10)
"""

from __future__ import annotations

import dataclasses
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from careerpaths.core.model import Region
from careerpaths.io.workspace import load_workspace

DEMO_REGION_ID = "cedar-rapids"


def demo_workspace_path(region_id: str = DEMO_REGION_ID) -> Path:
    """The folder of a demo region's workspace files inside the installed package."""
    resource = files("careerpaths.demo").joinpath("regions", region_id)
    with as_file(resource) as path:  # a real folder: the package is installed unzipped
        return Path(path)


@cache
def _catalog(region_id: str) -> Region:
    return load_workspace(demo_workspace_path(region_id))


def build_region(*, students: int = 2400, seed: int = 2026) -> Region:
    """The demo region with ``students`` synthetic students generated from ``seed``."""
    region = _catalog(DEMO_REGION_ID)
    if students <= 0:
        return region
    from careerpaths.demo.students import generate_students

    generated = generate_students(region, students, seed)
    return dataclasses.replace(region, students={s.id: s for s in generated})
