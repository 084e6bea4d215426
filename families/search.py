"""Finding a family by what staff have to hand: a name, a date of birth, an NHS number or a
postcode, typed into one box.

`interpret_query` decides what the text is (pure, tested case by case); `family_search` turns
that into indexed lookups. Every condition is a `pk IN (subquery)` on one table, so a family
appears once however many of its people match: no joins to multiply rows, and no DISTINCT
to make the count and the page slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from centres.postcodes import InvalidPostcode, normalise_postcode
from families.models import Address, Adult, Child, Family
from families.nhs import format_nhs_number

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User

# More words than this are ignored: each one costs a lookup, and no family needs six.
MAX_NAME_TOKENS = 5

_NHS = re.compile(r"\d{3}\s*\d{3}\s*\d{4}")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class SearchKind(StrEnum):
    ALL = "all"
    NHS_NUMBER = "nhs_number"
    POSTCODE = "postcode"
    DATE_OF_BIRTH = "date_of_birth"
    NAME = "name"
    INVALID_DATE = "invalid_date"


@dataclass(frozen=True)
class SearchTerms:
    kind: SearchKind
    nhs_number: str = ""
    postcode: str = ""
    day: date | None = None
    names: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """What the search looked for, in words for the results page."""
        match self.kind:
            case SearchKind.NHS_NUMBER:
                return f"a child with NHS number {format_nhs_number(self.nhs_number)}"
            case SearchKind.POSTCODE:
                return f"a current address at {self.postcode}"
            case SearchKind.DATE_OF_BIRTH if self.day is not None:
                return f"a child or carer born on {self.day.day} {self.day:%B %Y}"
            case SearchKind.NAME:
                return "a name starting with " + " and ".join(f"“{token}”" for token in self.names)
            case SearchKind.INVALID_DATE:
                return "a date that does not exist"
        return "all families"


def _parse_date(text: str) -> date | SearchKind | None:
    """A date typed as 1/6/2024, 01/06/2024 or 2024-06-01; INVALID_DATE for 31/2/2024."""
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return SearchKind.INVALID_DATE


def interpret_query(query: str) -> SearchTerms:
    text = " ".join((query or "").split())
    if not text:
        return SearchTerms(SearchKind.ALL)
    if _NHS.fullmatch(text):
        return SearchTerms(SearchKind.NHS_NUMBER, nhs_number=re.sub(r"\s", "", text))
    parsed = _parse_date(text)
    if isinstance(parsed, date):
        return SearchTerms(SearchKind.DATE_OF_BIRTH, day=parsed)
    if parsed is SearchKind.INVALID_DATE:
        return SearchTerms(SearchKind.INVALID_DATE)
    try:
        return SearchTerms(SearchKind.POSTCODE, postcode=normalise_postcode(text))
    except InvalidPostcode:
        pass
    tokens = tuple(dict.fromkeys(token for token in re.split(r"[\s,]+", text) if token))
    return SearchTerms(SearchKind.NAME, names=tokens[:MAX_NAME_TOKENS])


def _families_with(*people: QuerySet[Any]) -> Q:
    """Families with a row in any of the querysets. A UNION rather than an OR of two IN
    conditions: the database then probes the family table by primary key for each match
    instead of scanning every family to test both conditions."""
    ids = [qs.order_by().values("family_id") for qs in people]
    return Q(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def _condition(terms: SearchTerms) -> Q | None:
    """The filter for the terms, or None for "everything"."""
    match terms.kind:
        case SearchKind.NHS_NUMBER:
            return _families_with(Child.objects.filter(nhs_number=terms.nhs_number))
        case SearchKind.POSTCODE:
            return _families_with(Address.objects.current().filter(postcode=terms.postcode))
        case SearchKind.DATE_OF_BIRTH:
            return _families_with(
                Child.objects.filter(date_of_birth=terms.day), Adult.objects.filter(date_of_birth=terms.day)
            )
        case SearchKind.NAME:
            condition = Q()
            # Each word must start a first or last name of someone in the family (not
            # necessarily the same person: "Ava Khan" finds Ava whose mother is Ms Khan).
            for token in terms.names:
                named = Q(first_name__istartswith=token) | Q(last_name__istartswith=token)
                condition &= _families_with(Adult.objects.filter(named), Child.objects.filter(named))
            return condition
        case SearchKind.INVALID_DATE:
            return Q(pk__in=[])
    return None


def family_search(*, user: User | AnonymousUser, query: str) -> QuerySet[Family]:
    """The user's active families matching the query, newest registration first, with what the
    results table shows (carers, children, current address, centre) fetched in four queries."""
    families = Family.objects.for_user(user).active()
    condition = _condition(interpret_query(query))
    if condition is not None:
        families = families.filter(condition)
    return (
        families.select_related("registered_centre")
        .prefetch_related(
            Prefetch("adults", queryset=Adult.objects.order_by("id")),
            Prefetch("children", queryset=Child.objects.order_by("date_of_birth", "expected_date", "id")),
            Prefetch("addresses", queryset=Address.objects.current(), to_attr="current_addresses"),
        )
        .order_by("-registration_date", "-id")
    )
