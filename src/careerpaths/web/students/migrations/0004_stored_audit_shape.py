"""The stored audit now has the published JSON shape (``careerpaths.io.audit_json``:
``tree`` and ``course`` where it said ``root`` and ``code``).

Stored audits are a cache of what the student page shows: clearing them loses nothing —
a student's page builds the audit again, in the new shape, when it is next opened. The
caseload columns (flags, credits, on/off track) are kept.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def clear_stored_audits(apps: Any, schema_editor: Any) -> None:
    Student = apps.get_model("students", "Student")
    Student.objects.filter(summary_audit__isnull=False).update(summary_audit=None)


class Migration(migrations.Migration):
    dependencies = [("students", "0003_roster_import")]

    operations = [migrations.RunPython(clear_stored_audits, migrations.RunPython.noop)]
