"""Writes about partnerships: importing and exporting partnership folders, saving agreements.

An agreement is saved whole or not at all: its data is read by the file reader
(:func:`careerpaths.io.funding.agreement_from_data`) and checked by
:func:`careerpaths.core.partnerships.check_agreement` against the partnership's
institutions, courses and state rules; any finding of severity error refuses the save
with :class:`AgreementRefused` (the problems by field). Each save is a new
:class:`AgreementVersion` (who, when, which fields changed) and is logged with ids only.

A district designer or college coordinator saves only agreements that one of their
institutions is a party to (before and after the change), and changes only their own
institutions' signatories: the other side signs for itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from careerpaths.core.findings import Finding, Severity
from careerpaths.io.errors import LoadError
from careerpaths.io.funding import (
    FundingDataError,
    agreement_from_data,
    agreements_yaml,
    load_partnership,
    partnership_findings,
    read_partnership_folder,
)
from careerpaths.io.funding import (
    Partnership as DomainPartnership,
)
from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import Scope, refuse
from careerpaths.web.catalog.services import touch_region
from careerpaths.web.partnerships import selectors
from careerpaths.web.partnerships.models import (
    AGREEMENTS_FILE,
    Agreement,
    AgreementVersion,
    PartnerInstitution,
    Partnership,
)

log = logging.getLogger("careerpaths.web.partnerships")


#: The field of the agreement form where each finding of the checks is shown.
FIELD_OF_FINDING = {
    "agreement-dates": "ends",
    "agreement-parties": "parties",
    "agreement-course": "courses",
    "agreement-signatories": "signatories",
    "agreement-ferpa": "data_sharing",
    "agreement-payer": "payers",
    "agreement-expired": "ends",
    "agreement-renewal-due": "ends",
    "rate-below-floor": "rates",
    "rate-above-ceiling": "rates",
}


class AgreementRefused(ValueError):
    """An agreement the checks refuse; ``errors`` maps each field to its problems.
    Nothing was saved."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))


class AgreementConflict(Exception):
    """Someone saved the agreement after the version this edit started from."""


# --------------------------------------------------------------------------- import / export


def _refuse_errors(p: DomainPartnership) -> None:
    """A folder whose agreements have errors (an end before the start, a rate outside
    the state's bounds) is refused whole, each problem with its file and line."""
    bad = [f for f in partnership_findings(p, today=date.today()) if f.severity is Severity.ERROR]
    if bad:
        raise FundingDataError(
            [LoadError(f.where.file or "", f.where.line, f.where.column, f.message) for f in bad]
        )


def _sync_agreements(row: Partnership, p: DomainPartnership, actor: User | None) -> None:
    current = {a.ref: a for a in row.agreements.all()}
    for position, agreement in enumerate(p.agreements):
        obj = current.pop(agreement.id, None)
        if obj is None:
            obj = Agreement(partnership=row, version=1, position=position)
            obj.update_from_domain(agreement)
            obj.save()
            _version(obj, actor, "imported", sorted(obj.data))
            continue
        before = dict(obj.data)
        obj.update_from_domain(agreement)
        if obj.data != before or obj.position != position:
            changed = _changed(before, obj.data)
            obj.position = position
            if changed:
                obj.version += 1
            obj.save()
            if changed:
                _version(obj, actor, "imported", changed)
    Agreement.objects.filter(pk__in=[a.pk for a in current.values()]).delete()


@transaction.atomic
def partnerships_import(*, folder: Path, actor: User | None = None) -> list[str]:
    """Load every partnership folder under ``folder`` (``<id>/region.yaml`` …) into the
    database, replacing the partnerships it had — all or nothing: any file that does not
    load, or any agreement with an error, raises :class:`FundingDataError` listing every
    problem with its file and line, and nothing changes. Agreements are matched by id, so
    their history is kept; a changed agreement gets an ``imported`` version."""
    loaded: list[tuple[DomainPartnership, dict[str, str]]] = []
    errors: list[LoadError] = []
    for sub in sorted(x for x in folder.iterdir() if (x / "region.yaml").is_file()):
        label = f"partnerships/{sub.name}"
        try:
            files = read_partnership_folder(sub, label=label)
            p = load_partnership(sub, label=label)
            _refuse_errors(p)
        except FundingDataError as exc:
            errors += exc.errors
            continue
        loaded.append((p, files))
    if errors:
        raise FundingDataError(errors)
    keep = []
    for p, files in loaded:
        row, _created = Partnership.objects.get_or_create(id=p.id, defaults={"name": p.name})
        row.name, row.state = p.name, p.state
        row.files = {k: v for k, v in files.items() if k != AGREEMENTS_FILE}
        row.save()
        PartnerInstitution.objects.filter(partnership=row).exclude(
            ref__in=list(p.institutions)
        ).delete()
        for ref, name in p.institutions.items():
            PartnerInstitution.objects.update_or_create(
                partnership=row, ref=ref, defaults={"name": name}
            )
        _sync_agreements(row, p, actor)
        keep.append(p.id)
    Partnership.objects.exclude(id__in=keep).delete()
    touch_region()  # the family maps' savings follow the partnership's rules
    log.info("partnerships imported: %s", ",".join(keep))
    return keep


def partnerships_export(*, folder: Path) -> list[str]:
    """Write each partnership to ``folder/<id>/``: its files as they were imported and
    ``agreements.yaml`` from the agreements as they are now (a round trip loses nothing)."""
    out = []
    for row in Partnership.objects.prefetch_related("agreements").order_by("id"):
        sub = folder / row.id
        sub.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(row.files.items()):
            (sub / name).write_text(text, encoding="utf-8")
        agreements = sorted(row.agreements.all(), key=lambda a: (a.position, a.ref))
        if agreements or AGREEMENTS_FILE in row.files:
            (sub / AGREEMENTS_FILE).write_text(
                agreements_yaml([a.data for a in agreements]), encoding="utf-8"
            )
        out.append(row.id)
    return out


# --------------------------------------------------------------------------- agreements


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def _version(row: Agreement, actor: User | None, action: str, changed: list[str]) -> None:
    AgreementVersion.objects.create(
        agreement=row,
        version=row.version,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        changed=changed,
        snapshot=row.data,
    )


def _may_edit(scope: Scope, parties: list[str]) -> bool:
    if scope.has(Role.SITE_ADMIN):
        return True
    return scope.has(Role.DISTRICT_DESIGNER, Role.COLLEGE_COORDINATOR) and bool(
        set(parties) & scope.institutions
    )


def _own_side(scope: Scope, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Problems when ``after`` changes signatories of institutions outside ``scope``."""
    if scope.has(Role.SITE_ADMIN):
        return []

    def others(data: Mapping[str, Any]) -> list[Any]:
        return sorted(
            (
                s
                for s in data.get("signatories") or ()
                if s.get("institution") not in scope.institutions
            ),
            key=repr,
        )

    if others(before) != others(after):
        return [_("You can add or change only your own institution's signatories.")]
    return []


def check_agreement_data(
    *, partnership: DomainPartnership, data: Mapping[str, Any], today: date
) -> tuple[dict[str, list[str]], list[Finding]]:
    """Read and check an agreement's data: the errors by field (empty when it may be
    saved) and every finding (warnings and reminders too)."""
    agreement, errors = agreement_from_data(data)
    if agreement is None:
        return errors, []
    findings = selectors.agreement_findings(
        partnership=partnership, agreement=agreement, today=today
    )
    for f in findings:
        if f.severity is Severity.ERROR:
            errors.setdefault(FIELD_OF_FINDING.get(f.code, "__all__"), []).append(f.message)
    return errors, findings


@transaction.atomic
def agreement_save(
    *,
    scope: Scope,
    actor: User,
    partnership_id: str,
    data: Mapping[str, Any],
    public_id: UUID | None = None,
    version: int | None = None,
    today: date | None = None,
) -> tuple[Agreement, list[Finding]]:
    """Create (``public_id`` None) or change an agreement — whole or not at all.

    Raises :class:`AgreementRefused` with the problems by field, :class:`AgreementConflict`
    when ``version`` is not the current one, and 404 outside the user's scope. Returns the
    saved row and the checks' findings (warnings and reminders included)."""
    today = today or date.today()
    row = selectors.partnership_row_get(scope=scope, partnership_id=partnership_id)
    if public_id is not None:
        existing = selectors.agreement_get(scope=scope, public_id=public_id, for_update=True)
        if existing.partnership_id != row.id:
            raise refuse(scope, "agreement")
        if not _may_edit(scope, existing.parties):
            raise refuse(scope, "agreement")
        if version is not None and version != existing.version:
            raise AgreementConflict(existing.ref)
        before: Mapping[str, Any] = existing.data
    else:
        existing, before = None, {}
    errors, findings = check_agreement_data(
        partnership=selectors.domain_partnership(row), data=data, today=today
    )
    parties = [str(x) for x in data.get("parties") or ()]
    if not _may_edit(scope, parties):
        errors.setdefault("parties", []).append(
            _("The agreement must name one of your institutions as a party.")
        )
    if problems := _own_side(scope, before, data):
        errors.setdefault("signatories", []).extend(problems)
    ref = str(data.get("id") or "")
    clash = Agreement.objects.filter(partnership=row, ref=ref)
    if existing is not None:
        clash = clash.exclude(pk=existing.pk)
    if ref and clash.exists():
        errors.setdefault("id", []).append(_("Another agreement of this partnership has this id."))
    if errors:
        raise AgreementRefused(errors)
    agreement, _errors = agreement_from_data(data)
    assert agreement is not None  # checked above
    if existing is None:
        position = Agreement.objects.filter(partnership=row).count()
        obj = Agreement(partnership=row, version=1, position=position)
        obj.update_from_domain(agreement)
        obj.save()
        _version(obj, actor, "created", sorted(obj.data))
    else:
        obj = existing
        obj.update_from_domain(agreement)
        changed = _changed(before, obj.data)
        if not changed:
            return obj, findings
        obj.version += 1
        obj.save()
        _version(obj, actor, "edited", changed)
    log.info(
        "agreement saved: user=%s role=%s partnership=%s agreement=%s version=%s",
        scope.user_id,
        scope.role,
        row.id,
        obj.public_id,
        obj.version,
    )
    return obj, findings
