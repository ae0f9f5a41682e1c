"""The demo region: Cedar Rapids, Iowa — real, sourced facts plus labelled illustrations.

:func:`build_region` returns the region with its catalog (institutions, courses,
credentials, pathways) and synthetic students; see :mod:`careerpaths.demo.catalog` for
what is real and what is illustrative and :mod:`careerpaths.demo.students` for how the
students are generated.
"""

from careerpaths.demo.region import DEMO_REGION_ID, build_region

__all__ = ["DEMO_REGION_ID", "build_region"]
