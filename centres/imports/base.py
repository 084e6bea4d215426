"""What every import shares: the summary, the LSOA cache, the set of keys already seen, and the
importer that reads rows, checks them and writes them in bounded batches."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.db import models

from centres.imports.errors import ImportFileError, RowError, SkipRow
from centres.imports.tables import Source, open_table, source_suffix
from centres.models import LSOA

# Rows written per bulk statement, and rows between progress reports. Read at run time, so a
# test can make it small.
BATCH_SIZE = 5_000
# Example rows of each kind of change kept in the summary for the preview.
EXAMPLES_PER_CHANGE = 5

R = TypeVar("R")  # a parsed row of one format
M = TypeVar("M", bound=models.Model)


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do). Stored as JSON on ReferenceImport."""

    kind: str
    dry_run: bool = False
    rows: int = 0  # data rows read, skipped ones included
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    lsoas_created: int = 0
    lsoas_updated: int = 0
    about: dict[str, str] = field(default_factory=dict)  # what was found or chosen: release, year...
    examples: list[dict[str, str]] = field(default_factory=list)  # {"change", "key", "detail"}

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1

    def example(self, *, change: str, key: str, detail: str) -> None:
        if sum(1 for example in self.examples if example["change"] == change) < EXAMPLES_PER_CHANGE:
            self.examples.append({"change": change, "key": key, "detail": detail})

    def counts(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, skipped {self.skipped}"

    def __str__(self) -> str:
        parts = [self.counts()]
        if self.skipped_reasons:
            parts.append("skipped: " + ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped_reasons.items())))
        if self.lsoas_created or self.lsoas_updated:
            parts.append(f"LSOAs created {self.lsoas_created}, updated {self.lsoas_updated}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImportSummary:
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})


class SeenKeys:
    """The keys met so far in one file, to refuse a duplicate. A plain set: for LSOA-keyed
    files it holds at most one entry per LSOA."""

    def __init__(self) -> None:
        self._seen: set[Hashable] = set()

    def add(self, key: Hashable) -> bool:
        """False if the key was met before."""
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


class SeenPostcodes(SeenKeys):
    """The postcodes met so far, in bounded memory: one 4,000-bit map of inward codes (digit,
    letter, letter: 10 x 20 x 20) per outward code. The UK has about 3,000 outward codes, so the
    whole directory of 2.7 million postcodes takes under 2 MB where a set would take hundreds."""

    _LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code may use

    def __init__(self) -> None:
        super().__init__()
        self._maps: dict[str, bytearray] = {}

    def add(self, key: Hashable) -> bool:
        outward, inward = str(key).split(" ")  # a normalised postcode: "ZX1 1AB"
        index = int(inward[0]) * 400 + self._LETTERS.index(inward[1]) * 20 + self._LETTERS.index(inward[2])
        bits = self._maps.setdefault(outward, bytearray(500))
        byte, bit = divmod(index, 8)
        if bits[byte] & (1 << bit):
            return False
        bits[byte] |= 1 << bit
        return True


@dataclass
class _KnownLSOA:
    id: int
    name: str
    local_authority_code: str


class LSOAIndex:
    """LSOA code -> id for one import, creating the LSOAs the file meets that the table lacks.

    The cache holds each LSOA once it has been met, so it is bounded by the size of the LSOA
    table (about 35,000 a vintage). A name from the file fills a blank or corrects a different
    one; a blank in the file never blanks a stored name. A local-authority code only fills a
    blank: the files give the authority of different years (IoD2019 those of 2019, the postcode
    directory today's), and the first one loaded is kept so that the order of imports cannot
    make the code flip back and forth.
    """

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        self._known: dict[tuple[int, str], _KnownLSOA] = {}

    def resolve(self, *, vintage: int, facts: Mapping[str, tuple[str, str]]) -> dict[str, int]:
        """`facts` maps each code to (name, local authority code) as the file gives them ('' if not)."""
        unknown = [code for code in facts if (vintage, code) not in self._known]
        if unknown:
            for lsoa in LSOA.objects.filter(vintage=vintage, code__in=unknown).only(
                "id", "code", "name", "local_authority_code"
            ):
                self._known[(vintage, lsoa.code)] = _KnownLSOA(lsoa.pk, lsoa.name, lsoa.local_authority_code)
        new = [
            LSOA(code=code, vintage=vintage, name=facts[code][0], local_authority_code=facts[code][1])
            for code in unknown
            if (vintage, code) not in self._known
        ]
        if new:
            LSOA.objects.bulk_create(new)  # sets the ids on PostgreSQL and SQLite alike
            self.summary.lsoas_created += len(new)
            for lsoa in new:
                self._known[(vintage, lsoa.code)] = _KnownLSOA(lsoa.pk, lsoa.name, lsoa.local_authority_code)
        changed = []
        for code, (name, authority) in facts.items():
            known = self._known[(vintage, code)]
            new_name = name or known.name
            new_authority = known.local_authority_code or authority
            if (new_name, new_authority) != (known.name, known.local_authority_code):
                known.name, known.local_authority_code = new_name, new_authority
                changed.append(LSOA(pk=known.id, name=new_name, local_authority_code=new_authority))
        if changed:
            LSOA.objects.bulk_update(changed, ["name", "local_authority_code"])
            self.summary.lsoas_updated += len(changed)
        return {code: self._known[(vintage, code)].id for code in facts}


class Importer(ABC, Generic[R]):
    """One file format. Subclasses say how to read the rows (`rows`), check one (`parse`, which
    raises RowError or SkipRow), name its key, and write a batch (`write`, usually `upsert`)."""

    kind: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = (".csv",)
    row_word: ClassVar[str] = "row"

    def __init__(self, *, options: Mapping[str, Any], summary: ImportSummary) -> None:
        self.options = options
        self.summary = summary
        self.lsoas = LSOAIndex(summary)
        self.seen: SeenKeys = SeenKeys()

    # --- what each format provides ---------------------------------------------------------
    @abstractmethod
    def rows(self, source: Source) -> AbstractContextManager[Iterator[tuple[int, Any]]]: ...

    @abstractmethod
    def parse(self, raw: Any) -> R: ...

    @abstractmethod
    def key(self, record: R) -> Hashable: ...

    def label(self, record: R) -> str:
        return str(self.key(record))

    def describe(self, record: R) -> str:
        """The row's values in words, for the preview's examples."""
        return ""

    @abstractmethod
    def write(self, batch: list[R]) -> None: ...

    # --- the shared run ----------------------------------------------------------------------
    def run(self, source: Source, *, progress: Callable[[int], None] | None = None) -> None:
        suffix = source_suffix(source)
        if suffix and suffix not in self.extensions:
            allowed = " or ".join(self.extensions)
            raise ImportFileError(f"this kind of file must be {allowed}, not {suffix}")
        size = BATCH_SIZE
        batch: list[R] = []
        with self.rows(source) as rows:
            for line, raw in rows:
                self.summary.rows += 1
                try:
                    record = self.parse(raw)
                except RowError as exc:
                    raise ImportFileError(f"{self.row_word} {line}: {exc}") from None
                except SkipRow as skip:
                    self.summary.skip(skip.reason)
                else:
                    if not self.seen.add(self.key(record)):
                        raise ImportFileError(f"{self.row_word} {line}: {self.label(record)} appears more than once")
                    batch.append(record)
                    if len(batch) >= size:
                        self.write(batch)
                        batch = []
                if progress and self.summary.rows % size == 0:
                    progress(size)
            if batch:
                self.write(batch)
        if progress and self.summary.rows % size:
            progress(self.summary.rows % size)

    def upsert(
        self,
        *,
        model: type[M],
        existing: Mapping[Any, M],
        items: Iterable[tuple[Any, R, dict[str, Any]]],
        build: Callable[[Any, dict[str, Any]], M] | None,
    ) -> None:
        """Create the rows whose key is not stored, update those whose values differ, count the
        rest as unchanged: one bulk_create and one bulk_update for the batch."""
        creates: list[M] = []
        updates: list[M] = []
        fields: set[str] = set()
        for key, record, values in items:
            stored = existing.get(key)
            if stored is None:
                if build is None:
                    continue
                creates.append(build(key, values))
                self.summary.created += 1
                self.summary.example(change="created", key=self.label(record), detail=self.describe(record))
                continue
            changed = [name for name, value in values.items() if getattr(stored, name) != value]
            if not changed:
                self.summary.unchanged += 1
                continue
            for name in changed:
                setattr(stored, name, values[name])
            updates.append(stored)
            fields.update(changed)
            self.summary.updated += 1
            what = ", ".join(
                str(getattr(model._meta.get_field(name.removesuffix("_id")), "verbose_name", name)) for name in changed
            )
            self.summary.example(
                change="updated", key=self.label(record), detail=f"{what} now: {self.describe(record)}"
            )
        if creates:
            model._default_manager.bulk_create(creates)
        if updates:
            model._default_manager.bulk_update(updates, sorted(fields))


class TabularImporter(Importer[R]):
    """A CSV (or workbook) format: find the header, bind the columns, then parse cells."""

    @abstractmethod
    def is_header(self, headers: list[str]) -> bool: ...

    @abstractmethod
    def bind(self, headers: list[str]) -> None:
        """Find the columns; raise ImportFileError naming the file's columns if one is missing."""

    @contextmanager
    def _table_rows(self, source: Source) -> Iterator[Iterator[tuple[int, Any]]]:
        with open_table(source, is_header=self.is_header, sheet=str(self.options.get("sheet") or "")) as table:
            self.bind(table.headers)
            yield table.rows

    def rows(self, source: Source) -> AbstractContextManager[Iterator[tuple[int, Any]]]:
        return self._table_rows(source)
