"""ETag and If-None-Match for reads (a 304 when nothing changed), and If-Match for writes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils.http import parse_etags
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from centres.api.exceptions import Conflict, PreconditionRequired


def content_etag(data: Any) -> str:
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = parse_etags(header)
    return "*" in tags or etag in tags or etag in [t.removeprefix("W/") for t in tags]


class ETagMixin:
    """For read views: a strong ETag on every 200 (a hash of the body), 304 on If-None-Match."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method in ("GET", "HEAD") and response.status_code == status.HTTP_200_OK:
            etag = content_etag(response.data)
            response["ETag"] = etag
            header = request.headers.get("If-None-Match", "")
            if header and _matches(header, etag):
                not_modified = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
                # Re-run DRF's finalisation so that the 304 gets a renderer like any response.
                return super().finalize_response(request, not_modified, *args, **kwargs)  # type: ignore[misc]
        return response


def version_etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request, body_version: Any = None) -> int:
    """The version the client last read: the If-Match header (an ETag of a record, `"3"`) or a
    `version` field in the body. Neither is a 428; a malformed one is a 400."""
    from rest_framework.exceptions import ValidationError

    header = request.headers.get("If-Match")
    if header:
        tags = parse_etags(header)
        if len(tags) != 1 or not tags[0].strip('"').isdigit():
            raise ValidationError({"If-Match": ['Give the ETag of the record you read, such as "3".']})
        return int(tags[0].strip('"'))
    if body_version is None:
        raise PreconditionRequired
    if isinstance(body_version, bool) or not isinstance(body_version, int | str) or not str(body_version).isdigit():
        raise ValidationError({"version": ["Give the version you read, a whole number."]})
    return int(body_version)


def patch_version(request: Request) -> int:
    """The version a PATCH was sent for: If-Match, else the body's `version` (neither is a 428)."""
    body_version = request.data.get("version") if isinstance(request.data, dict) else None
    return expected_version(request, body_version)


def upsert_version(request: Request, data: dict[str, Any]) -> int | None:
    """The version a PUT by external_id was sent for, if any (If-Match or the checked body's
    `version`): with neither, the record is created, or changed whatever its version."""
    if request.headers.get("If-Match") or "version" in data:
        return expected_version(request, data.get("version"))
    return None


def check_version(*, current: int, expected: int) -> None:
    """409 when the record moved on since the client read it: its change is not applied."""
    if current != expected:
        raise Conflict(f"The record is at version {current}, not {expected}: read it again and retry.")
