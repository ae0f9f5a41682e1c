"""The student-data formats, registered in one place.

The command line (``careerpaths import <key> DIR``, one command per format), the web app's
upload form, its import log and the re-reading of a held import all read this registry: a
new format (Ed-Fi, a state's extract) is one reader module — a function from a folder to a
:class:`~careerpaths.io.roster.RosterSnapshot` — and one entry in :data:`FORMATS`. Nothing
else changes: no command to write, no branch in a view, no database migration.

>>> sorted(FORMATS)
['csv', 'oneroster']
>>> student_format("oneroster").name("es")
'CSV de OneRoster'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from careerpaths.io.roster import Mode, RosterSnapshot


@dataclass(frozen=True)
class StudentFormat:
    """One way student data arrives."""

    key: str  # the command's name and the import log's value
    names: Mapping[str, str]  # what users read, by language ("en" always)
    summary: str  # the command's help, first line
    details: str  # the command's help, the rest
    folder_help: str  # what the folder holds
    # True: the user says whether the files are complete or list changes (``--delta``);
    # False: the files say it themselves (OneRoster's manifest).
    chooses_mode: bool
    read: Callable[[Path, Mode], RosterSnapshot]

    def name(self, lang: str = "en") -> str:
        """The format's name in ``lang`` (English when there is none)."""
        return self.names.get(lang.split("-")[0], self.names["en"])


def _oneroster(folder: Path, mode: Mode) -> RosterSnapshot:
    from careerpaths.io.oneroster import read_oneroster

    return read_oneroster(folder)  # bulk or delta per file, from its manifest


def _template(folder: Path, mode: Mode) -> RosterSnapshot:
    from careerpaths.io.student_csv import read_student_csv

    return read_student_csv(folder, mode=mode)


ONEROSTER = StudentFormat(
    key="oneroster",
    names=MappingProxyType({"en": "OneRoster CSV", "es": "CSV de OneRoster"}),
    summary="Import a OneRoster 1.1 or 1.2 bulk or delta CSV export into the app's database.",
    details=(
        "Only students are kept (not teachers or guardians); nothing is ever deleted: "
        "tobedeleted, and in a bulk file a record no longer listed, make a record inactive. "
        "An older delta never overwrites newer data; importing the same files twice changes "
        "nothing."
    ),
    folder_help="The OneRoster CSV folder (with manifest.csv).",
    chooses_mode=False,
    read=_oneroster,
)
TEMPLATE = StudentFormat(
    key="csv",
    names=MappingProxyType({"en": "plain-CSV template", "es": "plantilla CSV simple"}),
    summary="Import the plain-CSV student template (docs/student-data.md) into the app's database.",
    details="",
    folder_help="The folder with students.csv, attempts.csv, college_transcripts.csv.",
    chooses_mode=True,
    read=_template,
)

#: Every format, by key, in the order the web form offers them.
FORMATS: Mapping[str, StudentFormat] = MappingProxyType({f.key: f for f in (ONEROSTER, TEMPLATE)})


class UnknownFormat(ValueError):
    """A format key that is not registered."""


def student_format(key: str) -> StudentFormat:
    """The format registered as ``key``; UnknownFormat (naming the known ones) otherwise."""
    got = FORMATS.get(key)
    if got is None:
        raise UnknownFormat(f"unknown student-data format {key!r}; known: {', '.join(FORMATS)}")
    return got


def read_folder(key: str, folder: Path, *, delta: bool = False) -> RosterSnapshot:
    """Read ``folder`` as the format ``key`` (``delta``: the files list changes only, for a
    format whose files do not say it themselves)."""
    return student_format(key).read(folder, Mode.DELTA if delta else Mode.BULK)
