"""Backup and restore drill: prove that a backup of the database can be restored, whole.

1. `pg_dump --format=custom` of the database named by DATABASE_URL (what a council's nightly
   backup does);
2. `pg_restore` of that file into a new, empty database on the same server;
3. for every table, the number of rows and a checksum of its contents (the md5 of the sorted md5s
   of its rows, so the order rows come back in does not matter), and every sequence's position,
   compared between the original and the restored copy;
4. a table of the results; exit status 1 on any difference, 2 when the drill could not run.

The restored copy is dropped at the end unless --keep is given; the dump file is kept only
with --dump PATH.

    DATABASE_URL=postgres://corepurpose:corepurpose@127.0.0.1:5432/corepurpose make backup-drill
    .venv/bin/python bench/backup_drill.py --dump /backups/corepurpose.dump --keep

The role in DATABASE_URL needs CREATEDB (to make the scratch database). Nothing here writes to
the original database. pg_dump and pg_restore are the PostgreSQL client tools on PATH (Debian:
postgresql-client), of the server's major version or newer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

TABLES = """
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2
"""
SEQUENCES = """
SELECT schemaname, sequencename, COALESCE(last_value, 0) FROM pg_sequences
WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
"""
# md5 of the sorted md5 of each row's text form: the same contents give the same sum whatever
# the physical order; the row count rides along.
CHECKSUM = (
    "SELECT count(*), md5(COALESCE(string_agg(h, '' ORDER BY h), '')) FROM (SELECT md5(t::text) AS h FROM {} t) s"
)


@dataclass(frozen=True)
class Contents:
    tables: dict[str, tuple[int, str]]
    sequences: dict[str, int]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def libpq_url(url: str) -> str:
    """django-environ accepts postgres://, postgresql:// and pgsql://; libpq the first two."""
    scheme, rest = url.split("://", 1)
    return ("postgresql" if scheme in ("pgsql", "postgis") else scheme) + "://" + rest


def contents(url: str) -> Contents:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = {}
        for schema, table in conn.execute(TABLES).fetchall():
            query = sql.SQL(CHECKSUM).format(sql.Identifier(schema, table))
            rows, digest = conn.execute(query).fetchone() or (0, "")
            tables[f"{schema}.{table}"] = (int(rows), str(digest))
        sequences = {f"{s}.{n}": int(v) for s, n, v in conn.execute(SEQUENCES).fetchall()}
    return Contents(tables=tables, sequences=sequences)


def run(command: list[str]) -> None:
    started = time.monotonic()
    subprocess.run(command, check=True)  # noqa: S603 - our own arguments, no shell
    print(f"  {command[0]}: {time.monotonic() - started:.1f}s", flush=True)


def compare(original: Contents, restored: Contents) -> list[str]:
    """Print the per-table table; return the names of whatever differs."""
    differences = []
    width = max((len(name) for name in original.tables | restored.tables), default=10)
    print(f"\n{'table':<{width}}  {'rows':>10}  {'restored':>10}  checksum")
    for name in sorted(original.tables | restored.tables):
        before, after = original.tables.get(name), restored.tables.get(name)
        same = before == after
        rows_before = f"{before[0]:,}" if before else "missing"
        rows_after = f"{after[0]:,}" if after else "missing"
        verdict = "same" if same else "DIFFERENT"
        print(f"{name:<{width}}  {rows_before:>10}  {rows_after:>10}  {verdict}")
        if not same:
            differences.append(name)
    for name in sorted(original.sequences | restored.sequences):
        if original.sequences.get(name) != restored.sequences.get(name):
            print(f"sequence {name}: {original.sequences.get(name)} -> {restored.sequences.get(name)}")
            differences.append(name)
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--dump", type=Path, help="Keep the dump file here (default: a temporary file).")
    parser.add_argument("--keep", action="store_true", help="Keep the restored database.")
    args = parser.parse_args()

    url = args.database_url
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        print("backup drill: DATABASE_URL must name a PostgreSQL database", file=sys.stderr)
        return 2
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            print(f"backup drill: {tool} is not on PATH (Debian: apt-get install postgresql-client)", file=sys.stderr)
            return 2
    url = libpq_url(url)
    source = database_name(url)
    scratch = f"{source[:40]}_restore_drill_{os.getpid()}"
    maintenance = with_database(url, "postgres")

    workdir = Path(tempfile.mkdtemp(prefix="backup-drill-"))
    dump = args.dump or workdir / f"{source}.dump"
    started = time.monotonic()
    print(f"backup drill: {source} -> {scratch}", flush=True)
    try:
        run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", f"--dbname={url}"])
        print(f"  dump: {dump.stat().st_size / 1e6:.1f} MB", flush=True)
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        restored_url = with_database(url, scratch)
        run(["pg_restore", "--exit-on-error", "--no-owner", "--no-privileges", f"--dbname={restored_url}", str(dump)])
        check_started = time.monotonic()
        original, restored = contents(url), contents(restored_url)
        print(f"  checksums: {time.monotonic() - check_started:.1f}s", flush=True)
        differences = compare(original, restored)
    except (subprocess.CalledProcessError, psycopg.Error) as error:
        print(f"backup drill: could not run: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            with psycopg.connect(maintenance, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        shutil.rmtree(workdir, ignore_errors=True)

    rows = sum(r for r, _ in original.tables.values())
    summary = f"{len(original.tables)} tables, {rows:,} rows, {len(original.sequences)} sequences"
    took = f"{time.monotonic() - started:.1f}s"
    if differences:
        print(f"\nbackup drill FAILED in {took}: {len(differences)} differ: {', '.join(differences)}", file=sys.stderr)
        return 1
    kept = f"; restored copy kept as {scratch}" if args.keep else ""
    print(f"\nbackup drill passed in {took}: {summary} restored identical{kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
