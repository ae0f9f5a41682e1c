"""Equity pages (included under ``equity/``; names ``equity:…``)."""

from django.urls import path  # noqa: F401

app_name = "equity"

urlpatterns: list = []
