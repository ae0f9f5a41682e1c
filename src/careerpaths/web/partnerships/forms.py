"""The agreement form: parses what was typed into the mapping ``agreements.yaml`` holds.

It checks only what a form can (a date is a date, a rate a number); the agreement's
rules (an end after the start, parties, a rate within the state's floor and ceiling)
are the service's, through the core's checks.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpaths.core.funding import CostItem, DeliveryModel, Party
from careerpaths.core.partnerships import AgreementKind
from careerpaths.web.partnerships.models import AgreementStatus

PAYER_ITEMS = (
    CostItem.TUITION,
    CostItem.FEES,
    CostItem.BOOKS,
    CostItem.EQUIPMENT,
    CostItem.TRANSPORT,
)
ITEM_CHOICES = [
    (CostItem.TUITION.value, _("Tuition")),
    (CostItem.FEES.value, _("Fees")),
    (CostItem.BOOKS.value, _("Books and materials")),
    (CostItem.EQUIPMENT.value, _("Equipment")),
    (CostItem.TRANSPORT.value, _("Transportation")),
]
KIND_CHOICES = [
    (AgreementKind.MOU.value, _("Memorandum of understanding")),
    (AgreementKind.CONTRACT.value, _("Contract")),
    (AgreementKind.ARTICULATION.value, _("Articulation agreement")),
]
PARTY_CHOICES = [
    ("", "—"),
    (Party.DISTRICT.value, _("School district")),
    (Party.COLLEGE.value, _("College")),
    (Party.CAREER_CENTER.value, _("Career center")),
    (Party.FAMILY.value, _("Family")),
    (Party.STATE.value, _("State")),
]
DELIVERY_CHOICES = [
    (DeliveryModel.HS_TEACHER.value, _("At the high school, credentialed high-school teacher")),
    (DeliveryModel.COLLEGE_FACULTY_AT_HS.value, _("At the high school, college faculty")),
    (DeliveryModel.COLLEGE_CAMPUS.value, _("At the college")),
    (DeliveryModel.CAREER_CENTER.value, _("At a career center")),
    (DeliveryModel.ONLINE.value, _("Online")),
]

HEAD_FIELDS = ("id", "kind", "title", "status", "starts", "ends", "renewal_notice_days")


class AgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    id = forms.SlugField(label=_("Agreement id"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    parties = forms.MultipleChoiceField(
        label=_("Parties"), widget=forms.CheckboxSelectMultiple, required=False
    )
    starts = forms.DateField(label=_("Starts (YYYY-MM-DD)"))
    ends = forms.DateField(label=_("Ends (YYYY-MM-DD)"))
    renewal_notice_days = forms.IntegerField(
        label=_("Renewal notice (days before the end)"), min_value=0, max_value=3650, initial=90
    )
    courses = forms.MultipleChoiceField(
        label=_("Courses covered"), widget=forms.CheckboxSelectMultiple, required=False
    )
    deliveries = forms.MultipleChoiceField(
        label=_("Delivery models covered"),
        widget=forms.CheckboxSelectMultiple,
        choices=DELIVERY_CHOICES,
        required=False,
    )
    instructor_provider = forms.ChoiceField(
        label=_("Who provides the instructor"), choices=PARTY_CHOICES, required=False
    )
    ferpa_clause = forms.CharField(
        label=_("Data-sharing (FERPA) clause"), widget=forms.Textarea, required=False
    )
    data_scope = forms.CharField(
        label=_("Student data shared (comma-separated, e.g. enrollment, grades)"),
        required=False,
    )
    signatories = forms.CharField(
        label=_("Signatories, one a line: name | title | institution id | signed on"),
        widget=forms.Textarea,
        required=False,
    )
    illustrative = forms.BooleanField(
        label=_("Illustrative (not a real agreement)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        institutions: dict[str, str],
        courses: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].choices = sorted(  # type: ignore[attr-defined]
            institutions.items(), key=lambda kv: kv[1]
        )
        self.fields["courses"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} {title}") for code, title in courses.items()
        ]
        for item, label in ITEM_CHOICES:
            self.fields[f"payer_{item}"] = forms.ChoiceField(
                label=label, choices=PARTY_CHOICES, required=False
            )
        for code, label in DELIVERY_CHOICES:
            self.fields[f"rate_{code}"] = forms.FloatField(label=label, required=False, min_value=0)

    def head_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in HEAD_FIELDS]

    def payer_fields(self) -> list[forms.BoundField]:
        return [self[f"payer_{item.value}"] for item in PAYER_ITEMS]

    def rate_fields(self) -> list[forms.BoundField]:
        return [self[f"rate_{code}"] for code, _label in DELIVERY_CHOICES]

    def to_data(self) -> dict[str, Any]:
        """The cleaned form as ``agreements.yaml`` holds an agreement."""
        c = self.cleaned_data
        data: dict[str, Any] = {
            "id": c["id"],
            "kind": c["kind"],
            "title": c["title"],
            "parties": list(c["parties"]),
            "starts": c["starts"].isoformat(),
            "ends": c["ends"].isoformat(),
            "status": c["status"],
            "renewal_notice_days": c["renewal_notice_days"],
            "courses": list(c["courses"]),
            "deliveries": list(c["deliveries"]),
            "payers": {
                item.value: c[f"payer_{item.value}"]
                for item in PAYER_ITEMS
                if c.get(f"payer_{item.value}")
            },
            "rates": {
                code: c[f"rate_{code}"]
                for code, _label in DELIVERY_CHOICES
                if c.get(f"rate_{code}") is not None
            },
        }
        if c.get("instructor_provider"):
            data["instructor_provider"] = c["instructor_provider"]
        scope = [s.strip() for s in (c.get("data_scope") or "").split(",") if s.strip()]
        if c.get("ferpa_clause", "").strip() or scope:
            data["data_sharing"] = {"clause": c["ferpa_clause"].strip(), "scope": scope}
        data["signatories"] = [
            _signatory(line) for line in c["signatories"].splitlines() if line.strip()
        ]
        if c.get("illustrative"):
            data["illustrative"] = True
        return data

    @classmethod
    def initial_of(cls, data: dict[str, Any], version: int) -> dict[str, Any]:
        """Form values showing a saved agreement's data."""
        sharing = data.get("data_sharing") or {}
        initial: dict[str, Any] = {
            **{k: data.get(k) for k in ("id", "kind", "title", "status", "starts", "ends")},
            "version": version,
            "parties": data.get("parties") or [],
            "renewal_notice_days": data.get("renewal_notice_days", 90),
            "courses": data.get("courses") or [],
            "deliveries": data.get("deliveries") or [],
            "instructor_provider": data.get("instructor_provider") or "",
            "ferpa_clause": sharing.get("clause", ""),
            "data_scope": ", ".join(sharing.get("scope") or ()),
            "signatories": "\n".join(
                " | ".join(
                    (
                        s.get("name", ""),
                        s.get("title", ""),
                        s.get("institution", ""),
                        s.get("signed_on") or "",
                    )
                ).rstrip(" |")
                for s in data.get("signatories") or ()
            ),
            "illustrative": bool(data.get("illustrative")),
        }
        for item, party in (data.get("payers") or {}).items():
            initial[f"payer_{item}"] = party
        for code, rate in (data.get("rates") or {}).items():
            initial[f"rate_{code}"] = rate
        return initial


def _signatory(line: str) -> dict[str, Any]:
    parts = [p.strip() for p in line.split("|")]
    parts += [""] * (4 - len(parts))
    out: dict[str, Any] = {"name": parts[0], "title": parts[1], "institution": parts[2]}
    if parts[3]:
        out["signed_on"] = parts[3]
    return out
