"""`Idempotency-Key` on POST: a retried request never creates a second record.

Use it on a write view's POST method:

    class ContactCreate(ApiView):
        required_scopes = {"POST": Scope.CONTACTS_WRITE}

        @idempotent
        def post(self, request):
            ...
            return Response(output, status=201)

Without the header the view runs as usual. With it, the first successful (2xx) answer is stored
with a hash of the request; the same key again from the same client replays that answer (with
`Idempotent-Replayed: true`) without running the view. The same key with a different body or
path is a 422 (for an upload, a different file, form field or query parameter). The view and
the key are written in one transaction: of two concurrent requests with one key, the second is
rolled back and replays the first's answer. Errors (4xx) are not stored, so a corrected retry
with the same key goes through.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.datastructures import MultiValueDict
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from centres.models import ApiClient, IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used for a different request: use a new key."
    default_code = "idempotency_key_reused"


def _canonical(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=JSONEncoder, sort_keys=True))


def _dumps(data: Any) -> str:
    return json.dumps(_canonical(data), sort_keys=True, separators=(",", ":"))


def request_hash(request: Request) -> str:
    """A hash of what the request asks for: method, path and body. An upload's body is its form
    fields, its query parameters (a CSV body's options) and its files' bytes, read in chunks."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    files = request.FILES
    if not files:
        digest.update(_dumps(request.data).encode())
        return digest.hexdigest()
    form = request.data.lists() if isinstance(request.data, MultiValueDict) else request.data.items()
    fields = {key: values for key, values in form if key not in files}
    digest.update(_dumps({"fields": fields, "query": dict(request.query_params.lists())}).encode())
    for name in sorted(files):
        upload = files[name]
        digest.update(f"\n{name}\n".encode())
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise exceptions.ValidationError({HEADER: [f"Give 1 to {MAX_KEY_LENGTH} printable ASCII characters."]})
    return key


def _replay(stored: IdempotencyKey, digest: str) -> Response:
    if stored.request_hash != digest:
        raise KeyReused
    return Response(stored.response_body, status=stored.response_status, headers={"Idempotent-Replayed": "true"})


def idempotent(method: Callable[..., Response]) -> Callable[..., Response]:
    @wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = idempotency_key(request)
        client = request.user
        if key is None or not isinstance(client, ApiClient):
            return method(view, request, *args, **kwargs)
        digest = request_hash(request)
        stored = IdempotencyKey.objects.filter(client=client, key=key).first()
        if stored is not None:
            return _replay(stored, digest)
        try:
            with transaction.atomic():
                response = method(view, request, *args, **kwargs)
                if status.is_success(response.status_code):
                    IdempotencyKey.objects.create(
                        client=client,
                        key=key,
                        method=request.method or "",
                        path=request.path[:255],
                        request_hash=digest,
                        response_status=response.status_code,
                        response_body=_canonical(response.data),
                    )
        except IntegrityError:
            # A concurrent request with the same key won: our work is rolled back; replay its answer.
            stored = IdempotencyKey.objects.filter(client=client, key=key).first()
            if stored is None:
                raise
            return _replay(stored, digest)
        return response

    return wrapper
