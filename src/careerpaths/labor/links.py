"""Credential → occupation links: the CIP-SOC crosswalk plus employer validation.

A credential's occupations are, in order:

1. the SOC codes the NCES CIP-SOC crosswalk gives for its ``cip`` (a 4-digit series
   such as ``51.38`` gathers all its programs), minus the links the region has
   *removed*;
2. plus the SOC codes the region's pathways name on the exits where the credential is
   earned;
3. plus the links the region has *added*.

Additions and removals are :class:`LinkOverride` records: which credential, which SOC
code, who validated it (an employer, an advisory board) and when. They are read from a
CSV or YAML file (:func:`read_overrides`): by convention ``labor-links.csv`` or
``labor-links.yaml`` in a region workspace.

Each link also says whether the credential's level fits the occupation's *typical
education needed for entry* (BLS EP): a certificate or diploma fits "Postsecondary
nondegree award", an associate degree fits "Associate's degree", a bachelor's
"Bachelor's degree". A credential above the typical level *exceeds* it (still counts);
below it is *below* (shown, not counted as a route into the occupation unless an
employer has validated the link or a pathway names it, e.g. an associate degree in
nursing for Registered Nurses, whose typical entry level BLS gives as a bachelor's
degree). An occupation for which BLS gives related *work experience* as typical for
entry (managers, supervisors: "5 years or more") is not counted as a direct route
either, whatever the level, unless validated or named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.model import Credential, CredentialKind, Region
from careerpaths.io.errors import LoadError
from careerpaths.io.yamldoc import YamlError, load_yaml_text
from careerpaths.labor.importers import ImportFailed, normalize_cip
from careerpaths.labor.rollup import Resolution, is_soc, normalize_soc
from careerpaths.labor.store import LaborData


class LinkAction(StrEnum):
    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True)
class LinkOverride:
    """A link the region added or removed after employer validation."""

    credential: str  # credential id
    soc: str
    action: LinkAction
    validated_by: str
    validated_on: date
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "credential": self.credential,
            "soc": self.soc,
            "action": self.action.value,
            "validated_by": self.validated_by,
            "validated_on": self.validated_on.isoformat(),
            "note": self.note,
        }


class LinkBasis(StrEnum):
    CROSSWALK = "crosswalk"  # NCES CIP-SOC crosswalk
    EMPLOYER = "employer"  # added by employer validation
    PATHWAY = "pathway"  # named on the pathway's exit by its designers


class EducationFit(StrEnum):
    FITS = "fits"
    EXCEEDS = "exceeds"
    BELOW = "below"
    UNKNOWN = "unknown"


#: BLS typical-education categories, lowest to highest.
EDUCATION_RANK: Mapping[str, int] = MappingProxyType(
    {
        "No formal educational credential": 0,
        "High school diploma or equivalent": 1,
        "Some college, no degree": 2,
        "Postsecondary nondegree award": 3,
        "Associate's degree": 4,
        "Bachelor's degree": 5,
        "Master's degree": 6,
        "Doctoral or professional degree": 7,
    }
)

#: The BLS education category each kind of credential corresponds to. An industry
#: certification is placed with postsecondary nondegree awards, as BLS places e.g.
#: nursing assistants (state certification after an approved program).
CREDENTIAL_EDUCATION: Mapping[CredentialKind, str] = MappingProxyType(
    {
        CredentialKind.HS_DIPLOMA: "High school diploma or equivalent",
        CredentialKind.INDUSTRY_CERTIFICATION: "Postsecondary nondegree award",
        CredentialKind.CERTIFICATE: "Postsecondary nondegree award",
        CredentialKind.DIPLOMA: "Postsecondary nondegree award",
        CredentialKind.AAS: "Associate's degree",
        CredentialKind.AA: "Associate's degree",
        CredentialKind.AS: "Associate's degree",
        CredentialKind.BACHELOR: "Bachelor's degree",
    }
)

ASSOCIATE_RANK = EDUCATION_RANK["Associate's degree"]


def education_fit(kind: CredentialKind | None, typical: str | None) -> EducationFit:
    """Whether a credential of ``kind`` meets the typical entry education ``typical``."""
    if kind is None or typical is None or typical not in EDUCATION_RANK:
        return EducationFit.UNKNOWN
    have = EDUCATION_RANK[CREDENTIAL_EDUCATION[kind]]
    need = EDUCATION_RANK[typical]
    if have == need:
        return EducationFit.FITS
    return EducationFit.EXCEEDS if have > need else EducationFit.BELOW


@dataclass(frozen=True)
class OccupationLink:
    """One occupation a credential (or a pathway exit) leads to."""

    credential: str
    soc: str  # as linked
    resolution: Resolution  # how it joins the published OEWS codes
    basis: LinkBasis
    fit: EducationFit
    typical_education: str | None
    override: LinkOverride | None = None
    experience: str | None = None  # BLS work experience in a related occupation

    @property
    def needs_experience(self) -> bool:
        """BLS says entry needs work experience in a related occupation."""
        return self.experience is not None and self.experience not in ("None", "")

    @property
    def counts(self) -> bool:
        """Counted as a route into the occupation: the level fits (or exceeds) and no
        related work experience is needed, or an employer validated the link, or the
        pathway's designers named the occupation on an exit (the fit is still shown)."""
        return (
            (self.fit in (EducationFit.FITS, EducationFit.EXCEEDS) and not self.needs_experience)
            or self.basis is LinkBasis.PATHWAY
            or (self.override is not None and self.override.action is LinkAction.ADD)
        )

    @property
    def fit_text(self) -> str:
        """E.g. ``fits``, ``below (Bachelor's degree)``, ``exceeds; 5 years or more
        experience``."""
        text = self.fit.value
        if self.fit is EducationFit.BELOW and self.typical_education:
            text += f" ({self.typical_education})"
        if self.needs_experience:
            text += f"; needs {self.experience} experience"
        return text

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "soc": self.soc,
            "published_code": self.resolution.code,
            "join": self.resolution.join.value,
            "basis": self.basis.value,
            "education_fit": self.fit.value,
            "typical_education": self.typical_education,
            "work_experience": self.experience,
            "counts": self.counts,
        }
        if self.resolution.note:
            out["join_note"] = self.resolution.note
        if self.override is not None:
            out["validated_by"] = self.override.validated_by
            out["validated_on"] = self.override.validated_on.isoformat()
        return out


@dataclass(frozen=True)
class CredentialLinks:
    credential: Credential
    cip: str | None
    cip_title: str
    links: tuple[OccupationLink, ...]
    removed: tuple[LinkOverride, ...]
    problems: tuple[str, ...]


def typical_entry(data: LaborData, resolution: Resolution) -> tuple[str | None, str | None]:
    """BLS typical entry education and related work experience for a resolved code."""
    code = resolution.code or resolution.requested
    proj = data.projection(code)
    if proj is None:
        pres = data.projection_resolver.resolve(resolution.requested)
        proj = data.projection(pres.code) if pres.code else None
    return (proj.education, proj.experience) if proj else (None, None)


def make_link(
    data: LaborData,
    credential: str,
    kind: CredentialKind | None,
    soc: str,
    basis: LinkBasis,
    override: LinkOverride | None = None,
) -> OccupationLink:
    res = data.oews_resolver.resolve(soc)
    if res.code is None:
        alt = data.projection_resolver.resolve(soc)
        if alt.code is not None:
            res = alt
    edu, exp = typical_entry(data, res)
    return OccupationLink(credential, soc, res, basis, education_fit(kind, edu), edu, override, exp)


def overrides_by_credential(
    overrides: Iterable[LinkOverride],
) -> dict[str, list[LinkOverride]]:
    out: dict[str, list[LinkOverride]] = {}
    for o in overrides:
        out.setdefault(o.credential, []).append(o)
    return out


def named_on_exits(region: Region) -> dict[str, list[str]]:
    """Credential id → the SOC codes the region's pathway exits name for it (archived
    pathways left out)."""
    out: dict[str, list[str]] = {}
    for p in region.pathways.values():
        if p.status.value == "archived":
            continue
        for ex in p.exits:
            lst = out.setdefault(ex.credential, [])
            for soc in ex.occupations:
                if is_soc(soc) and normalize_soc(soc) not in lst:
                    lst.append(normalize_soc(soc))
    return out


def credential_links(
    data: LaborData,
    credential: Credential,
    overrides: Iterable[LinkOverride] = (),
    named: Sequence[str] = (),
) -> CredentialLinks:
    """The occupations ``credential`` leads to (see the module doc); ``named`` are SOC
    codes the region's pathway exits name for it (basis ``pathway``)."""
    mine = [o for o in overrides if o.credential == credential.id]
    # the newest record for a (credential, soc) wins
    latest: dict[str, LinkOverride] = {}
    for o in sorted(mine, key=lambda o: o.validated_on):
        latest[o.soc] = o
    problems: list[str] = []
    socs: list[str] = []
    cip_title = ""
    cip = credential.cip
    if cip:
        found = data.crosswalk(cip)
        norm = normalize_cip(cip)
        cip_title = data.cip_title(norm or cip) if norm else ""
        if found is None:
            problems.append(f"CIP {cip} is not in the CIP-SOC crosswalk")
        elif not found:
            problems.append(f"CIP {cip} ({cip_title}) has no matching occupation in the crosswalk")
        else:
            socs = found
    elif credential.kind.is_college_award:
        problems.append("no CIP code: occupations come only from employer-validated links")
    links: list[OccupationLink] = []
    removed: list[LinkOverride] = []
    for soc in socs:
        found_o = latest.get(soc)
        if found_o is not None and found_o.action is LinkAction.REMOVE:
            removed.append(found_o)
            continue
        links.append(
            make_link(data, credential.id, credential.kind, soc, LinkBasis.CROSSWALK, found_o)
        )
    position = {link.soc: i for i, link in enumerate(links)}
    for soc in named:
        named_o = latest.get(soc)
        if named_o is not None and named_o.action is LinkAction.REMOVE:
            continue
        link = make_link(data, credential.id, credential.kind, soc, LinkBasis.PATHWAY, named_o)
        if soc in position:  # the crosswalk links it too: the pathway's naming decides
            links[position[soc]] = link
        else:
            position[soc] = len(links)
            links.append(link)
    linked = set(position)
    for soc, o in latest.items():
        if o.action is LinkAction.ADD and soc not in linked:  # an employer-only link
            links.append(
                make_link(data, credential.id, credential.kind, soc, LinkBasis.EMPLOYER, o)
            )
        elif o.action is LinkAction.REMOVE and soc not in socs and soc not in named:
            problems.append(f"removal of {soc} has no effect: the crosswalk does not link it")
    return CredentialLinks(
        credential,
        normalize_cip(cip) if cip else None,
        cip_title,
        tuple(links),
        tuple(removed),
        tuple(problems),
    )


# ------------------------------------------------------------------------ files

_FIELDS = ("credential", "soc", "action", "validated_by", "validated_on")


def _override_from(
    rec: Mapping[str, Any], file: str, line: int | None, errors: list[LoadError]
) -> LinkOverride | None:
    before = len(errors)
    for f in _FIELDS:
        if not str(rec.get(f) or "").strip():
            errors.append(LoadError(file, line, None, f"{f} is missing"))
    if len(errors) > before:
        return None
    soc = str(rec["soc"]).strip()
    if not is_soc(soc):
        errors.append(LoadError(file, line, None, f"soc: {soc!r} is not a SOC code"))
    action = str(rec["action"]).strip().lower()
    if action not in ("add", "remove"):
        errors.append(LoadError(file, line, None, f"action: {action!r} is not add or remove"))
    raw_date = rec["validated_on"]
    when: date | None = None
    if isinstance(raw_date, date):
        when = raw_date
    else:
        try:
            when = date.fromisoformat(str(raw_date).strip())
        except ValueError:
            errors.append(
                LoadError(
                    file, line, None, f"validated_on: {raw_date!r} is not a date (YYYY-MM-DD)"
                )
            )
    if len(errors) > before or when is None:
        return None
    return LinkOverride(
        str(rec["credential"]).strip(),
        normalize_soc(soc),
        LinkAction(action),
        str(rec["validated_by"]).strip(),
        when,
        str(rec.get("note") or "").strip(),
    )


def read_overrides(path: Path) -> list[LinkOverride]:
    """Read link overrides from CSV (header ``credential,soc,action,validated_by,
    validated_on[,note]``) or YAML (a list of mappings with those keys, or
    ``{links: [...]}``). Raises :class:`ImportFailed` listing every bad record."""
    errors: list[LoadError] = []
    out: list[LinkOverride] = []
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed([LoadError(name, None, None, f"cannot read: {exc}")]) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            doc = load_yaml_text(text, name)
        except YamlError as exc:
            raise ImportFailed([exc.error]) from None
        items = doc.get("links") if isinstance(doc, dict) else doc
        if items is None:
            items = []
        if not isinstance(items, list):
            raise ImportFailed([LoadError(name, None, None, "expected a list of links")])
        for i, rec in enumerate(items, start=1):
            if not isinstance(rec, dict):
                errors.append(LoadError(name, None, None, f"link {i} is not a mapping"))
                continue
            o = _override_from(rec, f"{name} (link {i})", None, errors)
            if o:
                out.append(o)
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [f for f in _FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed([LoadError(name, 1, None, "missing columns: " + ", ".join(missing))])
        for rec in reader:
            o = _override_from(rec, name, reader.line_num, errors)
            if o:
                out.append(o)
    if errors:
        raise ImportFailed(errors)
    return out


def check_overrides(
    overrides: Sequence[LinkOverride], region: Region, data: LaborData
) -> list[Finding]:
    """Overrides naming unknown credentials or occupations BLS does not publish."""
    out: list[Finding] = []
    for o in overrides:
        if o.credential not in region.credentials:
            out.append(
                Finding(
                    "labor.link-unknown-credential",
                    Severity.WARNING,
                    Where(credential=o.credential),
                    f"link override for {o.soc} names credential {o.credential!r}, "
                    "which the region does not have",
                )
            )
        res = data.oews_resolver.resolve(o.soc)
        if res.code is None and data.projection_resolver.resolve(o.soc).code is None:
            out.append(
                Finding(
                    "labor.link-unknown-soc",
                    Severity.WARNING,
                    Where(credential=o.credential),
                    f"link override names {o.soc}, for which BLS publishes no figures",
                )
            )
    return out
