"""Batch audit pages (included under ``audits/``; names ``audits:…``)."""

from django.urls import path

from careerpaths.web.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/students/", views.students, name="students"),
]
