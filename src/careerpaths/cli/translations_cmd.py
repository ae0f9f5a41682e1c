"""``careerpaths translations``: what families would read in English on a Spanish map."""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from careerpaths.core.i18n import LANGUAGES, MissingTranslation, missing_translations
from careerpaths.io import csvsafe
from careerpaths.io.errors import WorkspaceError

err = Console(stderr=True, highlight=False)

KIND_LABELS = {
    "pathway": "pathway",
    "course": "course title",
    "credential": "credential name",
    "on_ramp": "on-ramp label",
}


class TranslationsFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def render_table(missing: list[MissingTranslation], lang: str) -> str:
    from careerpaths.cli.render import to_text

    if not missing:
        return f"Every text of the published pathways' maps has a translation into {lang!r}.\n"
    table = Table(title=f"Shown in English on the {lang!r} maps ({len(missing)})")
    for column in ("What", "Id", "In pathway", "Field", "English text"):
        table.add_column(column, overflow="fold")
    for m in missing:
        table.add_row(KIND_LABELS.get(m.kind, m.kind), m.ident, m.pathway, m.field, m.english)
    hint = (
        "Add them in the workspace files (courses.csv: title_es; credentials and pathways: "
        "translations: {es: {name: …}}) or in the designer; see docs/workspace.md.\n"
    )
    return to_text([table]) + hint


def render_csv(missing: list[MissingTranslation]) -> str:
    buf = io.StringIO()
    w = csvsafe.writer(buf, lineterminator="\n")
    w.writerow(["lang", "kind", "id", "pathway", "field", "english"])
    for m in missing:
        w.writerow([m.lang, m.kind, m.ident, m.pathway, m.field, m.english])
    return buf.getvalue()


def translations(
    workspace: Annotated[
        Path | None,
        typer.Argument(help="A region workspace folder (default: the app's database)."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="The language to check.")] = "es",
    all_pathways: Annotated[
        bool, typer.Option("--all", help="Drafts and archived pathways too.")
    ] = False,
    format: Annotated[
        TranslationsFormat, typer.Option("--format", "-f")
    ] = TranslationsFormat.table,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when anything is missing.")
    ] = False,
) -> None:
    """What families would read in English on the maps in another language: pathway names
    and descriptions, course titles, credential names and on-ramp labels without a
    translation (each shown in English, marked as such, on the public pages)."""
    if lang not in LANGUAGES:
        err.print(f"careerpaths: --lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        raise typer.Exit(2)
    if workspace is None:
        from careerpaths.web import app as web

        web.setup()
        web.migrate()
        from careerpaths.web.catalog.selectors import region_snapshot

        region = region_snapshot()
    else:
        from careerpaths.io.workspace import load_workspace

        try:
            region = load_workspace(workspace)
        except WorkspaceError as exc:
            for e in exc.errors:
                sys.stderr.write(f"{e}\n")
            err.print(f"careerpaths: {len(exc.errors)} problem(s) in {workspace}; nothing read")
            raise typer.Exit(2) from None
    missing = missing_translations(region, lang, published_only=not all_pathways)
    if format is TranslationsFormat.json:
        sys.stdout.write(
            json.dumps(
                {"lang": lang, "missing": [m.as_dict() for m in missing]},
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    elif format is TranslationsFormat.csv:
        sys.stdout.write(render_csv(missing))
    else:
        sys.stdout.write(render_table(missing, lang))
    if strict and missing:
        raise typer.Exit(1)
