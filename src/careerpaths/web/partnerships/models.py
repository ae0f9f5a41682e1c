"""A region's partnership in the database: partner institutions and agreements, with history.

A partnership folder (``region.yaml``, ``costs.yaml``, ``budget.yaml``, ``equipment.yaml``
and any rules file) is kept as its files' text (:attr:`Partnership.files`): the same
reader (:func:`careerpaths.io.funding.partnership_from_files`) reads it, and an export
writes the text back unchanged. Agreements are rows, edited in the web app; each change is
an :class:`AgreementVersion` with who, when and the agreement after it. An agreement's
``data`` is the mapping ``agreements.yaml`` holds for it
(:func:`careerpaths.io.funding.agreement_to_data`), so an export rewrites that file.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from careerpaths.core.partnerships import Agreement as DomainAgreement

#: the partnership file the web app edits (its agreements), rewritten from the database
AGREEMENTS_FILE = "agreements.yaml"


class Partnership(models.Model):
    id = models.CharField(primary_key=True, max_length=80)
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=80, blank=True)
    files = models.JSONField(default=dict)  # file name -> text, all but agreements.yaml
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PartnerInstitution(models.Model):
    """An institution named in a partnership's ``region.yaml`` (its id matches the
    catalog's institution of that id, which is how a user's scope reaches it)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="institutions"
    )
    ref = models.CharField(max_length=80)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["partnership", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ref"], name="one_partner_per_ref")
        ]

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class Agreement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)  # order in agreements.yaml
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=AgreementStatus.choices)
    starts = models.DateField()
    ends = models.DateField()
    parties = models.JSONField(default=list)  # institution ids
    data = models.JSONField()  # as agreements.yaml holds it (agreement_to_data)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "position", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ref"], name="one_agreement_per_ref")
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id}/{self.ref}"

    def to_domain(self) -> DomainAgreement:
        from careerpaths.io.funding import agreement_from_data

        agreement, errors = agreement_from_data(self.data)
        if agreement is None:  # only a service writes data, after reading it the same way
            raise ValueError(f"agreement {self.ref} cannot be read: {errors}")
        return agreement

    def update_from_domain(self, agreement: DomainAgreement) -> None:
        from careerpaths.io.funding import agreement_to_data

        self.ref = agreement.id
        self.title = agreement.title
        self.status = agreement.status.value
        self.starts = agreement.starts
        self.ends = agreement.ends
        self.parties = list(agreement.parties)
        self.data = agreement_to_data(agreement)


class AgreementVersion(models.Model):
    """One change to an agreement: who, when, what changed and the agreement after it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)  # imported, created, edited
    changed = models.JSONField(default=list)  # field names
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version"], name="one_agreement_version_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.version}: {self.action}"
