"""What every write operation shares: the error answers it documents beyond the common ones
(centres.api.schema), and its Idempotency-Key and If-Match header parameters."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, status

from centres.api.schema import ErrorSerializer


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is larger than this API accepts."
    default_code = "too_large"


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
