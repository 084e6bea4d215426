"""The real stack: a task sent through Redis to a separate Celery worker process, which writes
to PostgreSQL, and /healthz against a real (and a dead) broker.

Skipped unless CELERY_BROKER_URL is set and the database is PostgreSQL; with
REQUIRE_REAL_STACK=1 (as .ci/run sets) a missing stack is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from celery.result import EagerResult
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from centres.models import WorkerHeartbeat
from centres.tasks import worker_heartbeat
from config.celery import app as celery_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WORKER_START_TIMEOUT = 60.0
WORKER_STOP_TIMEOUT = 15.0
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.real_stack


@pytest.fixture
def real_stack() -> str:
    """The broker URL, once we know PostgreSQL and a broker are configured."""
    problems = []
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url:
        problems.append("CELERY_BROKER_URL is not set")
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        problems.append(f"the database is {engine}, not PostgreSQL (set DATABASE_URL)")
    if problems:
        message = "real stack not available: " + "; ".join(problems)
        if os.environ.get("REQUIRE_REAL_STACK") == "1":
            pytest.fail(message + " (REQUIRE_REAL_STACK=1 forbids skipping)")
        pytest.skip(message)
    return broker_url


def database_url_for_worker() -> str:
    """A DATABASE_URL for the test database this test process is using right now."""
    db: dict[str, Any] = connection.settings_dict
    user = quote(str(db.get("USER") or ""), safe="")
    password = quote(str(db.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(str(db.get("HOST") or ""), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(str(db['NAME']), safe='')}"


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # warm shutdown
    try:
        process.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WORKER_STOP_TIMEOUT)


@pytest.fixture
def not_eager() -> Iterator[None]:
    """Let apply_async really publish, although the test settings make Celery eager."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = before


def forget_queue(broker_url: str, queue: str) -> None:
    """Remove what kombu left in Redis for a one-off queue (best effort: tidying only)."""
    import redis

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(broker_url, socket_timeout=2)
        # The queue's exchange has the queue's name (task_create_missing_queues).
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.close()


@pytest.mark.django_db(transaction=True)
def test_task_runs_in_a_real_worker_and_writes_to_postgresql(real_stack: str, not_eager: None, tmp_path: Path) -> None:
    unique = f"real-stack-{uuid.uuid4().hex[:12]}"
    queue = f"{unique}-queue"
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        # The worker is a separate process: point it at this run's *test* database, and use
        # settings that do not force eager execution (config.settings.test does).
        "DATABASE_URL": database_url_for_worker(),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CELERY_BROKER_URL": real_stack,
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        f"{unique}@%h",
    ]
    with log_path.open("wb") as log:
        worker = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    row = None
    try:
        sent_at = timezone.now()
        result = worker_heartbeat.apply_async(kwargs={"hostname": unique}, queue=queue)
        assert not isinstance(result, EagerResult), "the task ran in the test process, not the worker"
        deadline = time.monotonic() + WORKER_START_TIMEOUT
        while time.monotonic() < deadline:
            row = WorkerHeartbeat.objects.filter(hostname=unique).first()
            if row is not None or worker.poll() is not None:
                break
            time.sleep(0.5)
        if row is None:
            stop(worker)
            output = log_path.read_text(errors="replace")
            pytest.fail(
                f"no WorkerHeartbeat row for {unique!r} after {WORKER_START_TIMEOUT:.0f}s "
                f"(worker exit code {worker.returncode}). Worker output:\n{output}"
            )
        assert row.last_seen >= sent_at - timedelta(seconds=5)
        assert row.last_seen <= timezone.now() + timedelta(seconds=5)
        stop(worker)
        output = log_path.read_text(errors="replace")
        assert f"Task centres.tasks.worker_heartbeat[{result.id}] succeeded" in output, output
    finally:
        stop(worker)
        forget_queue(real_stack, queue)


@pytest.mark.django_db
def test_healthz_reports_a_reachable_broker(real_stack: str, client: Any) -> None:
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["broker"]["mode"] == "broker"
    assert body["checks"]["database"]["engine"] == "postgresql"


@pytest.mark.django_db
def test_healthz_reports_a_dead_broker(real_stack: str, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Celery reads the CELERY_BROKER_URL environment variable before its own configuration
    # (celery.app.utils.Settings.broker_url), so that is where the dead broker must go.
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_BROKER_URL)
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=CLOSED_BROKER_URL):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503, body
    assert body["status"] == "down"
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"
