"""The ONS postcode directory import (ONSPD and NSPL layouts)."""

from __future__ import annotations

from datetime import date

import pytest

from centres.imports.errors import ImportFileError
from centres.imports.service import import_file
from centres.models import LSOA, Postcode
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db

ONSPD = sample("onspd_sample.csv")


def test_it_imports_the_sample_directory_with_lsoas_of_both_vintages():
    summary = import_file(kind="postcodes", path_or_file=ONSPD)

    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (47, 47, 0, 0)
    split = Postcode.objects.select_related("lsoa_2011", "lsoa_2021").get(postcode="ZX2 9RG")
    assert split.lsoa_2011.code == "E01900005"
    assert split.lsoa_2021.code == "E01900101"
    assert split.local_authority_code == "E06000999"
    assert split.terminated is None
    # LSOAs are created as the directory meets them, with the postcodes' local authority.
    assert LSOA.objects.filter(vintage=2011).count() == 35
    assert LSOA.objects.get(code="E01900031", vintage=2011).local_authority_code == "E06000998"


def test_a_terminated_postcode_keeps_the_first_day_of_its_month():
    import_file(kind="postcodes", path_or_file=ONSPD)
    assert Postcode.objects.get(postcode="ZX7 2LD").terminated == date(2023, 11, 1)
    assert Postcode.objects.filter(terminated__isnull=False).count() == 4


def test_the_local_authority_option_keeps_only_that_authoritys_postcodes():
    summary = import_file(kind="postcodes", path_or_file=ONSPD, options={"local_authorities": ["e06000998"]})

    assert (summary.created, summary.skipped) == (7, 40)
    assert summary.skipped_reasons == {"in another local authority": 40}
    assert set(Postcode.objects.values_list("local_authority_code", flat=True)) == {"E06000998"}


def test_the_local_authority_option_takes_a_comma_list():
    summary = import_file(kind="postcodes", path_or_file=ONSPD, options={"local_authorities": ["E06000998, E06000999"]})
    assert summary.created == 47


def test_a_local_authority_that_is_not_a_code_is_refused():
    with pytest.raises(ImportFileError, match="“NOPE” is not a local authority code"):
        import_file(kind="postcodes", path_or_file=ONSPD, options={"local_authorities": "nope"})


def test_importing_the_same_directory_again_changes_nothing():
    import_file(kind="postcodes", path_or_file=ONSPD)
    again = import_file(kind="postcodes", path_or_file=ONSPD)
    assert again.counts() == "created 0, updated 0, unchanged 47, skipped 0"
    assert (again.lsoas_created, again.lsoas_updated) == (0, 0)


def test_a_changed_row_is_one_update(tmp_path):
    header = "pcds,oslaua,lsoa11,lsoa21,doterm"
    write(
        tmp_path, "a.csv", f"{header}\nZX1 1AB,E06000999,E01900001,E01900001,\nZX1 2AB,E06000999,E01900002,E01900002,"
    )
    import_file(kind="postcodes", path_or_file=tmp_path / "a.csv")
    write(
        tmp_path,
        "b.csv",
        f"{header}\nZX1 1AB,E06000999,E01900001,E01900001,202401\nZX1 2AB,E06000999,E01900002,E01900002,",
    )

    summary = import_file(kind="postcodes", path_or_file=tmp_path / "b.csv")

    assert summary.counts() == "created 0, updated 1, unchanged 1, skipped 0"
    assert Postcode.objects.get(postcode="ZX1 1AB").terminated == date(2024, 1, 1)
    assert summary.examples[0]["key"] == "ZX1 1AB"
    assert "terminated" in summary.examples[0]["detail"]


def test_nspl_headers_in_capitals_with_a_bom_and_spaces_are_understood(tmp_path):
    path = write(
        tmp_path,
        "nspl.csv",
        """ PCD , PCDS ,LAD25CD , LSOA21CD ,DOTERM
        ZX11AB,zx1 1ab ,E06000999,E01900001,""",
        bom=True,
    )
    import_file(kind="postcodes", path_or_file=path)
    postcode = Postcode.objects.get()
    assert (postcode.postcode, postcode.lsoa_2011, postcode.lsoa_2021.code) == ("ZX1 1AB", None, "E01900001")


def test_scottish_and_pseudo_lsoa_codes_leave_the_lsoa_empty(tmp_path):
    path = write(
        tmp_path,
        "scot.csv",
        """pcds,oslaua,lsoa11,lsoa21
        ZX1 1AB,S12000033,S01006506,S01006506
        ZX1 2AB,L99999999,L99999999,""",
    )
    summary = import_file(kind="postcodes", path_or_file=path)
    assert summary.created == 2
    assert not Postcode.objects.filter(lsoa_2011__isnull=False).exists()
    assert not LSOA.objects.exists()


def test_a_bad_postcode_names_its_line_and_changes_nothing(tmp_path):
    import_file(kind="postcodes", path_or_file=ONSPD)
    before = counts()
    path = write(
        tmp_path,
        "bad.csv",
        """pcds,oslaua,lsoa11,lsoa21
        ZX1 1JL,E06000998,E01900001,E01900001
        ZX7 1AA,E06000999,E01999999,E01999999
        NOT A CODE,E06000999,E01900001,E01900001""",
    )

    with pytest.raises(ImportFileError, match=r"^row 4: “NOT A CODE” is not a postcode$"):
        import_file(kind="postcodes", path_or_file=path)

    assert counts() == before
    assert Postcode.objects.get(postcode="ZX1 1JL").local_authority_code == "E06000999"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("ZX1 1AB,E06000999,E01900001,E01900001,2024", "doterm “2024” is not a month written YYYYMM"),
        ("ZX1 1AB,E06000999,E01900001,E01900001,202413", "doterm “202413” is not a month written YYYYMM"),
        ("ZX1 1AB,Demo,E01900001,E01900001,", "local authority “DEMO” is not an ONS code like E06000001"),
    ],
)
def test_bad_values_are_row_errors(tmp_path, line, reason):
    path = write(tmp_path, "bad.csv", f"pcds,oslaua,lsoa11,lsoa21,doterm\n{line}")
    with pytest.raises(ImportFileError) as error:
        import_file(kind="postcodes", path_or_file=path)
    assert str(error.value) == f"row 2: {reason}"
    assert counts()["postcodes"] == 0


def test_a_postcode_twice_in_one_file_is_an_error(tmp_path):
    path = write(
        tmp_path,
        "dup.csv",
        """pcds,oslaua,lsoa11
        ZX1 1AB,E06000999,E01900001
        ZX1 2AB,E06000999,E01900001
        zx11ab,E06000999,E01900002""",
    )
    with pytest.raises(ImportFileError, match=r"^row 4: ZX1 1AB appears more than once$"):
        import_file(kind="postcodes", path_or_file=path)
    assert counts()["postcodes"] == counts()["lsoas"] == 0


def test_a_missing_column_names_the_columns_the_file_has(tmp_path):
    path = write(tmp_path, "nolsoa.csv", "pcds,oslaua,msoa11\nZX1 1AB,E06000999,E02900001")
    with pytest.raises(ImportFileError) as error:
        import_file(kind="postcodes", path_or_file=path)
    assert str(error.value) == (
        "the file has no LSOA (“lsoa11” or “lsoa21”) column; the columns it has are “pcds”, “oslaua”, “msoa11”"
    )


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"pcds,oslaua,lsoa11\nZX1 1AB,E06000999,E01900001\nZX1 2AB,E06000999,E0190\xe9\n")
    with pytest.raises(ImportFileError, match=r"^row 3: the file is not UTF-8 text"):
        import_file(kind="postcodes", path_or_file=path)
