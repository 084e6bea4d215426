"""A Celery worker killed in the middle of an indicator refresh loses nothing and corrupts nothing.

A real worker (a separate process, on PostgreSQL and Redis) refreshes three quarters. It is
SIGKILLed while the second quarter's snapshots are written but not yet committed. Then:

- the first quarter has its new figures and the run says one step is done (each period and its
  progress commit together);
- the second and third quarters still have exactly their previous figures (no half-written
  period);
- a new worker receives the same message again (the task is acks_late, so Redis gives the
  unacknowledged message to the next worker), finishes the run, and every figure equals what
  the engine computes in this process.

Skipped like tests/test_real_stack.py unless PostgreSQL and a broker are configured; with
REQUIRE_REAL_STACK=1 (as .ci/run sets) a missing stack is a failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from celery.result import EagerResult

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import Period, period_starting
from outcomes.models import IndicatorSnapshot, RefreshRun
from outcomes.tasks import run_refresh
from services.models import Contact, ContactKind
from tests.centres.factories import CentreFactory, neighbourhood
from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory
from tests.test_real_stack import (  # noqa: F401 - real_stack and not_eager are fixtures
    PROJECT_ROOT,
    database_url_for_worker,
    forget_queue,
    not_eager,
    real_stack,
    stop,
)

pytestmark = pytest.mark.real_stack

QUARTERS = [period_starting("quarter", date(y, m, 1)) for y, m in ((2025, 10), (2026, 1), (2026, 4))]
KILLED_IN = QUARTERS[1]
TIMEOUT = 45.0

Figures = dict[tuple[str, str, int, str, date], tuple[Decimal, Decimal | None]]


def figures() -> Figures:
    return {
        (s.indicator, s.scope, s.scope_id, s.split, s.period_start): (s.numerator, s.denominator)
        for s in IndicatorSnapshot.objects.filter(period_kind="quarter")
    }


def of_period(all_figures: Figures, period: Period) -> Figures:
    return {key: value for key, value in all_figures.items() if key[4] == period.start}


def reach(all_figures: Figures, centre_id: int, period: Period) -> tuple[Decimal, Decimal | None]:
    return all_figures[("R3", "reach_area", centre_id, "", period.start)]


def family_with_a_child(centre, lsoa):
    family = FamilyFactory(registered_centre=centre, registration_date=date(2025, 1, 1))
    AddressFactory(family=family, lsoa=lsoa, moved_in=date(2025, 1, 1))
    ChildFactory(family=family, date_of_birth=date(2024, 1, 1))
    return family


def contact_each_quarter(family) -> None:
    for quarter in QUARTERS:
        Contact.objects.create(
            family=family, centre=family.registered_centre, date=quarter.start, kind=ContactKind.PHONE, with_adult=True
        )


def start_worker(broker_url: str, queue: str, log_path: Path, **knobs: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_worker(),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CELERY_BROKER_URL": broker_url,
        "PYTHONUNBUFFERED": "1",
        **knobs,
    }
    command = [sys.executable, "-m", "tests.resilience_worker", "--pool=solo", "--concurrency=1"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
    command += ["-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h"]
    with log_path.open("ab") as log:
        return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(what: str, done, worker: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if done():
            return
        if worker.poll() is not None:
            break
        time.sleep(0.2)
    stop(worker)
    pytest.fail(f"{what}: not after {TIMEOUT:.0f}s (worker exit {worker.returncode}):\n{log_path.read_text()}")


@pytest.mark.usefixtures("not_eager")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_refresh_leaves_old_figures_and_the_next_worker_finishes(
    real_stack: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    centre = CentreFactory(name="Resilience")
    lsoa = neighbourhood(centre=centre, decile=2, ages=(10, 10, 10, 10, 10))
    contact_each_quarter(family_with_a_child(centre, lsoa))
    for quarter in QUARTERS:
        compute_period(period=quarter)
    previous = figures()
    assert all(reach(previous, centre.pk, q) == (1, 50) for q in QUARTERS)
    # New activity in every quarter: one more child reached, which the refresh must pick up.
    contact_each_quarter(family_with_a_child(centre, lsoa))

    queue = f"resilience-{uuid.uuid4().hex[:12]}"
    marker, log_path = tmp_path / "hanging", tmp_path / "workers.log"
    run = RefreshRun.objects.create(
        period_kind="quarter", periods=[q.start.isoformat() for q in QUARTERS], steps_total=len(QUARTERS)
    )
    first = start_worker(
        real_stack, queue, log_path, RESILIENCE_HANG_PERIOD=KILLED_IN.start.isoformat(), RESILIENCE_MARKER=str(marker)
    )
    second = None
    try:
        result = run_refresh.apply_async(args=[run.pk], queue=queue)
        assert not isinstance(result, EagerResult), "the task ran in the test process, not the worker"
        wait_for("the worker writing the second quarter", marker.exists, first, log_path)

        # Killed between writing the second quarter's snapshots and committing them.
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
        run.refresh_from_db()
        assert (run.status, run.steps_done) == (RefreshRun.Status.RUNNING, 1)
        after_kill = figures()
        assert after_kill.keys() == previous.keys()
        assert reach(after_kill, centre.pk, QUARTERS[0]) == (2, 50)  # committed before the kill
        for quarter in QUARTERS[1:]:  # exactly as before: nothing half written
            assert of_period(after_kill, quarter) == of_period(previous, quarter)

        # The unacknowledged message goes to the next worker, which runs the refresh again.
        second = start_worker(real_stack, queue, log_path, RESILIENCE_VISIBILITY_TIMEOUT="1")
        wait_for(
            "the next worker finishing the run",
            lambda: RefreshRun.objects.filter(pk=run.pk, status=RefreshRun.Status.DONE).exists(),
            second,
            log_path,
        )
        run.refresh_from_db()
        assert run.steps_done == len(QUARTERS)
        from_worker = figures()
        assert all(reach(from_worker, centre.pk, q) == (2, 50) for q in QUARTERS)
        for quarter in QUARTERS:  # the same as this process computes from the same data
            compute_period(period=quarter)
        assert figures() == from_worker
        assert IndicatorSnapshot.objects.filter(period_kind="quarter").count() == len(previous)
        stop(second)
        assert f"Task outcomes.tasks.run_refresh[{result.id}] succeeded" in log_path.read_text()
    finally:
        stop(first)
        if second is not None:
            stop(second)
        forget_queue(real_stack, queue)
