"""The whole suite's settings: the hypothesis profile (``tests/profiles.py``)."""

from tests import profiles

profiles.select()
