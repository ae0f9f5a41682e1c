"""Equity pages (included under ``equity/``; names ``equity:…``)."""

from django.urls import path

from careerpaths.web.equity import views

app_name = "equity"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("whatif/", views.whatif, name="whatif"),
]
