"""Time each kind of family search against whatever data the database holds.

    .venv/bin/python bench/search.py [--database-url URL] [--runs 9] [--username NAME] [--explain]

Each figure is what the search screen does for one page: count the matches, then fetch the
first page of 50 with its carers, children and current address. The probe values (a name,
a date of birth, an NHS number, a postcode) are taken from the data visible to the user, so
that every search finds something when the data has it; a kind whose data is missing is
timed with a made-up value and shows 0 rows. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from centres.models import User

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: DATABASE_URL from the environment or .env")
    parser.add_argument("--runs", type=int, default=9, help="runs per search; the median is reported (default 9)")
    parser.add_argument(
        "--username", help="search as this user (default: the centre manager who sees the most families)"
    )
    parser.add_argument("--explain", action="store_true", help="print the database's plan for each search")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()


def pick_user(username: str | None) -> User:
    from django.db.models import Count

    from centres.models import User
    from centres.roles import Role

    if username:
        return User.objects.get(username=username)
    users = (
        User.objects.filter(role=Role.MANAGER, is_active=True)
        .annotate(families=Count("centres__families"))
        .order_by("-families", "username")
    )
    user = users.first()
    if user is None:
        sys.exit("No centre manager in this database: load data first (manage.py load_demo --scale large).")
    return user


def probes(user: User) -> list[tuple[str, str]]:
    """(kind, query) pairs built from the data the user can see."""
    from families.models import Address, Adult, Child, Family

    families = Family.objects.for_user(user).active()
    child = Child.objects.filter(family__in=families, date_of_birth__isnull=False).order_by("id").first()
    adult = Adult.objects.filter(family__in=families).order_by("-id").first()
    with_nhs = Child.objects.filter(family__in=families).exclude(nhs_number="").order_by("id").first()
    address = Address.objects.current().filter(family__in=families).order_by("id").first()
    adult_born = Adult.objects.filter(family__in=families, date_of_birth__isnull=False).order_by("id").first()
    surname = adult.last_name if adult else "Smith"
    first = adult.first_name if adult else "Ava"
    nhs = with_nhs.nhs_number if with_nhs else "9434765919"
    rows = [
        ("empty (all families)", ""),
        ("NHS number", f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"),
        ("postcode", address.postcode.replace(" ", "").lower() if address else "SW1A 1AA"),
        ("date of birth (child)", f"{child.date_of_birth:%d/%m/%Y}" if child and child.date_of_birth else "1/6/2024"),
        (
            "date of birth (adult)",
            adult_born.date_of_birth.isoformat() if adult_born and adult_born.date_of_birth else "1990-01-01",
        ),
        ("surname", surname.lower()),
        ("name prefix (3 letters)", first[:3]),
        ("first and last name", f"{first} {surname}"),
        ("no match", "Zzyzx Qwertyuiop"),
    ]
    return rows


def time_search(user: User, query: str, runs: int) -> tuple[int, list[float]]:
    from django.core.paginator import Paginator

    from families.search import family_search

    timings = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        page = Paginator(family_search(user=user, query=query), PAGE_SIZE).get_page(1)
        count = page.paginator.count
        list(page.object_list)
        timings.append((time.perf_counter() - started) * 1000)
    return count, timings


def main() -> None:
    args = parse_args()
    setup(args)
    from django.db import connection

    from families.models import Child, Family
    from families.search import family_search

    user = pick_user(args.username)
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"{Family.objects.count():,} families, {Child.objects.count():,} children; "
        f"searching as {user.username} ({user.centres.count()} centres, "
        f"{Family.objects.for_user(user).active().count():,} visible families); median of {args.runs} runs"
    )
    header = f"{'search':<24} {'query':<28} {'rows':>7} {'median ms':>10} {'min ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    explain: list[tuple[str, str]] = []
    for kind, query in probes(user):
        time_search(user, query, 1)  # warm the cache and the connection
        count, timings = time_search(user, query, args.runs)
        print(
            f"{kind:<24} {query!r:<28} {count:>7,} {statistics.median(timings):>10.1f} "
            f"{min(timings):>8.1f} {max(timings):>8.1f}"
        )
        if args.explain:
            explain.append((kind, family_search(user=user, query=query)[:PAGE_SIZE].explain()))
    for kind, plan in explain:
        print(f"\n== {kind}\n{plan}")


if __name__ == "__main__":
    main()
