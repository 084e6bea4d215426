"""The administrators' screens for API clients and tokens, and `manage.py api_client`."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from centres.models import ApiCall, ApiClient, ApiToken, AuditEvent, Scope
from tests.api.factories import ApiClientFactory, bearer, issue_token

pytestmark = pytest.mark.django_db


def test_an_administrator_registers_a_client_for_chosen_centres(client, authority):
    client.force_login(authority.admin)
    response = client.post(
        reverse("centres:api_client_add"),
        {
            "name": "Early help system",
            "system": "ehm",
            "contact_email": "ehm@council.example",
            "centres": [authority.centre_a.pk],
        },
    )
    registered = ApiClient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("centres:api_client", kwargs={"pk": registered.pk})
    assert list(registered.centres.all()) == [authority.centre_a]
    assert registered.created_by == authority.admin
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.object_id) == ("create", authority.admin, str(registered.pk))


def test_a_client_needs_centres_or_all_centres_and_a_unique_system(client, authority):
    client.force_login(authority.admin)
    ApiClientFactory(system="ehm")
    response = client.post(
        reverse("centres:api_client_add"), {"name": "X", "system": "ehm", "contact_email": "x@council.example"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "centres" in errors and "system" in errors
    assert ApiClient.objects.count() == 1


def test_issuing_a_token_shows_the_secret_once_and_stores_only_its_hash(client, authority):
    api_client = ApiClientFactory(centres=[authority.centre_a])
    client.force_login(authority.admin)
    expires = timezone.localdate() + timedelta(days=90)
    response = client.post(
        reverse("centres:api_token_new", kwargs={"pk": api_client.pk}),
        {"scopes": [Scope.FAMILIES_READ, Scope.AGGREGATES_READ], "expires_on": expires.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = re.search(r'id="token-text"[^>]*>([^<]+)</textarea>', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert text.startswith(f"{token.prefix}.")
    assert text.split(".", 1)[1] not in token.secret_hash
    assert token.scopes == [Scope.AGGREGATES_READ, Scope.FAMILIES_READ]
    assert timezone.localtime(token.expires_at).date() == expires
    # The secret appears nowhere afterwards, and the token works.
    detail = client.get(reverse("centres:api_client", kwargs={"pk": api_client.pk})).content.decode()
    assert token.prefix in detail and text not in detail
    assert client.get("/api/v1/families/", **bearer(text)).status_code == 200
    assert AuditEvent.objects.filter(action="create", object_id=str(token.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"scopes": [], "expires_on": "1/1/2099"}, "scopes"),
        ({"scopes": ["everything"], "expires_on": "1/1/2099"}, "scopes"),
        ({"scopes": [Scope.FAMILIES_READ], "expires_on": "1/1/2000"}, "expires_on"),
        ({"scopes": [Scope.FAMILIES_READ], "expires_on": "1/1/2099"}, "expires_on"),
        ({"scopes": [Scope.FAMILIES_READ], "expires_on": "soon"}, "expires_on"),
    ],
)
def test_a_token_needs_real_scopes_and_an_expiry_within_a_year(client, authority, data, field):
    api_client = ApiClientFactory(all_centres=True)
    client.force_login(authority.admin)
    response = client.post(reverse("centres:api_token_new", kwargs={"pk": api_client.pk}), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_at_once(client, authority):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    client.force_login(authority.admin)
    url = reverse("centres:api_token_revoke", kwargs={"pk": token.client_id, "token_pk": token.pk})
    page = client.get(url)  # the confirmation page changes nothing
    assert page.status_code == 200 and page.context["title"] == f"Revoke token {token.prefix}"
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("centres:api_client", kwargs={"pk": token.client_id}), 302)]
    assert f"Token {token.prefix} is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/centres/", **bearer(text)).status_code == 401
    assert AuditEvent.objects.filter(action="update", object_id=str(token.pk)).exists()


def test_a_token_is_revoked_only_through_its_own_client(client, authority):
    token, _ = issue_token()
    other = ApiClientFactory()
    client.force_login(authority.admin)
    url = reverse("centres:api_token_revoke", kwargs={"pk": other.pk, "token_pk": token.pk})
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_deactivating_a_client_stops_all_its_tokens(client, authority):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    client.force_login(authority.admin)
    url = reverse("centres:api_client_deactivate", kwargs={"pk": token.client_id})
    page = client.get(url)  # the confirmation page changes nothing
    assert page.status_code == 200 and page.context["button"] == "Deactivate the client"
    assert client.get("/api/v1/centres/", **bearer(text)).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("centres:api_client", kwargs={"pk": token.client_id})
    assert client.get("/api/v1/centres/", **bearer(text)).status_code == 401
    # No new token for a deactivated client.
    assert client.get(reverse("centres:api_token_new", kwargs={"pk": token.client_id})).status_code == 404


def test_the_client_page_shows_its_recent_calls(client, authority, django_assert_max_num_queries):
    token, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    for _ in range(5):
        client.get("/api/v1/centres/", **bearer(text))
    client.get("/api/v1/families/", **bearer(text))
    client.force_login(authority.admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("centres:api_client", kwargs={"pk": token.client_id})).content.decode()
    assert page.count("GET /api/v1/centres/") == 5
    assert "GET /api/v1/families/" in page and ">403<" in page
    assert ApiCall.objects.filter(client=token.client).count() == 6


def test_the_client_list_counts_live_tokens(client, authority, django_assert_max_num_queries):
    token, _ = issue_token()
    issue_token(token.client)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    for _ in range(3):
        issue_token()
    client.force_login(authority.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("centres:api_clients"))
    row = next(c for c in response.context["clients"] if c.pk == token.client_id)
    assert row.live_tokens == 1


def test_the_command_registers_a_client_and_prints_a_working_token(client, authority):
    out = StringIO()
    call_command(
        "api_client",
        "--system",
        "loadtest",
        "--all-centres",
        "--all-scopes",
        "--days",
        "7",
        "--by",
        "admin",
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.client.system == "loadtest" and token.client.all_centres
    assert sorted(token.scopes) == sorted(Scope.values)
    assert client.get("/api/v1/families/", **bearer(text)).json()["results"]
    # Again: the same client, a second token.
    call_command("api_client", "--system", "loadtest", "--scope", "aggregates:read", "--by", "admin", stdout=StringIO())
    assert ApiClient.objects.count() == 1 and ApiToken.objects.count() == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--system", "x", "--all-scopes", "--all-centres", "--by", "worker"],  # not an administrator
        ["--system", "x", "--all-scopes", "--by", "admin"],  # no centres
        ["--system", "x", "--all-centres", "--by", "admin"],  # no scopes
        ["--system", "x", "--all-scopes", "--all-centres", "--days", "0", "--by", "admin"],
        ["--system", "x", "--all-scopes", "--centre", "abc", "--by", "admin"],
    ],
)
def test_the_command_refuses_what_the_screens_refuse(authority, args):
    with pytest.raises(CommandError):
        call_command("api_client", *args, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


def test_the_command_leaves_no_client_behind_when_the_token_is_refused(authority):
    with pytest.raises(CommandError):
        call_command("api_client", "--system", "x", "--all-centres", "--by", "admin", stdout=StringIO())
    assert not ApiClient.objects.exists()
