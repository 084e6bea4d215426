"""The ONS lookup from 2011 to 2021 LSOAs (England and Wales), CSV.

Columns: `LSOA11CD`, `LSOA11NM`, `LSOA21CD`, `LSOA21NM`, `CHGIND` (U unchanged, S split,
M merged, X redesigned), and optionally `LADnnCD`, the local authority of the 2021 LSOA. Any
others (`LAD22NM`, `ObjectId`…) are ignored. LSOAs of both vintages are created with their names.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from centres.imports.base import TabularImporter
from centres.imports.errors import RowError, SkipRow
from centres.imports.values import (
    cell,
    find_column,
    is_la_code_header,
    local_authority_code,
    lsoa_code,
    require_column,
)
from centres.models import LSOALookup
from centres.models.areas import Vintage


@dataclass(slots=True)
class LookupRow:
    code_2011: str
    name_2011: str
    code_2021: str
    name_2021: str
    change: str
    local_authority_code: str


class LSOALookupImporter(TabularImporter[LookupRow]):
    kind = "lsoa_lookup"

    def is_header(self, headers: list[str]) -> bool:
        return "lsoa11cd" in headers or "lsoa21cd" in headers

    def bind(self, headers: list[str]) -> None:
        self.code_2011_col = require_column(headers, find_column(headers, names=("lsoa11cd",)), "“LSOA11CD”")
        self.code_2021_col = require_column(headers, find_column(headers, names=("lsoa21cd",)), "“LSOA21CD”")
        self.change_col = require_column(headers, find_column(headers, names=("chgind",)), "“CHGIND”")
        self.name_2011_col = find_column(headers, names=("lsoa11nm",))
        self.name_2021_col = find_column(headers, names=("lsoa21nm",))
        self.la_col = find_column(headers, test=is_la_code_header)

    def parse(self, raw: list[str]) -> LookupRow:
        code_2011 = lsoa_code(cell(raw, self.code_2011_col), what="LSOA11CD")
        code_2021 = lsoa_code(cell(raw, self.code_2021_col), what="LSOA21CD")
        if code_2011 is None or code_2021 is None:
            raise SkipRow("not an English or Welsh LSOA")
        change = cell(raw, self.change_col).upper()
        if change not in LSOALookup.Change.values:
            raise RowError(f"CHGIND “{change}” is not U, S, M or X")
        return LookupRow(
            code_2011=code_2011,
            name_2011=cell(raw, self.name_2011_col),
            code_2021=code_2021,
            name_2021=cell(raw, self.name_2021_col),
            change=change,
            local_authority_code=local_authority_code(cell(raw, self.la_col)),
        )

    def key(self, record: LookupRow) -> Hashable:
        return (record.code_2011, record.code_2021)

    def label(self, record: LookupRow) -> str:
        return f"{record.code_2011} to {record.code_2021}"

    def describe(self, record: LookupRow) -> str:
        return f"CHGIND {record.change} ({str(LSOALookup.Change(record.change).label).lower()})"

    def write(self, batch: list[LookupRow]) -> None:
        ids_2011 = self.lsoas.resolve(
            vintage=Vintage.V2011, facts={row.code_2011: (row.name_2011, "") for row in batch}
        )
        ids_2021 = self.lsoas.resolve(
            vintage=Vintage.V2021, facts={row.code_2021: (row.name_2021, row.local_authority_code) for row in batch}
        )
        existing = {
            (lookup.lsoa_2011_id, lookup.lsoa_2021_id): lookup
            for lookup in LSOALookup.objects.filter(lsoa_2011_id__in=list(ids_2011.values()))
        }
        self.upsert(
            model=LSOALookup,
            existing=existing,
            items=[((ids_2011[row.code_2011], ids_2021[row.code_2021]), row, {"change": row.change}) for row in batch],
            build=lambda key, values: LSOALookup(lsoa_2011_id=key[0], lsoa_2021_id=key[1], **values),
        )
