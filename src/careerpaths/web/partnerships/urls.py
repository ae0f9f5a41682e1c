"""Partnership pages (included under ``partnerships/``; names ``partnerships:…``)."""

from django.urls import path

from careerpaths.web.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("costs/", views.costs, name="costs"),
    path("budget/", views.budget, name="budget"),
]
