"""Production settings pass Django's deployment checks; the embedded default runs tasks eagerly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_checks():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-value-0123456789",
        "ALLOWED_HOSTS": "families.example.gov.uk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="example.org")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_tests_run_celery_tasks_in_process():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


def test_the_heartbeat_task_is_idempotent(db):
    from centres.models import WorkerHeartbeat
    from centres.tasks import worker_heartbeat

    worker_heartbeat.delay(hostname="web-1")
    first = WorkerHeartbeat.objects.get().last_seen
    worker_heartbeat.delay(hostname="web-1")
    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get().last_seen >= first
