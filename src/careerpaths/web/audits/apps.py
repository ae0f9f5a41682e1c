from django.apps import AppConfig


class AuditsConfig(AppConfig):
    """Batch audit runs and their results (random acts per student, school, college course)."""

    name = "careerpaths.web.audits"
    label = "audits"
    verbose_name = "Batch audits"
