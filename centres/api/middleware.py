"""Logs every call to the API (allowed or refused) with its client: one INSERT per call."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from centres.audit import client_ip
from centres.models import ApiCall

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


class ApiCallLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        token = getattr(request, "api_token", None)  # set by ApiTokenAuthentication
        try:
            ApiCall.objects.create(
                client_id=token.client_id if token else None,
                token=token,
                method=request.method or "",
                path=request.path[:255],
                status_code=response.status_code,
                duration_ms=round((time.monotonic() - started) * 1000),
                ip_address=client_ip(request),
            )
        except DatabaseError:
            # A full disk or a lost connection must not turn an answered call into a 500.
            logger.exception("could not log an API call to %s", request.path[:100])
        return response
