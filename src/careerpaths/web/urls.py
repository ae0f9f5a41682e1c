"""URLs. Every named URL here appears in the permission matrix test (tests/web)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from careerpaths.web.accounts import views as accounts
from careerpaths.web.catalog import design_views as design
from careerpaths.web.catalog import views as public
from careerpaths.web.students import views as students

urlpatterns = [
    # Families and students: no login.
    path("", public.home, name="home"),
    path("schools/<slug:school_id>/", public.school, name="school"),
    path("pathways/<slug:pathway_id>/", public.pathway_map, name="pathway-map"),
    path("pathways/<slug:pathway_id>/handout.pdf", public.pathway_handout, name="pathway-handout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Staff.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-step/", accounts.mfa, name="mfa"),
    path("staff/", design.staff_home, name="staff-home"),
    path("design/", design.design_index, name="design"),
    path("design/new/", design.design_new, name="design-new"),
    path("design/pathways/<slug:pathway_id>/", design.design_edit, name="design-edit"),
    path("design/pathways/<slug:pathway_id>/place/", design.design_place, name="design-place"),
    path("design/pathways/<slug:pathway_id>/remove/", design.design_remove, name="design-remove"),
    path("design/pathways/<slug:pathway_id>/fill/", design.design_fill, name="design-fill"),
    path("design/pathways/<slug:pathway_id>/exit/", design.design_exit, name="design-exit"),
    path(
        "design/pathways/<slug:pathway_id>/exit/remove/",
        design.design_exit_remove,
        name="design-exit-remove",
    ),
    path("design/pathways/<slug:pathway_id>/status/", design.design_status, name="design-status"),
    path(
        "design/pathways/<slug:pathway_id>/discard/", design.design_discard, name="design-discard"
    ),
    path(
        "design/pathways/<slug:pathway_id>/details/", design.design_details, name="design-details"
    ),
    path(
        "design/pathways/<slug:pathway_id>/history/", design.design_history, name="design-history"
    ),
    path(
        "design/pathways/<slug:pathway_id>/restore/", design.design_restore, name="design-restore"
    ),
    path(
        "design/pathways/<slug:pathway_id>/history/<int:version>/",
        design.design_version,
        name="design-version",
    ),
    path("design/courses/", design.catalog_courses, name="catalog-courses"),
    path("design/courses/new/", design.catalog_course_new, name="catalog-course-new"),
    path("design/courses/<str:key>/", design.catalog_course, name="catalog-course"),
    path("design/credentials/", design.catalog_credentials, name="catalog-credentials"),
    path("design/translations/", design.catalog_translations, name="catalog-translations"),
    path(
        "design/credentials/<slug:credential_id>/",
        design.catalog_credential,
        name="catalog-credential",
    ),
    path("students/", students.caseload, name="caseload"),
    path("students/<uuid:public_id>/", students.student, name="student"),
    path("students/<uuid:public_id>/plan/", students.student_plan, name="student-plan"),
    path("students/import/", students.student_import, name="student-import"),
    path(
        "students/import/<uuid:public_id>/",
        students.student_import_detail,
        name="student-import-detail",
    ),
    path(
        "students/import/<uuid:public_id>/confirm/",
        students.student_import_confirm,
        name="student-import-confirm",
    ),
    path(
        "students/import/<uuid:public_id>/dismiss/",
        students.student_import_dismiss,
        name="student-import-dismiss",
    ),
    path("labor/", include("careerpaths.web.labor.urls")),
    path("audits/", include("careerpaths.web.audits.urls")),
    path("equity/", include("careerpaths.web.equity.urls")),
    path("partnerships/", include("careerpaths.web.partnerships.urls")),
    path("staffing/", include("careerpaths.web.staffing.urls")),
    path("admin/", admin.site.urls),
]
