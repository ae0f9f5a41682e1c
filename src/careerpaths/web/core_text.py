"""The core's generated sentences in the reader's language.

The core words findings, remedies, cost bases and qualification checks in English and
keeps each one's template and values (:class:`careerpaths.core.i18n.Text`); :func:`say`
looks the template up in the Spanish catalogue and fills it with the values, said the same
way. Anything else (a name, a code, a title from a partnership's files) is shown as it is.
The templates are extracted from ``core_messages.py`` (generated from the core's source).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from careerpaths.core.i18n import Text


def say(value: Any) -> Any:
    """``value`` in the active language when the core generated it; else ``value``."""
    if not isinstance(value, Text):
        return value
    template = gettext(value.msgid) if value.msgid else value.msgid
    if not value.params:
        return template
    params = {k: say(v) for k, v in value.params.items()}
    try:
        return template % params
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return str(value)
