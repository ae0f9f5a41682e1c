"""Labor pages (included under ``labor/`` by the site's URL conf; names ``labor:…``)."""

from django.urls import path

from careerpaths.web.labor import views

app_name = "labor"

urlpatterns = [
    path("sources/", views.sources, name="sources"),
    path("credentials/", views.credentials, name="credentials"),
    path("gaps/", views.gaps, name="gaps"),
    path("flags/", views.flags, name="flags"),
]
