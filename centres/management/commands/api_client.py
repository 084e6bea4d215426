from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from centres.api.services import api_client_register, api_token_issue
from centres.models import ApiClient, Centre, Scope, User
from centres.roles import Role


class Command(BaseCommand):
    help = (
        "Register an API client (or reuse the one with this --system) and issue it a token. "
        "Prints the token: it is shown this once and never stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--system", required=True, help="Short identifier of the calling system, e.g. ehm.")
        parser.add_argument("--name", help="Its name (for a new client; default: the system).")
        parser.add_argument("--email", default="", help="Who to contact about it (for a new client).")
        parser.add_argument("--centre", action="append", default=[], help="A centre id it acts for (repeatable).")
        parser.add_argument("--all-centres", action="store_true", help="It acts for every centre.")
        parser.add_argument(
            "--scope", action="append", default=[], choices=Scope.values, help="A scope of the token (repeatable)."
        )
        parser.add_argument("--all-scopes", action="store_true", help="Every scope (for tests and load tests).")
        parser.add_argument("--days", type=int, default=90, help="Days until the token expires (default 90).")
        parser.add_argument("--by", required=True, help="Username of the administrator doing this.")

    def handle(self, *args: Any, **options: Any) -> None:
        by = User.objects.filter(username=options["by"], role=Role.ADMIN, is_active=True).first()
        if by is None:
            raise CommandError(f"No active administrator with the username {options['by']!r}.")
        scopes = list(Scope.values) if options["all_scopes"] else options["scope"]
        try:
            with transaction.atomic():  # no client is left behind when its token is refused
                text = self._issue(options, by, scopes)
        except (ValidationError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(text)

    def _issue(self, options: dict[str, Any], by: User, scopes: list[str]) -> str:
        client = ApiClient.objects.filter(system=options["system"]).first()
        if client is None:
            centres = Centre.objects.filter(pk__in=[int(c) for c in options["centre"]])
            client = api_client_register(
                name=options["name"] or options["system"],
                system=options["system"],
                contact_email=options["email"] or f"{options['system']}@invalid.example",
                centres=centres,
                all_centres=options["all_centres"],
                by=by,
            )
            self.stderr.write(f"Registered API client {client.pk} ({client.system}).")
        _, text = api_token_issue(
            client=client, scopes=scopes, expires_at=timezone.now() + timedelta(days=options["days"]), by=by
        )
        return text
