"""Staff screens (administrators only) to register API clients, issue and revoke their tokens,
deactivate them, and see their recent calls."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from centres.access import role_required
from centres.api.forms import ApiClientForm, ApiTokenForm
from centres.api.services import api_client_deactivate, api_client_register, api_token_issue, api_token_revoke
from centres.models import ApiCall, ApiClient, ApiToken
from centres.roles import administers

RECENT_CALLS = 50


@role_required(administers)
def api_client_list(request: HttpRequest) -> HttpResponse:
    clients = ApiClient.objects.annotate(
        live_tokens=Count("tokens", filter=Q(tokens__revoked_at__isnull=True, tokens__expires_at__gt=timezone.now()))
    ).order_by("-active", "name")
    return render(request, "centres/api_clients/list.html", {"clients": clients})


@role_required(administers)
@require_http_methods(["GET", "POST"])
def api_client_add(request: HttpRequest) -> HttpResponse:
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = api_client_register(
                name=form.cleaned_data["name"],
                system=form.cleaned_data["system"],
                contact_email=form.cleaned_data["contact_email"],
                centres=form.cleaned_data["centres"],
                all_centres=form.cleaned_data["all_centres"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{client.name} is registered. Issue it a token next.")
            return redirect("centres:api_client", pk=client.pk)
    return render(request, "centres/api_clients/form.html", {"form": form})


@role_required(administers)
def api_client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient.objects.prefetch_related("centres"), pk=pk)
    tokens = client.tokens.select_related("created_by")
    calls = ApiCall.objects.filter(client=client).select_related("token")[:RECENT_CALLS]
    return render(request, "centres/api_clients/detail.html", {"client": client, "tokens": tokens, "calls": calls})


@role_required(administers)
@require_http_methods(["GET", "POST"])
def api_token_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk, active=True)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = api_token_issue(
                client=client,
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(),
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Rendered, not redirected: the secret is on this one page and stored nowhere.
            response = render(
                request, "centres/api_clients/token_issued.html", {"client": client, "token": token, "text": text}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "centres/api_clients/token_form.html", {"client": client, "form": form})


@role_required(administers)
@require_http_methods(["GET", "POST"])
def api_token_revoke_view(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.select_related("client"), pk=token_pk, client_id=pk)

    def revoke() -> str:
        api_token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
        return f"Token {token.prefix} is revoked: calls with it now get 401."

    return _confirmed(
        request,
        token.client,
        revoke,
        title=f"Revoke token {token.prefix}",
        text="Calls with this token will be refused at once. This cannot be undone.",
        button="Revoke the token",
    )


@role_required(administers)
@require_http_methods(["GET", "POST"])
def api_client_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)

    def deactivate() -> str:
        api_client_deactivate(client=client, by=request.user)  # type: ignore[arg-type]
        return f"{client.name} is deactivated: none of its tokens work any more."

    return _confirmed(
        request,
        client,
        deactivate,
        title=f"Deactivate {client.name}",
        text="None of its tokens will work any more. Its calls stay in the log.",
        button="Deactivate the client",
    )


def _confirmed(
    request: HttpRequest, client: ApiClient, act: Callable[[], str], *, title: str, text: str, button: str
) -> HttpResponse:
    """A step that cannot be undone: GET asks first; POST does `act` and shows the message it
    returns on the client's page."""
    if request.method == "POST":
        messages.success(request, act())
        return redirect("centres:api_client", pk=client.pk)
    context = {"client": client, "title": title, "text": text, "button": button}
    return render(request, "centres/api_clients/confirm.html", context)
