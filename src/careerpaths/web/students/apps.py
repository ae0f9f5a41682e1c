from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "careerpaths.web.students"
    label = "students"
    verbose_name = "Students"
