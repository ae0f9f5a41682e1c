"""The app's log handler follows ``sys.stderr``: configuring logging inside a stream that is
later closed (a command run under a test runner) must not break every later log line."""

from __future__ import annotations

import io
import logging
import logging.config
import sys
from copy import deepcopy

import pytest
from django.conf import settings


def test_log_lines_go_to_the_stderr_of_the_moment_not_a_closed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logging.config.dictConfig(deepcopy(settings.LOGGING))
    log = logging.getLogger("careerpaths.test")
    log.info("one")
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    log.info("two")
    assert "two" in second.getvalue()
    assert "Logging error" not in second.getvalue()
