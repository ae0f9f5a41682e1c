from django.apps import AppConfig


class LaborWebConfig(AppConfig):
    """Wages and openings on the pathway map; ranked credentials, gaps and review flags."""

    name = "careerpaths.web.labor"
    label = "labor_web"  # "labor" would read as careerpaths.labor, the framework-free core
    verbose_name = "Labor market"
