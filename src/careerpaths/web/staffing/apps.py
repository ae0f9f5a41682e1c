from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "careerpaths.web.staffing"
    label = "staffing"
    verbose_name = "Instructors and sections"
