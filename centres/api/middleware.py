"""Logs every call to the API (allowed or refused) with its client: one INSERT per call."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse

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
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            # Django's own pages (a path that matches no route, a server error) in the API's
            # error shape, so that a client never has to parse HTML.
            response = _json_error(response)
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


ERRORS = {
    400: ("The request is malformed.", "bad_request"),
    403: ("The request was refused.", "permission_denied"),
    404: ("Not found.", "not_found"),
    405: ("This method is not allowed here.", "method_not_allowed"),
    500: ("Something went wrong on our side: the error is logged.", "server_error"),
}


def _json_error(response: HttpResponse) -> HttpResponse:
    detail, code = ERRORS.get(response.status_code, ("The request failed.", "error"))
    replacement = JsonResponse({"detail": detail, "code": code, "errors": {}}, status=response.status_code)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            replacement[header] = response[header]
    return replacement
