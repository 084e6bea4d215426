"""The import_* management commands: output, progress, exit status."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from centres.models import LSOA, Deprivation, LSOALookup, Population, Postcode
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, "--no-progress", stdout=out)
    return out.getvalue()


def test_import_postcodes_prints_a_summary_and_a_second_run_changes_nothing():
    first = run("import_postcodes", str(sample("onspd_sample.csv")))
    assert "onspd_sample.csv: 47 rows read; created 47, updated 0, unchanged 0, skipped 0" in first
    second = run("import_postcodes", str(sample("onspd_sample.csv")))
    assert "created 0, updated 0, unchanged 47, skipped 0" in second


def test_the_progress_bar_counts_rows_on_stderr(capsys):
    call_command("import_postcodes", str(sample("onspd_sample.csv")), stdout=StringIO())
    assert "47 rows" in capsys.readouterr().err


def test_local_authority_can_be_repeated_or_a_comma_list():
    repeated = run("import_postcodes", str(sample("onspd_sample.csv")), "--local-authority", "E06000998", "--dry-run")
    assert "created 7, updated 0, unchanged 0, skipped 40" in repeated
    assert "local authorities kept E06000998" in repeated
    both = run(
        "import_postcodes",
        str(sample("onspd_sample.csv")),
        "--local-authority",
        "E06000998",
        "--local-authority",
        "E06000999",
    )
    assert "created 47" in both
    assert Postcode.objects.count() == 47


def test_dry_run_says_so_and_keeps_nothing():
    output = run("import_deprivation", str(sample("iod2019_file1_sample.csv")), "--dry-run")
    assert output.startswith("Dry run, nothing saved: ")
    assert "created 35" in output
    assert not Deprivation.objects.exists()
    assert not LSOA.objects.exists()


def test_each_command_imports_its_sample():
    run("import_lsoa_lookup", str(sample("lsoa_2011_2021_lookup_sample.csv")))
    run("import_deprivation", str(sample("iod2025_file2_sample.csv")), "--release", "iod2025")
    run("import_population", str(sample("population_2021_lsoa_sample.xlsx")), "--year", "2022", "--vintage", "2021")
    run("import_population", str(sample("population_2011_lsoa_sample.csv")), "--year", "2020")
    output = run("import_boundaries", str(sample("lsoa_boundaries_sample.geojson")))
    assert "created 0, updated 35, unchanged 0, skipped 2" in output
    assert (LSOALookup.objects.count(), Deprivation.objects.count(), Population.objects.count()) == (36, 35, 47)


def test_a_malformed_file_is_a_command_error_naming_the_row(tmp_path):
    path = write(tmp_path, "bad.csv", "pcds,oslaua,lsoa11\nZX1 1AB,E06000999,E01900001\nnope,E06000999,E01900001")
    with pytest.raises(CommandError, match=r"bad.csv: row 3: “nope” is not a postcode. Nothing was changed."):
        run("import_postcodes", str(path))
    assert counts()["postcodes"] == 0


def test_a_malformed_file_exits_non_zero_with_the_reason(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", "LSOA Code,0,1,2,3,4\nE01900001,1,1,1,1,x")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "import_population", str(path), "--year", "2023", "--no-progress"])
    assert exit_.value.code == 1
    assert "row 2: age 4 “x” is not a whole number" in capsys.readouterr().err


def test_population_needs_a_year():
    with pytest.raises(CommandError, match="--year"):
        run("import_population", str(sample("population_2011_lsoa_sample.csv")))


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_lsoa_lookup", str(tmp_path / "missing.csv"))
