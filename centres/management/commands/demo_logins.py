from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from centres.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from centres.models import User


class Command(BaseCommand):
    help = "Print the demo accounts for each role, with their centres and the shared demo password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Where the server will listen.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = (
            User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
            .prefetch_related("centres")
            .order_by("role", "id")
        )
        if not users:
            self.stdout.write("No demo accounts: run `make demo` on an empty database.")
            return
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for user in users:
            centres = ", ".join(c.name for c in user.centres.all()) or "whole authority"
            extra = " + restricted fields" if user.restricted_access else ""
            self.stdout.write(f"  {user.username:<10} {user.role_label}{extra}: {centres}")
        self.stdout.write(f"Open {options['url']} and sign in.")
