from django.apps import AppConfig


class EquityConfig(AppConfig):
    """Equity dashboard and eligibility what-if over the app's student records."""

    name = "careerpaths.web.equity"
    label = "equity"
    verbose_name = "Equity"
