"""Scopes: every API view declares, per HTTP method, the scope a token needs.

    class FamilyList(ApiListView):
        required_scopes = {"GET": Scope.FAMILIES_READ, "POST": Scope.FAMILIES_WRITE}

HEAD and OPTIONS need the scope of GET. A method a view does not declare is refused (deny by
default); tests/api/test_api_scopes.py fails for any route whose methods have no scope.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from centres.api.authentication import api_token

SAME_AS_GET = {"HEAD", "OPTIONS"}


def required_scope(view: Any, method: str) -> str | None:
    scopes: dict[str, str] = getattr(view, "required_scopes", {}) or {}
    return scopes.get("GET" if method in SAME_AS_GET else method)


class HasScope(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        token = api_token(request)
        if token is None:
            raise exceptions.NotAuthenticated("Send a token: 'Authorization: Bearer <token>'.")
        method = request.method or ""
        if method not in SAME_AS_GET and not hasattr(view, method.lower()):
            return True  # DRF answers 405 Method Not Allowed
        scope = required_scope(view, method)
        if scope is None:
            raise exceptions.PermissionDenied("This operation is not open to API clients.")
        if scope not in token.scopes:
            raise exceptions.PermissionDenied(f"This token does not have the scope '{scope}'.")
        return True
