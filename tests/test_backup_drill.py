"""bench/backup_drill.py: it passes on a real dump and restore, and it notices a difference."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from tests.families.factories import ChildFactory
from tests.test_real_stack import PROJECT_ROOT, database_url_for_worker, real_stack  # noqa: F401 - a fixture

SCRIPT = PROJECT_ROOT / "bench" / "backup_drill.py"


def drill() -> ModuleType:
    spec = importlib.util.spec_from_file_location("backup_drill", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_changed_table_or_sequence_is_a_difference(capsys: pytest.CaptureFixture[str]) -> None:
    d = drill()
    original = d.Contents(tables={"public.a": (2, "x"), "public.b": (1, "y")}, sequences={"public.a_id_seq": 2})
    assert d.compare(original, original) == []
    restored = d.Contents(tables={"public.a": (2, "z")}, sequences={"public.a_id_seq": 1})
    assert d.compare(original, restored) == ["public.a", "public.b", "public.a_id_seq"]
    assert "missing" in capsys.readouterr().out


def test_it_refuses_a_database_that_is_not_postgresql() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--database-url", "sqlite:////tmp/x.sqlite3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "PostgreSQL" in done.stderr


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_the_test_database_restores_identical(real_stack: str) -> None:  # noqa: F811
    ChildFactory.create_batch(3)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--database-url", database_url_for_worker()],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines() if line.startswith("public.")}
    assert lines["public.families_child"] == ["3", "3", "same"]
    assert lines["public.families_family"] == ["3", "3", "same"]
    assert "restored identical" in done.stdout
