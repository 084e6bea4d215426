"""A real Celery worker for tests/test_resilience.py, with two test-only knobs read from the
environment (nothing here is imported by the application):

- RESILIENCE_HANG_PERIOD=<ISO date>: when the indicator engine has written the snapshots of the
  period starting that day, but before the period's transaction commits, touch the file named
  by RESILIENCE_MARKER and sleep, so that the test can SIGKILL the worker at exactly that point.
- RESILIENCE_VISIBILITY_TIMEOUT=<seconds>: Redis hands an unacknowledged message (acks_late) to
  another worker after this long instead of the default hour, so that a second worker picks up
  the refresh the killed one never finished.

Run as `python -m tests.resilience_worker <celery worker arguments>`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import django

HANG_SECONDS = 300


def install_hang(period_start: str, marker: Path) -> None:
    from outcomes.indicators import engine

    write_snapshots = engine.write_snapshots

    def write_then_hang(*, period: Any, rows: Any) -> int:
        written = write_snapshots(period=period, rows=rows)
        if period.start.isoformat() == period_start:
            marker.write_text(str(os.getpid()))
            time.sleep(HANG_SECONDS)  # the test kills the worker here
        return written

    engine.write_snapshots = write_then_hang  # type: ignore[assignment]


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from config.celery import app

    if hang := os.environ.get("RESILIENCE_HANG_PERIOD"):
        install_hang(hang, Path(os.environ["RESILIENCE_MARKER"]))
    if timeout := os.environ.get("RESILIENCE_VISIBILITY_TIMEOUT"):
        app.conf.broker_transport_options = {
            "visibility_timeout": int(timeout),
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        }
    app.worker_main(argv=["worker", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
