"""The whole suite's settings: the hypothesis profile (``tests/profiles.py``), the garbage
collector's thresholds, hypothesis's modules left as they are by pytest."""

import gc
import sys

# A test run keeps a large heap alive (pytest's, hypothesis's, every module imported), and
# Python's default thresholds (700, 10, 10) walk all of it a dozen times during a quick unit
# run, about a second of its time. Collections stay (every 10,000 new objects, the whole
# heap after 400 such); cycles are still freed, a little later.
gc.set_threshold(10_000, 20, 20)


def _hypothesis_not_rewritten() -> None:
    """pytest rewrites the asserts of every module of a distribution that registers a pytest
    plugin: all of hypothesis (about 80 modules), whose asserts are its own. Where bytecode
    is not written (``PYTHONDONTWRITEBYTECODE=1``) that is redone on every run, about 0.6 s
    of a quick unit run. Our test modules and conftests are rewritten as before.

    pytest has no option for it: its import hook's set of marked packages is edited, if it
    is there as today (pytest 9), before hypothesis is first imported; otherwise nothing
    changes but the time."""
    if "hypothesis" in sys.modules:
        return
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)
        cache = getattr(finder, "_marked_for_rewrite_cache", None)
        if isinstance(marked, set) and isinstance(cache, dict) and "hypothesis" in marked:
            marked.discard("hypothesis")
            cache.clear()


_hypothesis_not_rewritten()

from tests import profiles  # noqa: E402  (after the hook is told)

profiles.select()
