"""What every import shares: bounded batches, dry runs, progress, header matching, the key set."""

from __future__ import annotations

import io

import pytest
from django.db.models import QuerySet

from centres.imports import base
from centres.imports.base import ImportSummary, SeenPostcodes
from centres.imports.errors import ImportFileError
from centres.imports.service import import_file
from centres.imports.values import lsoa_code_header
from centres.models import Postcode
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db

ALL_SAMPLES = [
    ("lsoa_lookup", "lsoa_2011_2021_lookup_sample.csv", {}),
    ("postcodes", "onspd_sample.csv", {}),
    ("deprivation", "iod2019_file1_sample.csv", {}),
    ("deprivation", "iod2025_file2_sample.csv", {}),
    ("population", "population_2011_lsoa_sample.csv", {"year": 2020}),
    ("population", "population_2021_lsoa_sample.csv", {"year": 2022}),
    ("population", "population_2021_lsoa_sample.xlsx", {"year": 2022}),
    ("boundaries", "lsoa_boundaries_sample.geojson", {}),
]


@pytest.fixture
def bulk_writes(monkeypatch):
    """Every bulk_create and bulk_update as (model name, rows), with the batch size set to 7."""
    monkeypatch.setattr(base, "BATCH_SIZE", 7)
    writes: list[tuple[str, int]] = []
    real_create, real_update = QuerySet.bulk_create, QuerySet.bulk_update

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        writes.append((self.model.__name__, len(objs)))
        return real_create(self, objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        writes.append((self.model.__name__, len(objs)))
        return real_update(self, objs, fields, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)
    monkeypatch.setattr(QuerySet, "bulk_update", bulk_update)
    return writes


def test_every_format_writes_in_batches_no_bigger_than_the_batch_size(bulk_writes):
    for kind, name, options in ALL_SAMPLES:
        import_file(kind=kind, path_or_file=sample(name), options=options)
    assert bulk_writes
    assert max(rows for _model, rows in bulk_writes) <= 7
    postcode_writes = [rows for model, rows in bulk_writes if model == "Postcode"]
    assert sum(postcode_writes) == 47
    assert len(postcode_writes) == 7  # 47 rows in batches of 7


def test_progress_is_reported_every_batch_and_adds_up_to_the_rows(bulk_writes):
    calls: list[int] = []
    summary = import_file(kind="postcodes", path_or_file=sample("onspd_sample.csv"), progress=calls.append)
    assert calls == [7, 7, 7, 7, 7, 7, 5]
    assert sum(calls) == summary.rows == 47


def test_progress_moves_while_a_filter_skips_rows(bulk_writes):
    calls: list[int] = []
    import_file(
        kind="postcodes",
        path_or_file=sample("onspd_sample.csv"),
        options={"local_authorities": "E06000998"},
        progress=calls.append,
    )
    assert sum(calls) == 47
    assert len(calls) == 7


@pytest.mark.parametrize(("kind", "name", "options"), ALL_SAMPLES)
def test_a_dry_run_reports_the_same_summary_and_keeps_nothing(kind, name, options):
    if kind == "boundaries":
        import_file(kind="lsoa_lookup", path_or_file=sample("lsoa_2011_2021_lookup_sample.csv"))
    before = counts()
    preview = import_file(kind=kind, path_or_file=sample(name), options=options, dry_run=True)
    assert counts() == before
    real = import_file(kind=kind, path_or_file=sample(name), options=options)
    assert preview.dry_run and not real.dry_run
    assert preview.as_dict() | {"dry_run": False} == real.as_dict()


def test_an_open_binary_file_can_be_imported_too():
    buffer = io.BytesIO(b"pcds,oslaua,lsoa21\nZX1 1AB,E06000999,E01900001\n")
    assert import_file(kind="postcodes", path_or_file=buffer).created == 1
    assert Postcode.objects.get().lsoa_2021.code == "E01900001"


def test_the_header_may_sit_below_title_rows_and_blank_lines_are_ignored(tmp_path):
    path = write(
        tmp_path,
        "titled.csv",
        """Postcodes of Demo Borough
        ,,
        pcds,oslaua,lsoa11
        ZX1 1AB,E06000999,E01900001
        ,,
        ZX1 ZZZ,E06000999,E01900002""",
    )
    with pytest.raises(ImportFileError, match=r"^row 6: “ZX1 ZZZ” is not a postcode$"):
        import_file(kind="postcodes", path_or_file=path)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(ImportFileError, match="the file is empty"):
        import_file(kind="postcodes", path_or_file=path)


def test_a_header_with_no_rows_imports_nothing(tmp_path):
    summary = import_file(kind="postcodes", path_or_file=write(tmp_path, "h.csv", "pcds,oslaua,lsoa11"))
    assert summary.counts() == "created 0, updated 0, unchanged 0, skipped 0"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ImportFileError, match="“births” is not a kind of reference file"):
        import_file(kind="births", path_or_file=sample("onspd_sample.csv"))


def test_a_file_of_the_wrong_type_is_refused_before_it_is_read():
    with pytest.raises(ImportFileError, match=r"must be \.csv, not \.geojson"):
        import_file(kind="postcodes", path_or_file=sample("lsoa_boundaries_sample.geojson"))


def test_the_summary_reads_back_from_json():
    summary = import_file(kind="postcodes", path_or_file=sample("onspd_sample.csv"), dry_run=True)
    assert ImportSummary.from_dict(summary.as_dict()) == summary
    assert len([e for e in summary.examples if e["change"] == "created"]) == base.EXAMPLES_PER_CHANGE


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("lsoa code", (True, None)),
        ("lsoa code (2011)", (True, 2011)),
        ("lsoa code (2021)", (True, 2021)),
        ("lsoa 2021 code", (True, 2021)),
        ("lsoa11cd", (True, 2011)),
        ("lsoa21", (True, 2021)),
        ("lsoa", (False, None)),
        ("lsoa name (2011)", (False, None)),
        ("msoa11cd", (False, None)),
    ],
)
def test_lsoa_code_headings_and_the_year_they_give(header, expected):
    assert lsoa_code_header(header) == expected


def test_the_postcode_key_set_refuses_repeats_in_bounded_memory():
    seen = SeenPostcodes()
    letters = SeenPostcodes._LETTERS
    postcodes = [f"ZX1 {d}{a}{b}" for d in range(10) for a in letters for b in letters]
    assert all(seen.add(postcode) for postcode in postcodes)  # every inward code of ZX1: 4,000
    assert not seen.add("ZX1 9ZZ")
    assert seen.add("ZX2 9ZZ")
    assert seen.add("GIR 0AA") and not seen.add("GIR 0AA")
    assert sum(len(bits) for bits in seen._maps.values()) == 3 * 500
