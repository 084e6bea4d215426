"""Access rows for the API client screens (centres/api/screens.py): administrators only."""

from __future__ import annotations

from centres.models import ApiClient
from tests.api.factories import ApiClientFactory, issue_token

ADMIN_ONLY = {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}


def _client(a) -> ApiClient:
    client = ApiClient.objects.filter(system="matrix").first()
    return client or ApiClientFactory(system="matrix", centres=[a.centre_a])


def _token_pk(a) -> int:
    client = _client(a)
    token = client.tokens.first() or issue_token(client)[0]
    return token.pk


MATRIX = [
    ("centres:api_clients", lambda a: {}, ADMIN_ONLY),
    ("centres:api_client_add", lambda a: {}, ADMIN_ONLY),
    ("centres:api_client", lambda a: {"pk": _client(a).pk}, ADMIN_ONLY),
    ("centres:api_token_new", lambda a: {"pk": _client(a).pk}, ADMIN_ONLY),
    ("centres:api_token_revoke", lambda a: {"pk": _client(a).pk, "token_pk": _token_pk(a)}, ADMIN_ONLY),
    ("centres:api_client_deactivate", lambda a: {"pk": _client(a).pk}, ADMIN_ONLY),
]
