"""Hypothesis settings profiles: ``dev`` on a developer's machine, ``ci`` in CI.

``tests/conftest.py`` selects one before any test module is imported:

* ``ci`` when the environment variable ``CI`` is set, when ``--hypothesis-profile=ci`` is given
  (``scripts/test.sh``, the README's test command that ``.ci/run`` calls, always gives it) or
  hypothesis itself detected a CI service: hypothesis's own ``ci`` profile, unchanged (100
  examples a test, derandomized, no deadline), so a CI run checks exactly what it checked
  before the profiles existed;
* ``dev`` otherwise: hypothesis's defaults with a fifth of the examples, so that
  ``pytest tests/unit -m "not slow"`` stays a quick check while editing.

``pytest --hypothesis-profile ci`` runs the CI numbers anywhere. A test that sets its own
``max_examples`` says ``max_examples=examples(n)``: ``n`` under ``ci``, scaled like the
default under ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import settings

DEV_EXAMPLES = 20
_DEFAULT_EXAMPLES = 100  # hypothesis's default (and its ci profile's) max_examples

settings.register_profile("dev", settings.get_profile("default"), max_examples=DEV_EXAMPLES)


def select() -> str:
    """Load ``ci`` or ``dev`` (see the module's docstring); the name loaded."""
    name = "ci" if "CI" in os.environ or settings.get_current_profile_name() == "ci" else "dev"
    settings.load_profile(name)
    return name


def examples(n: int) -> int:
    """``max_examples`` for a test that asks for ``n`` under hypothesis's defaults: ``n``
    under ``ci`` (or any profile of 100 examples), in proportion under another."""
    return max(1, n * settings().max_examples // _DEFAULT_EXAMPLES)
