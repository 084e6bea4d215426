"""The ONS Postcode Directory (ONSPD) and the National Statistics Postcode Lookup (NSPL), CSV.

Columns used (any others, of which ONSPD has about fifty, are ignored):
- postcode: `pcds` (preferred), else `pcd`, `pcd2`, `pcd7`, `pcd8` or `postcode`;
- `lsoa11` / `lsoa11cd` and `lsoa21` / `lsoa21cd`: at least one;
- local authority: `oslaua` (ONSPD), `laua` (NSPL) or `ladNNcd` (later editions);
- `doterm`: the month the postcode was terminated, YYYYMM, blank while it is live.

LSOA codes other than English (E01) and Welsh (W01) ones (Scottish data zones, Northern
Ireland, the Channel Islands' pseudo-codes) leave that LSOA empty rather than fail the row.
The option `local_authorities` keeps only the rows of those authorities; the others are
skipped before they are checked, so a council can load its own slice of the 2.7 million rows.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from centres.imports.base import ImportSummary, SeenPostcodes, TabularImporter
from centres.imports.errors import ImportFileError, RowError, SkipRow
from centres.imports.values import (
    LSOA_CODE,
    cell,
    find_column,
    is_la_code_header,
    local_authority_code,
    local_authority_codes,
    month_start,
    require_column,
)
from centres.models import Postcode
from centres.models.areas import Vintage
from centres.postcodes import InvalidPostcode, normalise_postcode

POSTCODE_HEADERS = ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode")
LA_HEADERS = ("oslaua", "laua")


@dataclass(slots=True)
class PostcodeRow:
    postcode: str
    lsoa_2011: str | None
    lsoa_2021: str | None
    local_authority_code: str
    terminated: date | None


class PostcodeImporter(TabularImporter[PostcodeRow]):
    kind = "postcodes"

    def __init__(self, *, options: Mapping[str, Any], summary: ImportSummary) -> None:
        super().__init__(options=options, summary=summary)
        try:
            self.local_authorities = frozenset(local_authority_codes(options.get("local_authorities")))
        except ValueError as exc:
            raise ImportFileError(str(exc)) from None
        if self.local_authorities:
            summary.about["Local authorities kept"] = ", ".join(sorted(self.local_authorities))
        self.seen = SeenPostcodes()

    def is_header(self, headers: list[str]) -> bool:
        return find_column(headers, names=POSTCODE_HEADERS) is not None

    def bind(self, headers: list[str]) -> None:
        self.postcode_col = require_column(
            headers, find_column(headers, names=POSTCODE_HEADERS), "postcode (“pcds”, “pcd”, “pcd2” or “postcode”)"
        )
        self.lsoa11_col = find_column(headers, names=("lsoa11", "lsoa11cd"))
        self.lsoa21_col = find_column(headers, names=("lsoa21", "lsoa21cd"))
        if self.lsoa11_col is None and self.lsoa21_col is None:
            require_column(headers, None, "LSOA (“lsoa11” or “lsoa21”)")
        self.la_col = require_column(
            headers,
            find_column(headers, names=LA_HEADERS, test=is_la_code_header),
            "local authority (“oslaua”, “laua” or “lad…cd”)",
        )
        self.doterm_col = find_column(headers, names=("doterm",))

    def parse(self, raw: list[str]) -> PostcodeRow:
        authority = cell(raw, self.la_col).upper()
        if self.local_authorities and authority not in self.local_authorities:
            raise SkipRow("in another local authority")
        text = cell(raw, self.postcode_col)
        try:
            postcode = normalise_postcode(text)
        except InvalidPostcode:
            raise RowError(f"“{text}” is not a postcode") from None
        return PostcodeRow(
            postcode=postcode,
            lsoa_2011=self._lsoa(cell(raw, self.lsoa11_col)),
            lsoa_2021=self._lsoa(cell(raw, self.lsoa21_col)),
            local_authority_code=local_authority_code(authority),
            terminated=month_start(cell(raw, self.doterm_col), what="doterm"),
        )

    @staticmethod
    def _lsoa(value: str) -> str | None:
        code = value.upper()
        return code if LSOA_CODE.match(code) else None

    def key(self, record: PostcodeRow) -> Hashable:
        return record.postcode

    def describe(self, record: PostcodeRow) -> str:
        text = (
            f"LSOA 2011 {record.lsoa_2011 or 'none'}, LSOA 2021 {record.lsoa_2021 or 'none'}, "
            f"local authority {record.local_authority_code or 'none'}"
        )
        return text + (f", terminated {record.terminated:%B %Y}" if record.terminated else "")

    def write(self, batch: list[PostcodeRow]) -> None:
        ids_2011 = self.lsoas.resolve(
            vintage=Vintage.V2011,
            facts={row.lsoa_2011: ("", row.local_authority_code) for row in batch if row.lsoa_2011},
        )
        ids_2021 = self.lsoas.resolve(
            vintage=Vintage.V2021,
            facts={row.lsoa_2021: ("", row.local_authority_code) for row in batch if row.lsoa_2021},
        )
        existing = {p.postcode: p for p in Postcode.objects.filter(postcode__in=[row.postcode for row in batch])}
        items = [
            (
                row.postcode,
                row,
                {
                    "lsoa_2011_id": ids_2011.get(row.lsoa_2011) if row.lsoa_2011 else None,
                    "lsoa_2021_id": ids_2021.get(row.lsoa_2021) if row.lsoa_2021 else None,
                    "local_authority_code": row.local_authority_code,
                    "terminated": row.terminated,
                },
            )
            for row in batch
        ]
        self.upsert(
            model=Postcode,
            existing=existing,
            items=items,
            build=lambda key, values: Postcode(postcode=key, **values),
        )
