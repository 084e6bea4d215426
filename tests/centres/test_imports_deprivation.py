"""The English Indices of Deprivation import: files 1, 2 and 3 of 2019 and 2025."""

from __future__ import annotations

import pytest

from centres.imports.errors import ImportFileError
from centres.imports.service import import_file
from centres.models import LSOA, Deprivation
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db

FILE1_2019 = sample("iod2019_file1_sample.csv")
FILE2_2025 = sample("iod2025_file2_sample.csv")
IMD_RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"
IMD_DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"
IDACI_RANK = "Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)"
IDACI_DECILE = "Income Deprivation Affecting Children Index (IDACI) Decile (where 1 is most deprived 10% of LSOAs)"


def file1(tmp_path, *rows: str, code_header: str = "LSOA code (2011)"):
    header = f'{code_header},LSOA name (2011),"{IMD_RANK}","{IMD_DECILE}"'
    return write(tmp_path, "file1.csv", "\n".join([header, *rows]))


def test_file1_of_2019_gives_imd_ranks_on_2011_lsoas_with_their_names():
    summary = import_file(kind="deprivation", path_or_file=FILE1_2019)

    assert summary.counts() == "created 35, updated 0, unchanged 0, skipped 0"
    assert summary.about == {"Release": "English Indices of Deprivation 2019", "LSOA boundaries": "2011"}
    row = Deprivation.objects.select_related("lsoa").get(lsoa__code="E01900001")
    assert (row.release, row.imd_rank, row.imd_decile, row.idaci_rank) == ("iod2019", 445, 1, None)
    assert (row.lsoa.vintage, row.lsoa.name, row.lsoa.local_authority_code) == (
        2011,
        "Demo Borough 001A",
        "E06000999",
    )


def test_file2_of_2025_with_idaci_goes_on_2021_lsoas():
    summary = import_file(kind="deprivation", path_or_file=FILE2_2025)

    assert summary.created == 35
    row = Deprivation.objects.get(lsoa__code="E01900001", lsoa__vintage=2021)
    assert (row.release, row.imd_rank, row.imd_decile, row.idaci_rank, row.idaci_decile) == ("iod2025", 1077, 1, 1, 1)
    assert not LSOA.objects.filter(vintage=2011).exists()


def test_both_releases_sit_side_by_side():
    import_file(kind="deprivation", path_or_file=FILE1_2019)
    import_file(kind="deprivation", path_or_file=FILE2_2025)
    assert set(Deprivation.objects.values_list("release", flat=True)) == {"iod2019", "iod2025"}
    assert Deprivation.objects.count() == 70


def test_importing_the_same_file_again_changes_nothing():
    import_file(kind="deprivation", path_or_file=FILE2_2025)
    again = import_file(kind="deprivation", path_or_file=FILE2_2025)
    assert again.counts() == "created 0, updated 0, unchanged 35, skipped 0"
    assert (again.lsoas_created, again.lsoas_updated) == (0, 0)


def test_a_changed_rank_is_one_update(tmp_path):
    import_file(kind="deprivation", path_or_file=file1(tmp_path, "E01900001,Demo 1,100,1", "E01900002,Demo 2,200,1"))
    summary = import_file(
        kind="deprivation", path_or_file=file1(tmp_path, "E01900001,Demo 1,100,1", "E01900002,Demo 2,4000,2")
    )
    assert summary.counts() == "created 0, updated 1, unchanged 1, skipped 0"
    assert Deprivation.objects.get(lsoa__code="E01900002").imd_rank == 4000
    assert summary.examples == [
        {"change": "updated", "key": "E01900002", "detail": "IMD rank, IMD decile now: IMD rank 4000, decile 2"}
    ]


def test_file1_after_file3_keeps_the_idaci_values(tmp_path):
    file3 = write(
        tmp_path,
        "file3.csv",
        f'LSOA code (2011),"{IMD_RANK}","{IMD_DECILE}","{IDACI_RANK}","{IDACI_DECILE}"\nE01900001,100,1,50,1',
    )
    import_file(kind="deprivation", path_or_file=file3)
    summary = import_file(kind="deprivation", path_or_file=file1(tmp_path, "E01900001,Demo 1,100,1"))
    assert summary.unchanged == 1
    assert Deprivation.objects.get().idaci_rank == 50


def test_a_file_whose_heading_gives_no_year_needs_the_release(tmp_path):
    path = file1(tmp_path, "E01900001,Demo 1,100,1", code_header="LSOA code")
    with pytest.raises(ImportFileError, match="choose the release"):
        import_file(kind="deprivation", path_or_file=path)
    summary = import_file(kind="deprivation", path_or_file=path, options={"release": "iod2025"})
    assert summary.about["LSOA boundaries"] == "2021"
    assert Deprivation.objects.get().lsoa.vintage == 2021


def test_a_release_that_contradicts_the_heading_is_refused(tmp_path):
    with pytest.raises(
        ImportFileError, match="the file has LSOAs of 2011, but the English Indices of Deprivation 2025"
    ):
        import_file(kind="deprivation", path_or_file=file1(tmp_path, "E01900001,a,1,1"), options={"release": "iod2025"})


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("E01900003,c,0,1", "IMD rank 0 is not between 1 and 32,844"),
        ("E01900003,c,32845,10", "IMD rank 32845 is not between 1 and 32,844"),
        ("E01900003,c,5000,11", "IMD decile 11 is not between 1 and 10"),
        ("E01900003,c,5000,", "IMD decile is blank"),
        ("E01900003,c,lots,2", "IMD rank “lots” is not a whole number"),
        ("E0190000X,c,5000,2", "LSOA code “E0190000X” is not an ONS area code like E01000001"),
        ("E01900001,again,5000,2", "E01900001 appears more than once"),
    ],
)
def test_a_bad_row_names_its_line_and_changes_nothing(tmp_path, row, reason):
    import_file(kind="deprivation", path_or_file=FILE1_2019)
    before = counts()
    path = file1(tmp_path, "E01900001,Demo Borough 001A,1,1", "E01900002,Renamed,2,1", row)

    with pytest.raises(ImportFileError) as error:
        import_file(kind="deprivation", path_or_file=path)

    assert str(error.value) == f"row 4: {reason}"
    assert counts() == before
    assert Deprivation.objects.get(lsoa__code="E01900001").imd_rank == 445  # row 2 was rolled back
    assert LSOA.objects.get(code="E01900002").name == "Demo Borough 001B"


def test_a_file_without_the_imd_columns_names_the_columns_it_has(tmp_path):
    path = write(tmp_path, "x.csv", "LSOA code (2011),Income Score (rate)\nE01900001,0.2")
    with pytest.raises(ImportFileError) as error:
        import_file(kind="deprivation", path_or_file=path)
    assert str(error.value) == (
        "the file has no IMD rank column; the columns it has are “lsoa code (2011)”, “income score (rate)”"
    )


def test_welsh_and_scottish_codes_are_skipped_not_refused(tmp_path):
    path = file1(tmp_path, "W01000001,Cymru,100,1", "S01006506,Alba,200,1")
    summary = import_file(kind="deprivation", path_or_file=path)
    assert (summary.created, summary.skipped) == (1, 1)
    assert summary.skipped_reasons == {"not an English or Welsh LSOA": 1}


def test_a_blank_name_never_blanks_a_stored_one(tmp_path):
    import_file(kind="deprivation", path_or_file=file1(tmp_path, "E01900001,Demo Borough 001A,100,1"))
    summary = import_file(kind="deprivation", path_or_file=file1(tmp_path, "E01900001,,100,1"))
    assert summary.lsoas_updated == 0
    assert LSOA.objects.get().name == "Demo Borough 001A"


def test_a_corrected_name_replaces_the_stored_one_but_the_local_authority_is_kept(tmp_path):
    header = f'LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"{IMD_RANK}","{IMD_DECILE}"'
    import_file(
        kind="deprivation", path_or_file=write(tmp_path, "a.csv", f"{header}\nE01900001,Old name,E06000999,1,1")
    )
    summary = import_file(
        kind="deprivation", path_or_file=write(tmp_path, "b.csv", f"{header}\nE01900001,New name,E06000001,1,1")
    )
    assert (summary.unchanged, summary.lsoas_updated) == (1, 1)
    lsoa = LSOA.objects.get()
    assert (lsoa.name, lsoa.local_authority_code) == ("New name", "E06000999")
