"""Staffing pages (included under ``staffing/``; names ``staffing:…``)."""

from django.urls import path

from careerpaths.web.staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.index, name="index"),
    path("instructors/new/", views.instructor_new, name="instructor-new"),
    path("instructors/<uuid:public_id>/", views.instructor, name="instructor"),
    path("instructors/<uuid:public_id>/edit/", views.instructor_edit, name="instructor-edit"),
    path("instructors/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("instructors/<uuid:public_id>/orientation/", views.orientation, name="orientation"),
    path("sections/new/", views.section_new, name="section-new"),
    path("sections/<uuid:public_id>/edit/", views.section_edit, name="section-edit"),
    path("sections/<uuid:public_id>/activate/", views.activate, name="activate"),
    path("due/", views.dues, name="dues"),
    path("due.ics", views.dues_ics, name="dues-ics"),
]
