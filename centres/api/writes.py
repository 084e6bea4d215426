"""What every write operation shares: its body checked by a serializer, the error answers it
documents beyond the common ones (centres.api.schema), and its Idempotency-Key and If-Match
header parameters."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status

from centres.api.schema import ErrorSerializer


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is larger than this API accepts."
    default_code = "too_large"


def valid_data(
    serializer_class: type[serializers.Serializer],
    data: Any,
    *,
    partial: bool = False,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`data` as `serializer_class` checks it: a 400 with each field's messages when it fails."""
    serializer = serializer_class(data=data, partial=partial, context=context or {})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


WRITE_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, "A record named in the path or body is not among the client's centres'."),
    409: OpenApiResponse(ErrorSerializer, "The record changed since it was read (If-Match / version)."),
    422: OpenApiResponse(ErrorSerializer, "This Idempotency-Key was already used for a different request."),
    428: OpenApiResponse(ErrorSerializer, "Send the version you read: an If-Match header or a 'version' field."),
}


def idempotency_key_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "Idempotency-Key",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="Any unique string per intended write: a retry with it replays the first answer.",
    )


def if_match_parameter(*, required: bool) -> OpenApiParameter:
    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        description='The ETag of the record as you read it, such as "3" (or send `version` in the body).',
    )
