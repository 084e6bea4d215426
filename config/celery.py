"""Celery application.

With no CELERY_BROKER_URL the settings make every task run in-process (eager), which is the
embedded default used by `make run` and the tests. With a broker URL, `make worker` and
`make beat` run real processes against it.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("corepurpose")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
