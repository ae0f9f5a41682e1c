"""A password validator for guessable patterns that Django's own validators let through.

Django's :class:`~django.contrib.auth.password_validation.CommonPasswordValidator` matches
whole passwords against its list of 20,000 common ones, so ``Summer2026!!`` and
``careerpaths1`` pass it. Attackers try exactly those: a word with a year, digits or
symbols added and letters swapped for look-alikes (``P@ssw0rd``). This validator takes the
word out of the decoration and refuses it when the word is a common password or in the
bundled list of words guessable here (data/weak-words.txt: the site's name, school words,
seasons, months, days, keyboard runs). No network: both lists ship with the code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SEPARATORS = re.compile(r"[\W_]+")
_REPEAT = re.compile(r"^(.+?)\1+$")


@lru_cache(maxsize=1)
def weak_words() -> frozenset[str]:
    text = files("careerpaths.web.accounts").joinpath("data", "weak-words.txt").read_text("utf-8")
    return frozenset(
        w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")
    )


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    return frozenset(CommonPasswordValidator().passwords)


def guessable_word(password: str) -> str | None:
    """The common word ``password`` is built on, or None.

    >>> guessable_word("Summer2026!!"), guessable_word("careerpaths1")
    ('summer', 'careerpaths')
    >>> guessable_word("P@ssw0rd-2026"), guessable_word("violet otter ladder 7")
    ('password', None)
    """
    lower = password.lower().strip()
    site = next((w for w in ("careerpaths", "careerpath") if w in lower.translate(_LEET)), None)
    if site:
        return site
    stripped = _EDGES.sub("", lower)
    candidates = {stripped, stripped.translate(_LEET), _EDGES.sub("", lower.translate(_LEET))}
    candidates |= {_SEPARATORS.sub("", c) for c in list(candidates)}
    for word in list(candidates):
        m = _REPEAT.match(word)
        if m:
            candidates.add(m.group(1))
    for word in sorted(candidates, key=len):
        if not word:
            continue
        if word in weak_words() or word in common_passwords():
            return word
    return None


class GuessablePatternValidator:
    """Refuses a common word dressed up with digits, symbols or look-alike letters."""

    def validate(self, password: str, user: Any = None) -> None:
        word = guessable_word(password)
        if word is not None:
            raise ValidationError(
                _(
                    "This password is a common word with numbers or symbols added, which "
                    "is among the first things an attacker tries. Use three or four "
                    "unrelated words instead."
                ),
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be a common word, a season, a month or this site's name "
            "with numbers or symbols added."
        )
