"""Partnership pages (included under ``partnerships/``; names ``partnerships:…``)."""

from django.urls import path

from careerpaths.web.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("costs/", views.costs, name="costs"),
    path("budget/", views.budget, name="budget"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement-new"),
    path("agreements/<uuid:public_id>/", views.agreement, name="agreement"),
    path("agreements/<uuid:public_id>/edit/", views.agreement_edit, name="agreement-edit"),
]
