"""Indicator benchmark (issue #7): the engine on the large synthetic authority, in PostgreSQL.

Prints, for one quarter:

- the time to compute every registered indicator for every centre and the authority
  (`compute_period`, what a refresh does per period; median of --runs after a warm-up pass), and
  each computation's own time (median of --runs, each run printed);
- the memory it takes: the peak of Python's allocations during one computation (tracemalloc)
  and the process's peak resident size (which includes Django itself);
- the time to render the authority dashboard and one centre's dashboard from the snapshots
  (Django's test client, warm, median of --renders);
- the time of one hand-written SQL query computing R3 (reach) for every centre, the database's
  own floor for the most expensive figure, checked against the engine's R3, and the ratio.

Targets (issue #7): under 60 s and 500 MB for the quarter, under 300 ms for a dashboard.

The database comes from DATABASE_URL (`make bench-indicators` defaults it to
corepurpose_bench). It is created if missing and (re)loaded with `load_demo --scale large` when it
does not already hold at least 100,000 children and 2,000,000 contacts: about 10 minutes, once.
Whatever else, it is migrated first. Nothing is dropped unless --reload is given.

    make bench-indicators
    export DATABASE_URL=postgres://corepurpose:corepurpose@127.0.0.1:5432/corepurpose_bench
    .venv/bin/python bench/indicators.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MIN_CHILDREN = 100_000
MIN_CONTACTS = 2_000_000
AS_OF = "2026-10-01"  # the large authority is built around this day, so figures are repeatable

# R3 for every centre's reach area, written from DOMAIN.md's definition alone: resident
# under-fives (born on or before the end, fifth birthday after the start; the family's address
# at the end in an LSOA of the reach area; registered by the end, not merged, not anonymised)
# with at least one contact in the period that counts for them (the child took part, or the
# contact was with the family's adults), over R1 (the area's 0-4 population, newest mid-year
# estimate on or before the period's end).
R3_SQL = """
WITH area AS (
    SELECT m.lsoa_id, ra.centre_id
    FROM centres_reacharealsoa m
    JOIN centres_reacharea ra ON ra.id = m.reach_area_id
    JOIN centres_lsoa l ON l.id = m.lsoa_id AND l.vintage = %(vintage)s
    WHERE m.added_on <= %(end)s AND (m.removed_on IS NULL OR m.removed_on > %(end)s)
),
resident AS (
    SELECT c.id AS child_id, c.family_id, area.centre_id
    FROM families_child c
    JOIN families_family f ON f.id = c.family_id
    JOIN families_address a ON a.family_id = f.id
         AND a.moved_in <= %(end)s AND (a.moved_out IS NULL OR a.moved_out > %(end)s)
    JOIN area ON area.lsoa_id = a.lsoa_id
    WHERE c.date_of_birth <= %(end)s AND c.date_of_birth > (%(start)s::date - INTERVAL '5 years')
      AND f.registration_date <= %(end)s AND f.merged_into_id IS NULL AND f.anonymised_at IS NULL
),
reached AS (
    SELECT r.centre_id, COUNT(*) AS n
    FROM resident r
    WHERE EXISTS (
        SELECT 1 FROM services_contact k
        WHERE k.family_id = r.family_id AND k.date BETWEEN %(start)s AND %(end)s
          AND (k.with_adult OR EXISTS (
                SELECT 1 FROM services_contactchild cc WHERE cc.contact_id = k.id AND cc.child_id = r.child_id)))
    GROUP BY r.centre_id
),
population AS (
    SELECT area.centre_id, SUM(p.age_0 + p.age_1 + p.age_2 + p.age_3 + p.age_4) AS n
    FROM centres_population p
    JOIN area ON area.lsoa_id = p.lsoa_id
    WHERE p.year = (SELECT MAX(p2.year) FROM centres_population p2
                    JOIN centres_lsoa l2 ON l2.id = p2.lsoa_id AND l2.vintage = %(vintage)s
                    WHERE p2.year <= EXTRACT(YEAR FROM %(end)s::date))
    GROUP BY area.centre_id
)
SELECT ra.centre_id, COALESCE(reached.n, 0), COALESCE(population.n, 0)
FROM centres_reacharea ra
LEFT JOIN reached ON reached.centre_id = ra.centre_id
LEFT JOIN population ON population.centre_id = ra.centre_id
ORDER BY ra.centre_id
"""


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def libpq(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return ("postgresql" if scheme == "pgsql" else scheme) + "://" + rest


def loaded(url: str) -> bool:
    """Whether the database exists and already holds the large authority."""
    import psycopg

    try:
        with psycopg.connect(libpq(url), autocommit=True) as conn:
            row = conn.execute(
                "SELECT (SELECT COUNT(*) FROM families_child), (SELECT COUNT(*) FROM services_contact)"
            ).fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] >= MIN_CHILDREN and row[1] >= MIN_CONTACTS


def recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = unquote(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(libpq(with_database(url, "postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(*arguments: str) -> None:
    started = time.monotonic()
    print(f"$ manage.py {' '.join(arguments)}", flush=True)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, check=True)  # noqa: S603
    print(f"  ({time.monotonic() - started:.0f}s)", flush=True)


def prepare(url: str, *, reload: bool, as_of: str) -> None:
    """Create, migrate and load the database in child processes, so that this process's
    memory figures are the benchmark's own."""
    fresh = reload or not loaded(url)
    if fresh:
        print("loading the large authority (about 10 minutes, once)", flush=True)
        recreate(url)
    manage("migrate", "--noinput", "-v", "0")
    if fresh:
        manage("load_demo", "--scale", "large", "--as-of", as_of, "--allow-production")


def median_ms(action: Callable[[], object], runs: int, *, warm: int = 1) -> tuple[float, list[float]]:
    for _ in range(warm):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), times


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(runs: int, renders: int, limit: float) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import OperationalError, connection, transaction
    from django.test import Client

    from centres.models import Centre, User
    from families.models import Child, Family
    from outcomes.indicators import engine
    from outcomes.indicators.definitions import INDICATORS
    from outcomes.indicators.periods import period_containing
    from outcomes.models import IndicatorSnapshot
    from services.models import Contact

    last = Contact.objects.order_by("-date").values_list("date", flat=True).first() or date.fromisoformat(AS_OF)
    quarter = period_containing("quarter", last).previous()  # the last complete quarter
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]  # type: ignore[index]
    children, families, contacts = Child.objects.count(), Family.objects.count(), Contact.objects.count()
    centres = Centre.objects.filter(reach_area__isnull=False).count()
    load_before = os.getloadavg()
    print(
        f"\nPostgreSQL {server}; {os.cpu_count()} cores; load average {load_before[0]:.1f}\n"
        f"data: {centres} centres with reach areas, {families:,} families, {children:,} children, "
        f"{contacts:,} contacts\n"
        f"quarter: {quarter.label} ({quarter.start} to {quarter.end}); "
        f"{len(INDICATORS)} indicators in {len(engine.COMPUTATIONS)} computations",
        flush=True,
    )

    # 1. Every indicator for every centre and the authority, one quarter. First each
    # computation on its own (the breakdown, and the peak of Python's allocations), each with a
    # statement timeout so that one pathological query is reported rather than waited for;
    # then, if every one finished, the whole of compute_period, timed. Each computation runs
    # --runs times and keeps its median, so that one can be compared before and after a change
    # on a machine others are using.
    rss_before = rss_mb()
    parts: list[tuple[str, float | None]] = []
    tracemalloc.start()
    for compute in engine.COMPUTATIONS:
        took: list[float] = []
        try:
            for _ in range(runs):
                started = time.perf_counter()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(limit * 1000)}")
                    compute(period=quarter)
                took.append((time.perf_counter() - started) * 1000)
        except OperationalError:
            parts.append((compute.__name__, None))
            print(f"  {compute.__name__}: over {limit:.0f} s")
            continue
        parts.append((compute.__name__, statistics.median(took)))
        print(f"  {compute.__name__}: " + ", ".join(f"{ms / 1000:.2f}" for ms in took) + " s")
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    complete = all(ms is not None for _, ms in parts)
    compute_ms, compute_runs = (
        median_ms(lambda: engine.compute_period(period=quarter), runs, warm=0) if complete else (None, [])
    )
    rows = IndicatorSnapshot.objects.filter(period_kind="quarter", period_start=quarter.start).count()
    rss_after = rss_mb()

    # 2. The dashboards from the snapshots, as an analyst (all centres) and a centre's manager.
    query = f"?kind=quarter&period={quarter.start.isoformat()}"
    analyst = User.objects.filter(username="analyst1").first() or User.objects.filter(role="analyst").first()
    manager = User.objects.filter(username="manager1").first() or User.objects.filter(role="manager").first()
    assert analyst is not None and manager is not None, "the demo users are missing"
    centre = manager.centres.filter(reach_area__isnull=False).order_by("pk").first()
    assert centre is not None
    pages: list[tuple[str, float]] = []
    for label, user, path in (
        ("authority dashboard (analyst)", analyst, f"/indicators/{query}"),
        (f"centre dashboard (manager, {centre.name})", manager, f"/indicators/centres/{centre.pk}/{query}"),
    ):
        client = Client()
        client.force_login(user)

        def get(client: Client = client, path: str = path) -> Any:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        pages.append((label, median_ms(get, renders, warm=2)[0]))

    # 3. The database's own floor: R3 for every centre in one query.
    params = {"start": quarter.start, "end": quarter.end, "vintage": settings.LSOA_VINTAGE}

    def r3() -> list[tuple[int, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(R3_SQL, params)
            return [(int(a), int(b), int(c)) for a, b, c in cursor.fetchall()]

    r3_ms, _ = median_ms(r3, runs)
    by_sql = {centre_id: (reached, population) for centre_id, reached, population in r3()}
    by_engine = {
        s.scope_id: (int(s.numerator), int(s.denominator or 0))
        for s in IndicatorSnapshot.objects.filter(
            indicator="R3", scope="reach_area", split="", period_kind="quarter", period_start=quarter.start
        )
    }
    agree = by_sql == by_engine

    load_after = os.getloadavg()
    report(
        compute_ms=compute_ms,
        compute_runs=compute_runs,
        rows=rows,
        parts=parts,
        python_peak_mb=python_peak / 1e6,
        rss_mb=rss_after,
        rss_growth_mb=rss_after - rss_before,
        pages=pages,
        r3_ms=r3_ms,
        agree=agree,
        centres=len(by_sql),
        load=(load_before[0], load_after[0]),
        limit=limit,
    )
    if not agree:
        for centre_id in sorted(by_sql.keys() | by_engine.keys()):
            if by_sql.get(centre_id) != by_engine.get(centre_id):
                sql_figure, engine_figure = by_sql.get(centre_id), by_engine.get(centre_id)
                print(f"  R3 differs for centre {centre_id}: SQL {sql_figure}, engine {engine_figure}")


def report(**f: Any) -> None:
    def verdict(ok: bool) -> str:
        return "within target" if ok else "OVER TARGET"

    print("\n| measure | figure | target |")
    print("|---|---:|---|")
    runs = ", ".join(f"{t / 1000:.1f}" for t in f["compute_runs"])
    if f["compute_ms"] is not None:
        figure = f"{f['compute_ms'] / 1000:.1f} s (runs: {runs})"
        target = f"< 60 s: {verdict(f['compute_ms'] < 60_000)}"
    else:
        figure, target = "not measured: a computation was cancelled", "< 60 s: OVER TARGET"
    print(f"| every indicator, every centre, one quarter ({f['rows']:,} snapshots) | {figure} | {target} |")
    for name, ms in f["parts"]:
        shown = f"{ms / 1000:.2f} s" if ms is not None else f"cancelled after {f['limit']:.0f} s"
        print(f"| &nbsp;&nbsp;of which `{name}` | {shown} | |")
    print(
        f"| peak Python allocations while computing | {f['python_peak_mb']:.0f} MB | "
        f"< 500 MB: {verdict(f['python_peak_mb'] < 500)} |"
    )
    print(
        f"| peak resident size of the whole process (Django included) | {f['rss_mb']:.0f} MB "
        f"(+{f['rss_growth_mb']:.0f} MB while computing) | < 500 MB: {verdict(f['rss_mb'] < 500)} |"
    )
    for label, ms in f["pages"]:
        print(f"| {label}, from snapshots | {ms:.0f} ms | < 300 ms: {verdict(ms < 300)} |")
    agree = "same figures as the engine" if f["agree"] else "DIFFERENT FIGURES FROM THE ENGINE"
    print(f"| hand-written SQL for R3, all {f['centres']} centres ({agree}) | {f['r3_ms'] / 1000:.2f} s | |")
    if f["compute_ms"] is not None:
        print(f"| engine / R3 SQL | {f['compute_ms'] / f['r3_ms']:.1f} x | |")
    print(f"\nload average {f['load'][0]:.1f} before, {f['load'][1]:.1f} after ({os.cpu_count()} cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=3, help="Timed computations after a warm-up (default 3).")
    parser.add_argument("--renders", type=int, default=15, help="Timed renders of each dashboard (default 15).")
    parser.add_argument("--as-of", default=AS_OF, help=f"Day the authority is built around (default {AS_OF}).")
    parser.add_argument(
        "--limit", type=float, default=300, help="Seconds after which one computation is cancelled (default 300)."
    )
    parser.add_argument("--reload", action="store_true", help="Drop the database and load it again.")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        print("bench/indicators.py: DATABASE_URL must name a PostgreSQL database", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"  # no query log, as in production
    sys.path.insert(0, str(ROOT))
    prepare(args.database_url, reload=args.reload, as_of=args.as_of)
    measure(args.runs, args.renders, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
