"""The OpenAPI description: the bearer token scheme, each operation's scope, and the error
responses every operation can give (so that the schema tells integrators the whole truth, and
schemathesis can hold the API to it)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from centres.api.permissions import required_scope


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="A sentence for a person.")
    code = serializers.CharField(help_text="A stable code for a program, such as 'invalid' or 'not_found'.")
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text="Field name to a list of messages (nested as the request body is); {} when none.",
    )


ERRORS = {
    "400": "The request, a query parameter or a header is malformed: see 'errors'.",
    "401": "No token, or a token that is not valid, expired or revoked.",
    "403": "The token does not have the scope this operation needs.",
    "429": "Too many calls: wait for the number of seconds in Retry-After.",
}


class ApiAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        # The scope goes after the description however it was given (a docstring, or
        # extend_schema's description, which takes get_description's place).
        operation = super().get_operation(*args, **kwargs)
        scope = required_scope(self.view, self.method)
        if operation is None or not scope:
            return operation
        text = f"{operation.get('description') or ''}\n\nScope: `{scope}`".strip()
        ordered = {key: value for key, value in operation.items() if key != "description"}
        position = list(ordered).index("operationId") + 1 if "operationId" in ordered else len(ordered)
        items = list(ordered.items())
        return dict([*items[:position], ("description", text), *items[position:]])

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = dict(ERRORS)
        if "{" in self.path:
            codes["404"] = "No such record, or it belongs to a centre this client does not act for."
        if self.method in ("POST", "PUT", "PATCH"):
            codes["409"] = "The record changed since it was read (If-Match / version), or a conflicting write."
        if getattr(self.view, "etag", False) and self.method == "GET":
            responses.setdefault("304", {"description": "Not modified: the ETag in If-None-Match still matches."})
        for code, description in codes.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = description
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "centres.api.authentication.ApiTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<prefix>.<secret>",
            "description": "A token issued by the authority's administrator, with scopes.",
        }
