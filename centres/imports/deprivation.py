"""The English Indices of Deprivation: file 1 (IMD rank and decile), and files 2 or 3, which
add the Income Deprivation Affecting Children Index (IDACI) rank and decile. CSV.

Columns are found by the start of their headings, which are the same in 2019 and 2025:
`LSOA code (2011)` or `LSOA code (2021)`, `LSOA name (…)`, `Local Authority District code (…)`,
`Index of Multiple Deprivation (IMD) Rank…`, `…(IMD) Decile…`, and optionally
`Income Deprivation Affecting Children Index (IDACI) Rank…` and `…(IDACI) Decile…`.

The year in the LSOA code heading gives the boundaries, hence the release (2011: IoD2019, 2021:
IoD2025); the `release` option names it when the heading does not say, and must agree when it
does. Ranks run from 1 (most deprived) to the number of LSOAs the release ranks; deciles 1-10.
A file without IDACI columns leaves stored IDACI values as they are.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from centres.imports.base import ImportSummary, TabularImporter
from centres.imports.errors import ImportFileError, SkipRow
from centres.imports.values import (
    cell,
    find_column,
    is_la_code_header,
    is_lsoa_name_header,
    local_authority_code,
    lsoa_code,
    lsoa_code_header,
    require_column,
    whole_number,
)
from centres.models import Deprivation
from centres.models.areas import RELEASE_SIZE, RELEASE_VINTAGE, DeprivationRelease

IMD_RANK = "index of multiple deprivation (imd) rank"
IMD_DECILE = "index of multiple deprivation (imd) decile"
IDACI_RANK = "income deprivation affecting children index (idaci) rank"
IDACI_DECILE = "income deprivation affecting children index (idaci) decile"
RELEASE_FOR_VINTAGE: dict[int, DeprivationRelease] = {int(v): release for release, v in RELEASE_VINTAGE.items()}


@dataclass(slots=True)
class DeprivationRow:
    code: str
    name: str
    local_authority_code: str
    imd_rank: int
    imd_decile: int
    idaci_rank: int | None
    idaci_decile: int | None


class DeprivationImporter(TabularImporter[DeprivationRow]):
    kind = "deprivation"

    def __init__(self, *, options: Mapping[str, Any], summary: ImportSummary) -> None:
        super().__init__(options=options, summary=summary)
        release = options.get("release") or ""
        if release and release not in DeprivationRelease.values:
            raise ImportFileError(f"“{release}” is not a release of the Indices (iod2019 or iod2025)")
        self.release = DeprivationRelease(release) if release else None

    def is_header(self, headers: list[str]) -> bool:
        return any(lsoa_code_header(header)[0] for header in headers)

    def bind(self, headers: list[str]) -> None:
        self.code_col = require_column(
            headers,
            find_column(headers, test=lambda header: lsoa_code_header(header)[0]),
            "“LSOA code (2011)” or “LSOA code (2021)”",
        )
        self.name_col = find_column(headers, test=is_lsoa_name_header)
        self.la_col = find_column(headers, test=is_la_code_header)
        self.imd_rank_col = require_column(headers, find_column(headers, prefixes=(IMD_RANK,)), "IMD rank")
        self.imd_decile_col = require_column(headers, find_column(headers, prefixes=(IMD_DECILE,)), "IMD decile")
        self.idaci_rank_col = find_column(headers, prefixes=(IDACI_RANK,))
        self.idaci_decile_col = find_column(headers, prefixes=(IDACI_DECILE,))
        self._choose_release(lsoa_code_header(headers[self.code_col])[1])

    def _choose_release(self, vintage: int | None) -> None:
        if self.release is None:
            if vintage is None:
                raise ImportFileError(
                    "the LSOA code column does not say whether its LSOAs are of 2011 or 2021; choose the release"
                )
            self.release = RELEASE_FOR_VINTAGE[vintage]
        elif vintage is not None and vintage != RELEASE_VINTAGE[self.release]:
            raise ImportFileError(
                f"the file has LSOAs of {vintage}, but the {self.release.label} uses "
                f"LSOAs of {RELEASE_VINTAGE[self.release]}"
            )
        self.vintage = int(RELEASE_VINTAGE[self.release])
        self.size = RELEASE_SIZE[self.release]
        self.release_code = str(self.release)
        self.summary.about["Release"] = str(self.release.label)
        self.summary.about["LSOA boundaries"] = str(self.vintage)

    def parse(self, raw: list[str]) -> DeprivationRow:
        code = lsoa_code(cell(raw, self.code_col))
        if code is None:
            raise SkipRow("not an English or Welsh LSOA")
        return DeprivationRow(
            code=code,
            name=cell(raw, self.name_col),
            local_authority_code=local_authority_code(cell(raw, self.la_col)),
            imd_rank=self._rank(raw, self.imd_rank_col, "IMD rank"),
            imd_decile=self._decile(raw, self.imd_decile_col, "IMD decile"),
            idaci_rank=self._rank(raw, self.idaci_rank_col, "IDACI rank") if self.idaci_rank_col is not None else None,
            idaci_decile=(
                self._decile(raw, self.idaci_decile_col, "IDACI decile") if self.idaci_decile_col is not None else None
            ),
        )

    def _rank(self, raw: list[str], column: int, what: str) -> int:
        return whole_number(cell(raw, column), what=what, minimum=1, maximum=self.size)

    def _decile(self, raw: list[str], column: int, what: str) -> int:
        return whole_number(cell(raw, column), what=what, minimum=1, maximum=10)

    def key(self, record: DeprivationRow) -> Hashable:
        return record.code

    def describe(self, record: DeprivationRow) -> str:
        text = f"IMD rank {record.imd_rank}, decile {record.imd_decile}"
        if record.idaci_rank is not None or record.idaci_decile is not None:
            text += f"; IDACI rank {record.idaci_rank}, decile {record.idaci_decile}"
        return text

    def write(self, batch: list[DeprivationRow]) -> None:
        ids = self.lsoas.resolve(
            vintage=self.vintage, facts={row.code: (row.name, row.local_authority_code) for row in batch}
        )
        existing = {
            d.lsoa_id: d for d in Deprivation.objects.filter(release=self.release_code, lsoa_id__in=list(ids.values()))
        }
        items = []
        for row in batch:
            values: dict[str, Any] = {"imd_rank": row.imd_rank, "imd_decile": row.imd_decile}
            if self.idaci_rank_col is not None:
                values["idaci_rank"] = row.idaci_rank
            if self.idaci_decile_col is not None:
                values["idaci_decile"] = row.idaci_decile
            items.append((ids[row.code], row, values))
        self.upsert(
            model=Deprivation,
            existing=existing,
            items=items,
            build=lambda lsoa_id, values: Deprivation(lsoa_id=lsoa_id, release=self.release_code, **values),
        )
