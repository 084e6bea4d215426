"""The API's foundation: token authentication, scopes, the call log, rate limits, the error
shape, malformed input, conditional reads and idempotent writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import path
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import check_version, expected_version
from centres.api.idempotency import idempotent
from centres.models import ApiCall, ApiToken, IdempotencyKey, Scope
from tests.api.factories import bearer, issue_token
from tests.centres.factories import CentreFactory

pytestmark = pytest.mark.django_db

CENTRES = "/api/v1/centres/"


def test_a_call_without_a_token_is_401_with_the_scheme_named(client):
    response = client.get(CENTRES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {
        "detail": "Send a token: 'Authorization: Bearer <token>'.",
        "code": "not_authenticated",
        "errors": {},
    }


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token abc.def", "Use the header 'Authorization: Bearer <token>'."),
        ("Bearer", "Give exactly one token after 'Bearer'."),
        ("Bearer a b", "Give exactly one token after 'Bearer'."),
        ("Bearer nodot", "The token is not valid."),
        ("Bearer .secret", "The token is not valid."),
        ("Bearer 0123456789abcdef0.secret", "The token is not valid."),
        ("Bearer caf\u00e9.secret", "The token is not valid."),
        ("Bearer ab\x00cd.secret", "The token is not valid."),
    ],
)
def test_a_malformed_authorization_header_is_401_never_500(client, header, message):
    response = client.get(CENTRES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == message


def test_a_wrong_secret_is_refused(client):
    token, _text = issue_token()
    response = client.get(CENTRES, **bearer(f"{token.prefix}.not-the-secret"))
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is not valid."


def test_the_secret_is_stored_only_as_a_hash(client):
    token, text = issue_token()
    secret = text.split(".", 1)[1]
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in stored.secret_hash
    assert len(stored.secret_hash) == 64
    assert stored.matches(secret)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "The token has been revoked."),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "The token has expired"),
    ],
)
def test_revoked_and_expired_tokens_are_401(client, change, message):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    ApiToken.objects.filter(pk=token.pk).update(**change)
    response = client.get(CENTRES, **bearer(text))
    assert response.status_code == 401
    assert response.json()["detail"].startswith(message)


def test_a_deactivated_client_is_401(client):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    token.client.active = False
    token.client.save()
    response = client.get(CENTRES, **bearer(text))
    assert response.status_code == 401
    assert response.json()["detail"] == "The API client has been deactivated."


def test_a_token_without_the_scope_is_403_and_names_it(client):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ])
    response = client.get(CENTRES, **bearer(text))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token does not have the scope 'aggregates:read'.",
        "code": "permission_denied",
        "errors": {},
    }


def test_a_signed_in_member_of_staff_cannot_use_the_api(client, authority):
    """Session cookies are not an API credential: no CSRF surprises, no staff acting as a system."""
    client.force_login(authority.admin)
    assert client.get(CENTRES).status_code == 401
    client.force_login(authority.worker)
    assert client.get("/api/v1/families/").status_code == 401


def test_the_token_records_when_it_was_last_used(client):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    assert token.last_used_at is None
    client.get(CENTRES, **bearer(text))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_every_call_is_logged_with_its_client_refused_ones_too(client):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    client.get(CENTRES, **bearer(text))
    client.get("/api/v1/families/", **bearer(text))  # no families:read: 403
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    client.get(CENTRES, **bearer(text))  # revoked: 401, still the client's
    client.get(CENTRES)  # no token: logged without a client
    calls = list(ApiCall.objects.order_by("id").values_list("client_id", "token_id", "path", "status_code"))
    assert calls == [
        (token.client_id, token.pk, CENTRES, 200),
        (token.client_id, token.pk, "/api/v1/families/", 403),
        (token.client_id, token.pk, CENTRES, 401),
        (None, None, CENTRES, 401),
    ]
    assert all(c.duration_ms >= 0 and c.method == "GET" for c in ApiCall.objects.all())


def test_the_call_log_cannot_be_changed_or_deleted(client):
    client.get(CENTRES)
    call = ApiCall.objects.get()
    with pytest.raises(PermissionError):
        call.save()
    with pytest.raises(PermissionError):
        call.delete()
    with pytest.raises(PermissionError):
        ApiCall.objects.all().delete()
    with pytest.raises(PermissionError):
        ApiCall.objects.update(status_code=200)


def test_staff_screens_are_not_logged_as_api_calls(client, authority):
    client.force_login(authority.admin)
    client.get("/centres/")
    assert not ApiCall.objects.exists()


@override_settings(API_RATE_LIMIT="3/min")
def test_a_client_over_its_rate_limit_gets_429_with_retry_after(client):
    _token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    _other, other_text = issue_token(scopes=[Scope.AGGREGATES_READ])
    statuses = [client.get(CENTRES, **bearer(text)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(CENTRES, **bearer(text))
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    # The limit is per client: another client is not held back.
    assert client.get(CENTRES, **bearer(other_text)).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cursor=not-a-cursor", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=1001", "page_size"),
        ("page_size=ten", "page_size"),
        ("status=nonsense", "status"),
        ("ordering=postcode", "ordering"),
        ("ordering=name,id", "ordering"),
        ("ordering=", "ordering"),
    ],
)
def test_a_malformed_query_parameter_is_400_naming_it(client, query, field):
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    response = client.get(f"{CENTRES}?{query}", **bearer(text))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_an_unknown_record_is_404_in_the_error_shape(client):
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    response = client.get(f"{CENTRES}999999/", **bearer(text))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}


def test_a_method_the_endpoint_does_not_have_is_405(client):
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    response = client.post(CENTRES, {}, content_type="application/json", **bearer(text))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_lists_page_with_a_cursor(client):
    for _ in range(3):
        CentreFactory()
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    first = client.get(f"{CENTRES}?page_size=2", **bearer(text)).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"], **bearer(text)).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = [c["id"] for c in first["results"] + second["results"]]
    assert seen == sorted(seen) and len(set(seen)) == 3


def test_lists_can_be_ordered_by_the_fields_offered(client):
    CentreFactory(name="Beta")
    CentreFactory(name="Alpha")
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    names = [c["name"] for c in client.get(f"{CENTRES}?ordering=name", **bearer(text)).json()["results"]]
    assert names == ["Alpha", "Beta"]
    names = [c["name"] for c in client.get(f"{CENTRES}?ordering=-name", **bearer(text)).json()["results"]]
    assert names == ["Beta", "Alpha"]


# Write endpoints for the tests of the idempotency and concurrency helpers (the write endpoints
# proper come with their own tests). The run counter makes a replay visible: it does not run.
class EchoCreate(APIView):
    required_scopes = {"POST": Scope.CONTACTS_WRITE}
    runs = 0

    @idempotent
    def post(self, request):
        EchoCreate.runs += 1
        if request.data.get("fail"):
            return Response({"detail": "no", "code": "invalid", "errors": {"fail": ["no"]}}, status=400)
        return Response({"run": EchoCreate.runs, "echo": request.data}, status=201)


class VersionedUpdate(APIView):
    required_scopes = {"PATCH": Scope.FAMILIES_WRITE}

    def patch(self, request):
        check_version(current=3, expected=expected_version(request, request.data.get("version")))
        return Response({"version": 4})


urlpatterns = [path("api/v1/echo/", EchoCreate.as_view()), path("api/v1/versioned/", VersionedUpdate.as_view())]


@pytest.fixture
def writer():
    EchoCreate.runs = 0
    token, text = issue_token(scopes=[Scope.CONTACTS_WRITE, Scope.FAMILIES_WRITE])
    return token, bearer(text)


def _post(client, headers, body, key=None, raw=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    data = raw if raw is not None else __import__("json").dumps(body)
    return client.post("/api/v1/echo/", data, content_type="application/json", **headers, **extra)


@pytest.mark.urls(__name__)
def test_a_retried_post_with_the_same_key_is_replayed_not_run_again(client, writer):
    token, headers = writer
    first = _post(client, headers, {"a": 1}, key="k-1")
    again = _post(client, headers, {"a": 1}, key="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() == {"run": 1, "echo": {"a": 1}}
    assert again["Idempotent-Replayed"] == "true"
    assert EchoCreate.runs == 1
    assert IdempotencyKey.objects.get().client == token.client


@pytest.mark.urls(__name__)
def test_the_same_key_with_another_body_is_422(client, writer):
    _, headers = writer
    _post(client, headers, {"a": 1}, key="k-1")
    response = _post(client, headers, {"a": 2}, key="k-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert EchoCreate.runs == 1


@pytest.mark.urls(__name__)
def test_keys_belong_to_their_client(client, writer):
    _, headers = writer
    _, other = issue_token(scopes=[Scope.CONTACTS_WRITE])
    _post(client, headers, {"a": 1}, key="shared")
    assert _post(client, bearer(other), {"a": 1}, key="shared").json()["run"] == 2


@pytest.mark.urls(__name__)
def test_a_refused_request_is_not_stored_so_a_corrected_retry_runs(client, writer):
    _, headers = writer
    assert _post(client, headers, {"fail": True}, key="k-2").status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _post(client, headers, {"fail": False}, key="k-2").status_code == 201


@pytest.mark.urls(__name__)
def test_without_a_key_every_post_runs(client, writer):
    _, headers = writer
    _post(client, headers, {"a": 1})
    _post(client, headers, {"a": 1})
    assert EchoCreate.runs == 2


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9"])
def test_a_malformed_idempotency_key_is_400(client, writer, key):
    _, headers = writer
    response = _post(client, headers, {"a": 1}, key=key)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("raw", ["{not json", "[1, 2", '"unterminated', "\xff\xfe"])
def test_a_malformed_json_body_is_400_never_500(client, writer, raw):
    _, headers = writer
    response = _post(client, headers, None, raw=raw.encode("latin-1"))
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.urls(__name__)
def test_a_body_that_is_not_json_is_415(client, writer):
    _, headers = writer
    response = client.post("/api/v1/echo/", "a=1", content_type="application/x-www-form-urlencoded", **headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"HTTP_IF_MATCH": '"3"'}, {}, 200),
        ({"HTTP_IF_MATCH": '"2"'}, {}, 409),
        ({}, {"version": 3}, 200),
        ({}, {"version": 2}, 409),
        ({}, {}, 428),
        ({"HTTP_IF_MATCH": "garbage"}, {}, 400),
        ({"HTTP_IF_MATCH": '"1", "2"'}, {}, 400),
        ({}, {"version": "three"}, 400),
        ({}, {"version": [3]}, 400),
    ],
)
def test_a_stale_write_is_409_and_a_missing_version_428(client, writer, headers, body, status):
    _, auth = writer
    response = client.patch("/api/v1/versioned/", body, content_type="application/json", **auth, **headers)
    assert response.status_code == status
    if status == 409:
        assert response.json()["code"] == "conflict"


@pytest.mark.parametrize("query", ["status=\x00", "external_id=a\x00b", "updated_since=2026-01-01T00:00:00%00"])
def test_a_nul_character_in_a_query_parameter_is_400(client, query):
    """PostgreSQL refuses NUL in text: it must never reach the database (a 500)."""
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ, Scope.FAMILIES_READ])
    url = "/api/v1/families/" if "status" not in query else CENTRES
    response = client.get(f"{url}?{query}", **bearer(text))
    assert response.status_code == 400


@pytest.mark.parametrize(("query", "field"), [("status=", "status"), ("page_size=", "page_size")])
def test_a_blank_parameter_that_is_not_text_is_400(client, query, field):
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    response = client.get(f"{CENTRES}?{query}", **bearer(text))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_blank_cursor_is_the_first_page(client):
    CentreFactory()
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    assert len(client.get(f"{CENTRES}?cursor=", **bearer(text)).json()["results"]) == 1


def test_an_id_beyond_the_databases_range_is_400(client):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], all_centres=True)
    response = client.get(f"/api/v1/families/?centre={2**64}", **bearer(text))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["centre"]


def test_a_record_id_beyond_the_databases_range_is_404(client):
    _, text = issue_token(scopes=[Scope.FAMILIES_READ], all_centres=True)
    for url in (f"/api/v1/families/{2**70}/", f"/api/v1/families/{2**70}/contacts/"):
        assert client.get(url, **bearer(text)).status_code == 404
