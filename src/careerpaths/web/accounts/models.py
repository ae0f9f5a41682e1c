"""A staff member's role and the institutions it applies to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SITE_ADMIN = "site_admin", _("Site administrator")
    DISTRICT_DESIGNER = "district_designer", _("District designer")
    COLLEGE_COORDINATOR = "college_coordinator", _("College coordinator")
    COUNSELOR = "counselor", _("Counselor")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """What a user may do (``role``) and where (``institutions``, with their children).

    A district designer's institutions are districts (or career centers), a college
    coordinator's are colleges, a counselor's are high schools (or whole districts).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.VIEWER)
    institutions = models.ManyToManyField("catalog.Institution", blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role}"
