"""`Authorization: Bearer <prefix>.<secret>`: the only way into the API (no session, so no CSRF
surprises and no staff browser session acting as a council system)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from centres.models import ApiClient, ApiToken

PREFIX = re.compile(r"[0-9a-f]{1,16}")
# last_used_at is written at most this often per token: not one UPDATE per call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _fail(message: str) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(message)


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[ApiClient, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword.lower().encode():
            raise _fail("Use the header 'Authorization: Bearer <token>'.")
        if len(header) != 2:
            raise _fail("Give exactly one token after 'Bearer'.")
        try:
            text = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise _fail("The token is not valid.") from None
        prefix, dot, secret = text.partition(".")
        if not dot or not secret or not PREFIX.fullmatch(prefix):
            raise _fail("The token is not valid.")
        token = ApiToken.objects.select_related("client").filter(prefix=prefix).first()
        if token is None or not token.matches(secret):
            raise _fail("The token is not valid.")
        # From here on the call is logged against the client, even when it is refused.
        request._request.api_token = token  # type: ignore[attr-defined]
        if token.revoked_at is not None:
            raise _fail("The token has been revoked.")
        if token.is_expired:
            raise _fail("The token has expired: ask the authority's administrator for a new one.")
        if not token.client.active:
            raise _fail("The API client has been deactivated.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.client, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate), not 403, when no token was sent.
        return f'{self.keyword} realm="api"'


def api_token(request: Any) -> ApiToken | None:
    """The token behind a request (DRF's request.auth), or None."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
