"""One rate limit per API client (settings.API_RATE_LIMIT, "600/min" by default), counted in the
cache so that it holds across processes (Redis in production). Calls without a valid token are
counted per IP address under the same limit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from centres.api.authentication import api_token


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self) -> str | None:
        # Read on every call, so that override_settings and a changed environment both apply.
        return getattr(settings, "API_RATE_LIMIT", "600/min")

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = api_token(request)
        ident = f"client-{token.client_id}" if token else f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
