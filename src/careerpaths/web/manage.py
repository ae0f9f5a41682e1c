"""``python -m careerpaths.web.manage``: Django's manage.py for careerpaths."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpaths.web.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
