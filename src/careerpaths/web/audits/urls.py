"""Batch audit pages (included under ``audits/``; names ``audits:…``)."""

from django.urls import path  # noqa: F401

app_name = "audits"

urlpatterns: list = []
