"""The ONS mid-year population estimates import: 2011 and 2021 LSOA layouts, CSV and Excel."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from centres.imports.errors import ImportFileError
from centres.imports.service import import_file
from centres.models import LSOA, Population
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db

CSV_2011 = sample("population_2011_lsoa_sample.csv")
CSV_2021 = sample("population_2021_lsoa_sample.csv")
XLSX_2021 = sample("population_2021_lsoa_sample.xlsx")


def under_fives(code: str, year: int) -> tuple[int, ...]:
    row = Population.objects.get(lsoa__code=code, year=year)
    return (row.age_0, row.age_1, row.age_2, row.age_3, row.age_4)


def test_the_2011_layout_keeps_ages_0_to_4_on_2011_lsoas():
    summary = import_file(kind="population", path_or_file=CSV_2011, options={"year": 2020})

    assert summary.counts() == "created 35, updated 0, unchanged 0, skipped 0"
    assert summary.about == {"Mid-year": "2020", "LSOA boundaries": "2011"}
    assert under_fives("E01900001", 2020) == (19, 30, 21, 24, 22)
    lsoa = LSOA.objects.get(code="E01900001")
    assert (lsoa.vintage, lsoa.name, lsoa.local_authority_code) == (2011, "Demo Borough 001A", "E06000999")


def test_the_2021_layout_adds_females_and_males():
    summary = import_file(kind="population", path_or_file=CSV_2021, options={"year": 2022})

    assert summary.created == 35
    assert summary.about["LSOA boundaries"] == "2021"
    assert under_fives("E01900001", 2022) == (8 + 14, 17 + 17, 19 + 12, 18 + 20, 18 + 13)
    assert LSOA.objects.get(code="E01900101").vintage == 2021


def test_the_workbook_finds_its_header_below_the_title_rows_and_matches_the_csv():
    import_file(kind="population", path_or_file=CSV_2021, options={"year": 2022})
    summary = import_file(kind="population", path_or_file=XLSX_2021, options={"year": 2022})
    assert summary.counts() == "created 0, updated 0, unchanged 12, skipped 0"


def test_a_workbook_row_error_gives_the_sheets_row_number(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["Mid-2023 estimates"])
    sheet.append([])
    sheet.append(["Source: ONS"])
    sheet.append(["LSOA 2021 Code", "F0", "F1", "F2", "F3", "F4", "M0", "M1", "M2", "M3", "M4"])
    sheet.append(["E01900001", 1, 2, 3, 4, 5, 1, 2, 3, 4, 5.0])
    sheet.append(["E01900002", 1, 2, 3, 4, 5, 1, 2, 3, 4, -1])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)

    with pytest.raises(ImportFileError, match=r"^row 6: age 4 -1 is not between 0 and 100,000$"):
        import_file(kind="population", path_or_file=path, options={"year": 2023})
    assert counts()["population"] == 0


def test_the_sheet_option_picks_a_sheet(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Cover"
    workbook.active.append(["Population estimates"])
    data = workbook.create_sheet("Mid-2023 LSOA 2021")
    data.append(["LSOA 2021 Code", "F0", "F1", "F2", "F3", "F4", "M0", "M1", "M2", "M3", "M4"])
    data.append(["E01900001", 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    with pytest.raises(ImportFileError, match="no LSOA code"):
        import_file(kind="population", path_or_file=path, options={"year": 2023})
    import_file(kind="population", path_or_file=path, options={"year": 2023, "sheet": "Mid-2023 LSOA 2021"})
    assert under_fives("E01900001", 2023) == (3, 3, 3, 3, 3)


def test_importing_the_same_file_again_changes_nothing():
    import_file(kind="population", path_or_file=CSV_2011, options={"year": 2020})
    again = import_file(kind="population", path_or_file=CSV_2011, options={"year": 2020})
    assert again.counts() == "created 0, updated 0, unchanged 35, skipped 0"


def test_another_year_is_another_row():
    import_file(kind="population", path_or_file=CSV_2011, options={"year": 2020})
    summary = import_file(kind="population", path_or_file=CSV_2011, options={"year": 2021})
    assert summary.created == 35
    assert Population.objects.count() == 70


def test_a_changed_count_is_one_update(tmp_path):
    header = "LSOA Code,LSOA Name,All Ages,0,1,2,3,4,5"
    import_file(
        kind="population",
        path_or_file=write(tmp_path, "a.csv", f"{header}\nE01900001,A,100,1,2,3,4,5,85"),
        options={"year": 2020},
    )
    summary = import_file(
        kind="population",
        path_or_file=write(tmp_path, "a.csv", f"{header}\nE01900001,A,100,1,2,3,4,6,84"),
        options={"year": 2020},
    )
    assert summary.counts() == "created 0, updated 1, unchanged 0, skipped 0"
    assert under_fives("E01900001", 2020) == (1, 2, 3, 4, 6)


def test_the_year_is_required():
    with pytest.raises(ImportFileError, match="give the mid-year"):
        import_file(kind="population", path_or_file=CSV_2011)


def test_a_plain_lsoa_code_heading_can_be_told_it_is_2021(tmp_path):
    path = write(tmp_path, "p.csv", "LSOA Code,0,1,2,3,4\nE01900001,1,1,1,1,1")
    import_file(kind="population", path_or_file=path, options={"year": 2022, "vintage": 2021})
    assert LSOA.objects.get().vintage == 2021


def test_a_vintage_that_contradicts_the_heading_is_refused():
    with pytest.raises(ImportFileError, match="the file has LSOAs of 2021, not 2011"):
        import_file(kind="population", path_or_file=CSV_2021, options={"year": 2022, "vintage": 2011})


def test_a_file_without_age_columns_names_its_columns(tmp_path):
    path = write(tmp_path, "p.csv", "LSOA Code,All Ages,0,1,2\nE01900001,9,1,1,1")
    with pytest.raises(ImportFileError) as error:
        import_file(kind="population", path_or_file=path, options={"year": 2022})
    assert "no columns for each age from 0 to 4" in str(error.value)
    assert "“lsoa code”, “all ages”, “0”, “1”, “2”" in str(error.value)


def test_a_bad_row_in_the_middle_changes_nothing(tmp_path):
    import_file(kind="population", path_or_file=CSV_2011, options={"year": 2020})
    before = counts()
    path = write(
        tmp_path,
        "bad.csv",
        """LSOA Code,LSOA Name,0,1,2,3,4
        E01900001,Demo Borough 001A,9,9,9,9,9
        E01900002,Demo Borough 001B,1,1,1,1,1.5""",
    )
    with pytest.raises(ImportFileError, match=r"^row 3: age 4 “1.5” is not a whole number$"):
        import_file(kind="population", path_or_file=path, options={"year": 2020})
    assert counts() == before
    assert under_fives("E01900001", 2020) == (19, 30, 21, 24, 22)


def test_an_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("LSOA Code,0\n")
    with pytest.raises(ImportFileError, match=r"not an Excel \.xlsx workbook"):
        import_file(kind="population", path_or_file=path, options={"year": 2022})


def test_a_file_of_the_wrong_type_is_refused(tmp_path):
    path = write(tmp_path, "p.txt", "LSOA Code,0,1,2,3,4")
    with pytest.raises(ImportFileError, match=r"must be \.csv or \.xlsx, not \.txt"):
        import_file(kind="population", path_or_file=path, options={"year": 2022})
