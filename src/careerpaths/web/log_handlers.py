"""Logging handlers for the web app's settings.

``logging.StreamHandler`` keeps the ``sys.stderr`` it found when logging was configured. The
command line configures Django (and so logging) inside whatever ``sys.stderr`` is current,
which under a test runner or an embedding program may be a stream that is later closed; every
later log line would then fail with "I/O operation on closed file". This handler writes to
the ``sys.stderr`` of the moment, as Python's own last-resort handler does.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that always writes to the current ``sys.stderr``."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""
