"""Template context: the current user's role (navigation only; permissions live in selectors)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from careerpaths.web.accounts.selectors import user_scope


def role(request: HttpRequest) -> dict[str, Any]:
    scope = user_scope(user=request.user)
    return {"scope": scope, "role": scope.role.value if scope.role else ""}
