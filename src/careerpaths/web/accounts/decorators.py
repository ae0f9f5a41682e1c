"""Page-level gates: who may open a kind of page at all (records are scoped in selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from careerpaths.web.accounts.models import Role
from careerpaths.web.accounts.selectors import log, user_scope

View = Callable[..., HttpResponse]


def staff_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind :func:`roles_required`."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Anonymous users go to the login page; other roles get 403. The view gets ``scope``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = user_scope(user=request.user)
            if scope.role not in roles:
                log.warning(
                    "page refused: user=%s role=%s view=%s", scope.user_id, scope.role,
                    view.__name__,
                )  # fmt: skip
                raise PermissionDenied
            return view(request, *args, scope=scope, **kwargs)

        return wrapper

    return decorate
