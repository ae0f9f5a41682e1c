"""The counselor's plan page: a plan from next term, a what-if, logged, in Spanish too."""

from __future__ import annotations

from typing import Any

from django.test import Client

from careerpaths.web.students.models import Student, StudentAccess
from tests.web.auth import verified_login


def test_a_counselor_sees_a_plan_and_the_view_is_logged(users: dict[str, Any]) -> None:
    c = Client()
    verified_login(c, users["counselor"])
    s = Student.objects.get(record_id="SYN-A1")
    audit = c.get(f"/students/{s.public_id}/").content.decode()
    assert f"/students/{s.public_id}/plan/" in audit
    response = c.get(f"/students/{s.public_id}/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan for student SYN-A1" in html
    assert 'data-testid="plan-status"' in html
    assert StudentAccess.objects.filter(student=s, what="plan").count() == 1
    what_if = c.get(f"/students/{s.public_id}/plan/?pathway=it").content.decode()
    assert '<option value="it" selected>' in what_if


def test_the_plan_page_in_spanish(users: dict[str, Any]) -> None:
    c = Client()
    verified_login(c, users["counselor"])
    s = Student.objects.get(record_id="SYN-A1")
    html = c.get(f"/students/{s.public_id}/plan/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Plan del estudiante SYN-A1" in html
