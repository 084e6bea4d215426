"""ONS mid-year population estimates by LSOA and single year of age, CSV or Excel (.xlsx).

Two layouts are accepted; only ages 0 to 4 are kept:
- on 2011 LSOAs: `LSOA Code`, `LSOA Name`, `All Ages`, `0`, `1`, … `90+`, sometimes after
  local-authority columns (`LA Code (2018 boundaries)`…) or with `Area Codes` for the LSOA code;
- on 2021 LSOAs (the 2022 release onwards): `LAD 2021 Code`, `LAD 2021 Name`, `LSOA 2021 Code`,
  `LSOA 2021 Name`, `Total`, `F0` … `F90`, `M0` … `M90`: females and males are added up.

The `year` option (the mid-year of the estimates) is required. The boundaries come from the LSOA
code heading ("2021" in it: 2021; a plain `LSOA Code`: 2011) or the `vintage` option, which must
agree when the heading says. ONS workbooks have title rows above the header: the header is the
first row with an LSOA code heading. `sheet` picks a sheet; the first is the default.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from centres.imports.base import ImportSummary, TabularImporter
from centres.imports.errors import ImportFileError, SkipRow
from centres.imports.values import (
    cell,
    column_list,
    find_column,
    is_la_code_header,
    is_lsoa_name_header,
    local_authority_code,
    lsoa_code,
    lsoa_code_header,
    require_column,
    whole_number,
)
from centres.models import Population
from centres.models.areas import Vintage

AGES = range(5)
MAX_PEOPLE = 100_000  # of one year of age in one LSOA: far above any real count
YEARS = (1991, 2100)


def _is_code_header(header: str) -> bool:
    return header == "area codes" or lsoa_code_header(header)[0]


@dataclass(slots=True)
class PopulationRow:
    code: str
    name: str
    local_authority_code: str
    ages: tuple[int, ...]  # 0 to 4


class PopulationImporter(TabularImporter[PopulationRow]):
    kind = "population"
    extensions = (".csv", ".xlsx")

    def __init__(self, *, options: Mapping[str, Any], summary: ImportSummary) -> None:
        super().__init__(options=options, summary=summary)
        year = options.get("year")
        if year in (None, ""):
            raise ImportFileError("give the mid-year of the estimates, like 2024")
        try:
            self.year = int(str(year))
        except (TypeError, ValueError):
            raise ImportFileError(f"the mid-year “{year}” is not a year") from None
        if not YEARS[0] <= self.year <= YEARS[1]:
            raise ImportFileError(f"the mid-year {self.year} is not between {YEARS[0]} and {YEARS[1]}")
        vintage = options.get("vintage")
        self.chosen_vintage: int | None = None
        if vintage not in (None, ""):
            if str(vintage) not in {str(v) for v in Vintage.values}:
                raise ImportFileError(f"“{vintage}” is not an LSOA vintage (2011 or 2021)")
            self.chosen_vintage = int(str(vintage))
        summary.about["Mid-year"] = str(self.year)

    def is_header(self, headers: list[str]) -> bool:
        return any(_is_code_header(header) for header in headers)

    def bind(self, headers: list[str]) -> None:
        self.code_col = require_column(
            headers, find_column(headers, test=_is_code_header), "LSOA code (“LSOA Code” or “LSOA 2021 Code”)"
        )
        self.name_col = find_column(headers, names=("area names",), test=is_lsoa_name_header)
        self.la_col = find_column(headers, test=is_la_code_header)
        plain = [find_column(headers, names=(str(age),)) for age in AGES]
        female = [find_column(headers, names=(f"f{age}",)) for age in AGES]
        male = [find_column(headers, names=(f"m{age}",)) for age in AGES]
        if all(column is not None for column in plain):
            self.age_cols: list[tuple[int, ...]] = [(column,) for column in plain if column is not None]
        elif all(column is not None for column in female + male):
            self.age_cols = [(f, m) for f, m in zip(female, male, strict=True) if f is not None and m is not None]
        else:
            raise ImportFileError(
                "the file has no columns for each age from 0 to 4 (“0” … “4”, or “F0” … “F4” and “M0” … “M4”); "
                f"the columns it has are {column_list(headers)}"
            )
        said = lsoa_code_header(headers[self.code_col])[1]
        if said and self.chosen_vintage and said != self.chosen_vintage:
            raise ImportFileError(f"the file has LSOAs of {said}, not {self.chosen_vintage}")
        self.vintage = said or self.chosen_vintage or Vintage.V2011
        self.summary.about["LSOA boundaries"] = str(self.vintage)

    def parse(self, raw: list[str]) -> PopulationRow:
        code = lsoa_code(cell(raw, self.code_col))
        if code is None:
            raise SkipRow("not an English or Welsh LSOA")
        ages = tuple(
            sum(whole_number(cell(raw, column), what=f"age {age}", minimum=0, maximum=MAX_PEOPLE) for column in columns)
            for age, columns in zip(AGES, self.age_cols, strict=True)
        )
        return PopulationRow(
            code=code,
            name=cell(raw, self.name_col),
            local_authority_code=local_authority_code(cell(raw, self.la_col)),
            ages=ages,
        )

    def key(self, record: PopulationRow) -> Hashable:
        return record.code

    def describe(self, record: PopulationRow) -> str:
        return f"{sum(record.ages)} under five ({', '.join(str(n) for n in record.ages)} aged 0 to 4)"

    def write(self, batch: list[PopulationRow]) -> None:
        ids = self.lsoas.resolve(
            vintage=self.vintage, facts={row.code: (row.name, row.local_authority_code) for row in batch}
        )
        existing = {p.lsoa_id: p for p in Population.objects.filter(year=self.year, lsoa_id__in=list(ids.values()))}
        self.upsert(
            model=Population,
            existing=existing,
            items=[(ids[row.code], row, {f"age_{age}": row.ages[age] for age in AGES}) for row in batch],
            build=lambda lsoa_id, values: Population(lsoa_id=lsoa_id, year=self.year, **values),
        )
