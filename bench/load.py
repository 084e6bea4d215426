"""Load test (issue #9): gunicorn on PostgreSQL with the demo authority, driven by locust.

1. Creates the database named by DATABASE_URL if missing (`make load` defaults it to
   corepurpose_load), migrates it, loads the demo authority when it has no centres yet and
   computes the indicators (a database that already has the demo is reused; --reload starts
   afresh).
2. Issues API tokens (`manage.py api_client`, one client per simulated system, so that no
   client meets its own rate limit) and lists, for each demo staff login, the pages it may
   open: home, family list, family records, search, session registers, dashboards.
3. Collects the static files and starts gunicorn on 127.0.0.1 (a free port) with the
   production settings over plain HTTP (bench/load_settings.py), DEBUG off.
4. Runs locust headless (bench/locustfile.py) for --seconds at --rate requests a second in all,
   half staff pages, half API reads, after signing each staff user in.
5. Prints requests per second, p50/p95/p99 and errors for the pages and for the API, stops
   gunicorn and exits non-zero if a target was missed (pages p95 < 500 ms, API p95 < 200 ms,
   no errors). The database is left as it is, for the next run.

    make load
    DATABASE_URL=postgres://corepurpose:corepurpose@127.0.0.1:5432/corepurpose_load \\
        CACHE_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/load.py --rate 50 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"page": 500.0, "api": 200.0}  # p95 in milliseconds
PASSWORD = "demo-password-2026"  # noqa: S105 - the demo's published password


def libpq(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return ("postgresql" if scheme == "pgsql" else scheme) + "://" + rest


def ensure_database(url: str, *, reload: bool) -> None:
    import psycopg
    from psycopg import sql

    name = unquote(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(libpq(urlunsplit(urlsplit(url)._replace(path="/postgres"))), autocommit=True) as conn:
        if reload:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict[str, str], *arguments: str, capture: bool = False) -> str:
    started = time.monotonic()
    print(f"$ manage.py {' '.join(arguments)}", flush=True)
    done = subprocess.run(  # noqa: S603 - our own arguments
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    print(f"  ({time.monotonic() - started:.0f}s)", flush=True)
    return done.stdout or ""


def targets(url: str, tokens: list[str]) -> dict[str, Any]:
    """What each demo login may open, from the database, in the driver (never timed)."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from centres.models import Centre, User
    from centres.roles import sees_personal_data
    from families.models import Family
    from services.models import Session

    staff = []
    logins = User.objects.filter(is_active=True, role__in=["worker", "manager", "analyst"]).order_by("username")
    for user in logins:
        pages: list[list[Any]] = [["home", "/", 2]]
        if sees_personal_data(user):
            families = list(
                Family.objects.for_user(user).order_by("?").values_list("pk", "adults__last_name")[:40]  # type: ignore[misc]
            )
            pages += [["family list", "/families/", 2]]
            pages += [["family record", f"/families/{pk}/", 1] for pk, _ in families[:20]]
            pages += [["search", f"/families/search/?q={name}", 1] for _, name in families[20:] if name]
            sessions = Session.objects.filter(centre__in=user.centres.all()).order_by("?").values_list("pk", flat=True)
            pages += [["session register", f"/services/sessions/{pk}/", 1] for pk in sessions[:10]]
        if user.role in ("manager", "analyst"):
            pages += [["authority dashboard", "/indicators/", 2]]
            centres = user.centres.all() if user.role == "manager" else Centre.objects.all()
            pages += [["centre dashboard", f"/indicators/centres/{c.pk}/", 1] for c in centres.order_by("pk")[:4]]
        staff.append({"username": user.username, "pages": pages})
    family = Family.objects.order_by("pk").values_list("pk", flat=True).first()
    api = [
        ["centres", "/api/v1/centres/", 2],
        ["indicators", "/api/v1/indicators/", 2],
        ["indicator snapshots", "/api/v1/indicator-snapshots/?indicator=R3", 2],
        ["sessions", "/api/v1/sessions/", 1],
        ["families", "/api/v1/families/", 1],
        ["family", f"/api/v1/families/{family}/", 1],
        ["family contacts", f"/api/v1/families/{family}/contacts/", 1],
    ]
    connection.close()
    return {"password": PASSWORD, "staff": staff, "tokens": tokens, "api": api}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def summarise(path: Path, *, since: float, seconds: float) -> bool:
    """The figures of the requests made after the warm-up (sign-ins always count: an error
    there fails the run)."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["t"] >= since or r["group"] == "login"]
    ok = True
    print("\n| group | requests | req/s | p50 ms | p95 ms | p99 ms | errors | target p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for group in ("page", "api", "login"):
        mine = [r for r in rows if r["group"] == group]
        if not mine:
            continue
        times = [r["ms"] for r in mine]
        errors = [r for r in mine if not r["ok"]]
        p95 = percentile(times, 95)
        target = TARGETS.get(group)
        verdict = ""
        if target is not None:
            met = p95 < target and not errors
            ok &= met
            verdict = f"< {target:.0f} ms: {'met' if met else 'MISSED'}"
        elif errors:
            ok = False
        print(
            f"| {group} | {len(mine):,} | {len(mine) / seconds:.1f} | {percentile(times, 50):.0f} | {p95:.0f} | "
            f"{percentile(times, 99):.0f} | {len(errors)} | {verdict} |"
        )
    print("\nper request (p95 ms, count):")
    for name in sorted({r["name"] for r in rows}):
        times = [r["ms"] for r in rows if r["name"] == name]
        failed = [r["status"] for r in rows if r["name"] == name and not r["ok"]]
        extra = f"  errors: {sorted(set(failed))}" if failed else ""
        print(f"  {name:<32} {percentile(times, 95):7.0f} {len(times):6d} median {statistics.median(times):.0f}{extra}")
    total = len(rows)
    print(
        f"\n{total:,} requests in {seconds:.0f}s: {total / seconds:.1f} per second; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rate", type=float, default=50, help="Requests per second in all (default 50).")
    parser.add_argument("--users", type=int, default=20, help="Simulated users, half staff, half API (default 20).")
    parser.add_argument("--seconds", type=int, default=60, help="How long to run (default 60).")
    parser.add_argument(
        "--warmup", type=int, default=15, help="Seconds run first and left out of the figures (default 15)."
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4).")
    parser.add_argument("--reload", action="store_true", help="Drop the database and load the demo again.")
    args = parser.parse_args()
    url = args.database_url
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        print("bench/load.py: DATABASE_URL must name a PostgreSQL database", file=sys.stderr)
        return 2

    ensure_database(url, reload=args.reload)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "true"}
    env["CELERY_BROKER_URL"] = ""  # refreshes run in-process during set-up
    manage(env, "migrate", "--noinput", "-v", "0")
    if "centres: 0" in manage(
        env, "shell", "-c", "from centres.models import Centre; print('centres:', Centre.objects.count())", capture=True
    ):
        manage(env, "load_demo", "--scale", "demo")
        manage(env, "refresh_indicators", "--kind", "quarter", "--kind", "year", "--periods", "2")
    tokens = [
        manage(
            env,
            "api_client",
            "--system",
            f"load-test-{n}",
            "--all-centres",
            "--all-scopes",
            "--days",
            "1",
            "--by",
            "admin1",
            capture=True,
        ).strip()
        for n in range(max(1, args.users // 2))
    ]

    work = Path(tempfile.mkdtemp(prefix="corepurpose-load-"))
    targets_path, results_path = work / "targets.json", work / "results.jsonl"
    targets_path.write_text(json.dumps(targets(url, tokens)))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web_env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    manage(web_env, "collectstatic", "--noinput", "-v", "0")
    print(f"gunicorn on {base} with {args.workers} workers", flush=True)
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--preload",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=web_env,
        start_new_session=True,
    )
    try:
        wait_until_up(base, server)
        load_env = {
            **os.environ,
            "LOAD_TARGETS": str(targets_path),
            "LOAD_RESULTS": str(results_path),
            "LOAD_RATE": str(args.rate),
            "LOAD_USERS": str(args.users),
        }
        started = time.time()
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "--run-time",
                f"{args.seconds + args.warmup}s",
                "--host",
                base,
                "--only-summary",
                "--stop-timeout",
                "10",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=load_env,
            check=True,
        )
        elapsed = time.time() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"\nLoad test: {args.users} users at {args.rate:.0f} requests/s for {args.seconds}s, "
        f"gunicorn {args.workers} workers, "
        f"PostgreSQL {urlsplit(url).path.lstrip('/')}, {os.cpu_count()} cores"
    )
    met = summarise(results_path, since=started + args.warmup, seconds=min(elapsed - args.warmup, args.seconds))
    print("all targets met" if met else "TARGETS MISSED", flush=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
