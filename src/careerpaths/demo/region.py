"""The demo region: Cedar Rapids, Iowa, with synthetic students.

>>> region = build_region(students=10)
>>> region.id, len(region.students)
('cedar-rapids', 10)
"""

from __future__ import annotations

from careerpaths.core.model import Region, RegionSettings
from careerpaths.demo.catalog import REGION_SOURCES, catalog

DEMO_REGION_ID = "cedar-rapids"
DEMO_REGION_NAME = "Cedar Rapids, Iowa (demo)"


def build_region(*, students: int = 2400, seed: int = 2026) -> Region:
    """The demo region with ``students`` synthetic students generated from ``seed``."""
    from careerpaths.demo.students import generate_students

    cat = catalog()
    region = Region(
        id=DEMO_REGION_ID,
        name=DEMO_REGION_NAME,
        institutions={i.id: i for i in cat.institutions},
        courses={c.key: c for c in cat.courses},
        credentials={c.id: c for c in cat.credentials},
        pathways={p.id: p for p in cat.pathways},
        settings=RegionSettings(),
        description=(
            "A demo region modelled on Cedar Rapids, Iowa: the Cedar Rapids and Linn-Mar "
            "districts, Kirkwood Community College and its Linn County Regional Center, and the "
            "University of Iowa. Real facts carry their source; gaps are filled with objects "
            "marked illustrative. Every student is synthetic."
        ),
        sources=REGION_SOURCES,
    )
    if students <= 0:
        return region
    generated = generate_students(region, students, seed)
    return Region(
        id=region.id,
        name=region.name,
        institutions=region.institutions,
        courses=region.courses,
        credentials=region.credentials,
        pathways=region.pathways,
        students={s.id: s for s in generated},
        settings=region.settings,
        description=region.description,
        sources=region.sources,
    )
