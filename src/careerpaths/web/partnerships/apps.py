from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Partnership agreements, costs by delivery model and the Perkins V budget (issue #16)."""

    name = "careerpaths.web.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and funding"
