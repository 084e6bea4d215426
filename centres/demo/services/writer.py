"""The bulk writer: rows as plain tuples, COPY on PostgreSQL, and the contacts with their participants."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.management.color import no_style
from django.db import connection, models, reset_queries
from django.db.models import Exists, Max, OuterRef, Subquery

from families.models import Family
from services.models import Contact, ContactAdult, ContactChild

if TYPE_CHECKING:
    from centres.demo.services.simulation import Fam


CONTACT_BATCH = 5000  # contacts a write (their children and adults go with them)
USE_COPY = True  # COPY on PostgreSQL; bulk_create elsewhere or when False


class Rows:
    """Rows of one table as plain tuples, written `batch` at a time: COPY on PostgreSQL; elsewhere
    (and in the tests) one executemany INSERT, the values adapted as Django adapts them. Both skip
    building model instances, which costs more than the writing at two million contacts."""

    def __init__(self, model: type[models.Model], fields: list[str], batch: int) -> None:
        self.model, self.batch = model, batch
        self.rows: list[tuple[Any, ...]] = []
        found = [model._meta.get_field(f) for f in fields]
        self.columns = [str(f.column) for f in found]  # type: ignore[union-attr]
        ops = connection.ops
        self.adapters = [
            ops.adapt_datetimefield_value
            if isinstance(f, models.DateTimeField)
            else ops.adapt_datefield_value
            if isinstance(f, models.DateField)
            else None
            for f in found
        ]
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if self.rows:
            self.write(self.rows)
            self.written += len(self.rows)
            self.rows = []

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if USE_COPY and connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            adapt = [(i, a) for i, a in enumerate(self.adapters) if a is not None]
            if adapt:
                rows = [list(row) for row in rows]  # type: ignore[misc]
                for row in rows:
                    for i, adapter in adapt:
                        row[i] = adapter(row[i])  # type: ignore[index]
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - our names


class Contacts:
    """Contacts with the children and adults who took part, flushed together every `batch`."""

    def __init__(self, batch: int, now: datetime) -> None:
        self.batch, self.now = batch, now
        self.first_id = self.next_id = (Contact.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        fields = ["id", "family", "centre", "date", "kind", "session", "worker", "duration_minutes", "notes"]
        # Written column by column (COPY on PostgreSQL), so every NOT NULL column is named here.
        self.contacts = Rows(Contact, [*fields, "with_adult", "created_at", "source_system", "version"], batch)
        self.children = Rows(ContactChild, ["contact", "child"], batch)
        self.adults = Rows(ContactAdult, ["contact", "adult"], batch)

    def add(
        self,
        fam: Fam,
        centre: int,
        day: int,
        kind: str,
        session: int | None,
        worker: int | None,
        minutes: int | None,
        children: list[int],
        adults: list[int],
        notes: str = "",
    ) -> None:
        cid = self.next_id
        self.next_id += 1
        self.contacts.add(
            (
                cid,
                fam.id,
                centre,
                date.fromordinal(day),
                str(kind),
                session,
                worker,
                minutes,
                notes,
                bool(adults),
                self.now,
                "",
                1,
            )
        )
        for child in children:
            self.children.add((cid, child))
        for adult in adults:
            self.adults.add((cid, adult))
        if len(self.contacts.rows) >= self.batch:
            self.flush()

    @property
    def made(self) -> int:
        return self.next_id - self.first_id

    def flush(self) -> None:
        for rows in (self.contacts, self.children, self.adults):
            rows.flush()
        reset_queries()  # DEBUG keeps every query's SQL: don't let it grow with the load

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Contact]):
                cursor.execute(sql)


def update_last_contact() -> None:
    """One UPDATE: each family's last contact is its latest contact's date."""
    contacts = Contact.objects.filter(family=OuterRef("pk"))
    latest = contacts.order_by().values("family").annotate(last=Max("date")).values("last")
    Family.objects.filter(Exists(contacts)).update(last_contact_on=Subquery(latest))
