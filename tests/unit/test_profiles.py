"""The hypothesis profiles (tests/profiles.py): CI keeps hypothesis's own numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests import profiles


@pytest.fixture
def restore_profile() -> Iterator[None]:
    before = settings.get_current_profile_name()
    yield
    settings.load_profile(before)


def test_ci_runs_hypothesis_s_ci_profile_with_every_example(
    monkeypatch: pytest.MonkeyPatch, restore_profile: None
) -> None:
    settings.load_profile("default")
    monkeypatch.setenv("CI", "true")
    assert profiles.select() == "ci"
    s = settings()
    assert (s.max_examples, s.derandomize, s.deadline, s.database) == (100, True, None, None)
    assert HealthCheck.too_slow in s.suppress_health_check
    assert [profiles.examples(n) for n in (1, 100, 200, 300)] == [1, 100, 200, 300]


def test_elsewhere_dev_runs_a_fifth_of_the_examples(
    monkeypatch: pytest.MonkeyPatch, restore_profile: None
) -> None:
    settings.load_profile("default")
    monkeypatch.delenv("CI", raising=False)
    assert profiles.select() == "dev"
    s = settings()
    default = settings.get_profile("default")
    assert s.max_examples == profiles.DEV_EXAMPLES == default.max_examples // 5
    assert (s.derandomize, s.deadline) == (default.derandomize, default.deadline)
    assert [profiles.examples(n) for n in (1, 100, 200)] == [1, 20, 40]
