"""Suggest existing records that may be the person being registered (or a family being checked).

Staff re-register people they cannot find, so registration and the merge screen ask here first.
Two stages, so that the cost never grows with the size of the authority:

1. Retrieve a bounded set of candidate families with indexed lookups only: children with the
   same NHS number, children with the same date of birth, adults with the same last name and
   date of birth, current addresses with the same postcode, people with the same last name.
   Each lookup is capped, most specific first, and together they stop at CANDIDATE_CAP.
2. Score each candidate's people in Python (`person_score`, pure and tested case by case).

The user sees matches among the families they may see; strong matches elsewhere are only
counted, with the names of those centres, so that staff know whom to call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from rapidfuzz import fuzz, utils
from rapidfuzz.distance import JaroWinkler

from centres.postcodes import InvalidPostcode, normalise_postcode
from centres.roles import sees_personal_data
from families.models import Address, Adult, Child, Family
from families.nhs import is_valid_nhs_number, normalise_nhs_number

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from centres.models import User

CANDIDATE_CAP = 200  # families scored per search, whatever the size of the authority
SUGGEST_FROM = 60  # the lowest score shown as a possible match
STRONG = 85  # a strong match: shown first, and counted at centres the user cannot see
SIMILAR_FIRST_NAME = 75  # below this, a different first name halves the name's weight
NAME_POINTS = 70
LAST_NAME_ONLY_WEIGHT = 0.75
DATE_OF_BIRTH_POINTS = 30
POSTCODE_POINTS = 10


@dataclass(frozen=True)
class Probe:
    """The person being looked for."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    nhs_number: str = ""


@dataclass(frozen=True)
class DuplicateMatch:
    family: Family
    score: int  # 0-100
    reasons: tuple[str, ...]
    person_name: str  # the person in `family` who matched best

    @property
    def strong(self) -> bool:
        return self.score >= STRONG


@dataclass(frozen=True)
class DuplicateSuggestions:
    matches: list[DuplicateMatch] = field(default_factory=list)
    # Strong matches at centres the user cannot see: a count and the centres' names, no personal data.
    elsewhere: int = 0
    elsewhere_centres: list[str] = field(default_factory=list)


def duplicate_candidates(
    *,
    user: User | AnonymousUser,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    postcode: str = "",
    exclude_family_id: int | None = None,
    limit: int = 10,
) -> DuplicateSuggestions:
    """Families that may already hold this person, best first."""
    probe = Probe(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, nhs_number=nhs_number)
    return _suggest(user=user, probes=[probe], postcode=postcode, exclude_family_id=exclude_family_id, limit=limit)


def family_duplicate_candidates(*, user: User | AnonymousUser, family: Family, limit: int = 10) -> DuplicateSuggestions:
    """Other families that may be this one: any of its carers or children found elsewhere."""
    people: list[Adult | Child] = [*family.adults.all(), *family.children.all()]
    probes = [
        Probe(
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            nhs_number=getattr(person, "nhs_number", ""),
        )
        for person in people
    ]
    current = family.addresses.current().first()
    return _suggest(
        user=user,
        probes=probes,
        postcode=current.postcode if current else "",
        exclude_family_id=family.pk,
        limit=limit,
    )


# Scoring: pure functions over plain values.


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """0-100. Jaro-Winkler per part (kind to short names: Jon/John), either order (a first and last
    name swapped on a form); a first name that is clearly different halves the score."""
    first_a, last_a, first_b, last_b = (utils.default_process(s) for s in (first_a, last_a, first_b, last_b))

    def jw(a: str, b: str) -> float:
        return JaroWinkler.normalized_similarity(a, b) * 100

    if not (first_a and first_b):  # an unborn child, or only a last name typed
        return max(jw(last_a, last_b), fuzz.token_sort_ratio(f"{first_a} {last_a}", f"{first_b} {last_b}"))
    best = 0.0
    for first, last in ((first_b, last_b), (last_b, first_b)):
        first_sim, last_sim = jw(first_a, first), jw(last_a, last)
        score = (first_sim + last_sim) / 2
        if first_sim < SIMILAR_FIRST_NAME:
            score /= 2
        best = max(best, score)
    return best


def dates_close(a: date, b: date) -> bool:
    """One part mistyped, or day and month swapped (American order)."""
    same_parts = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    return same_parts == 2 or (a.year == b.year and a.day == b.month and a.month == b.day)


def person_score(
    probe: Probe,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    nhs_number: str = "",
    same_postcode: bool = False,
) -> tuple[int, tuple[str, ...]]:
    """How likely the probe is this person (0-100), and why. The NHS number is decisive."""
    if probe.nhs_number and nhs_number and probe.nhs_number == nhs_number:
        return 100, ("same NHS number",)
    reasons: list[str] = []
    name = name_similarity(probe.first_name, probe.last_name, first_name, last_name)
    # Only a last name to compare (none typed, or an unborn child's): weaker evidence.
    last_only = not (probe.first_name.strip() and first_name.strip())
    points = NAME_POINTS * name / 100 * (LAST_NAME_ONLY_WEIGHT if last_only else 1)
    what = "last name" if last_only else "name"
    if name >= 99.5:
        reasons.append(f"same {what}")
    elif name >= SIMILAR_FIRST_NAME:
        reasons.append(f"similar {what} ({name:.0f}%)")
    if probe.date_of_birth and date_of_birth:
        if probe.date_of_birth == date_of_birth:
            points += DATE_OF_BIRTH_POINTS
            reasons.append("same date of birth")
        elif dates_close(probe.date_of_birth, date_of_birth):
            reasons.append("similar date of birth")
        else:
            points -= DATE_OF_BIRTH_POINTS
    if same_postcode:
        points += POSTCODE_POINTS
        reasons.append("same postcode")
    return max(0, min(100, round(points))), tuple(reasons)


# Retrieval and assembly.


def _clean_probe(probe: Probe) -> Probe:
    nhs = normalise_nhs_number(probe.nhs_number)
    return Probe(
        first_name=probe.first_name.strip(),
        last_name=probe.last_name.strip(),
        date_of_birth=probe.date_of_birth,
        nhs_number=nhs if is_valid_nhs_number(nhs) else "",
    )


def _postcodes(value: str) -> set[str]:
    try:
        normalised = normalise_postcode(value)
    except InvalidPostcode:
        return set()
    return {normalised, normalised.replace(" ", "")}


def _spellings(last_name: str) -> set[str]:
    """Case variants of a last name, so that the (last_name, first_name) indexes answer an
    exact lookup: a case-insensitive comparison (`iexact`, UPPER()) could not use them."""
    name = last_name.strip()
    if not name:
        return set()
    return {name, name.title(), name.capitalize(), name.upper(), name.lower()}


def _candidate_lookups(
    probes: Sequence[Probe], postcodes: set[str], exclude_family_id: int | None
) -> list[QuerySet[Child] | QuerySet[Adult] | QuerySet[Address]]:
    """Indexed lookups, most specific first, each giving family ids."""
    live = Q(family__merged_into__isnull=True, family__anonymised_at__isnull=True)
    if exclude_family_id is not None:
        live &= ~Q(family_id=exclude_family_id)
    nhs_numbers = {p.nhs_number for p in probes if p.nhs_number}
    dates = {p.date_of_birth for p in probes if p.date_of_birth}
    names = set().union(*(_spellings(p.last_name) for p in probes))
    lookups: list[QuerySet[Child] | QuerySet[Adult] | QuerySet[Address]] = []
    if nhs_numbers:
        lookups.append(Child.objects.filter(live, nhs_number__in=nhs_numbers))
    if dates:
        lookups.append(Child.objects.filter(live, date_of_birth__in=dates))
    if dates and names:
        lookups.append(Adult.objects.filter(live, last_name__in=names, date_of_birth__in=dates))
    if postcodes:
        lookups.append(Address.objects.current().filter(live, postcode__in=postcodes))
    if names:
        lookups.append(Child.objects.filter(live, last_name__in=names))
        lookups.append(Adult.objects.filter(live, last_name__in=names))
    return lookups


def _candidate_ids(probes: Sequence[Probe], postcodes: set[str], exclude_family_id: int | None) -> list[int]:
    ids: dict[int, None] = {}  # insertion-ordered: the most specific lookups' families first
    for lookup in _candidate_lookups(probes, postcodes, exclude_family_id):
        room = CANDIDATE_CAP - len(ids)
        if room <= 0:
            break
        found = lookup.exclude(family_id__in=list(ids)).order_by().values_list("family_id", flat=True).distinct()
        ids.update(dict.fromkeys(found[:room]))
    return list(ids)


def _family_score(probes: Iterable[Probe], family: Family, same_postcode: bool) -> tuple[int, tuple[str, ...], str]:
    best: tuple[int, tuple[str, ...], str] = (0, (), "")
    for person in [*family.adults.all(), *family.children.all()]:
        for probe in probes:
            score, reasons = person_score(
                probe,
                first_name=person.first_name,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                nhs_number=getattr(person, "nhs_number", ""),
                same_postcode=same_postcode,
            )
            if score > best[0]:
                best = (score, reasons, str(person))
    return best


def _suggest(
    *,
    user: User | AnonymousUser,
    probes: Sequence[Probe],
    postcode: str,
    exclude_family_id: int | None,
    limit: int,
) -> DuplicateSuggestions:
    if not sees_personal_data(user):
        return DuplicateSuggestions()
    probes = [p for p in map(_clean_probe, probes) if p.last_name or p.nhs_number]
    postcodes = _postcodes(postcode)
    if not probes:
        return DuplicateSuggestions()
    ids = _candidate_ids(probes, postcodes, exclude_family_id)
    if not ids:
        return DuplicateSuggestions()
    # Every candidate is scored, the user's or not: a strong match elsewhere is counted (never shown).
    candidates = (
        Family.objects.filter(pk__in=ids)
        .select_related("registered_centre")
        .prefetch_related(
            Prefetch("adults", queryset=Adult.objects.order_by("id")),
            Prefetch("children", queryset=Child.objects.order_by("id")),
            Prefetch("addresses", queryset=Address.objects.current(), to_attr="current_addresses"),
        )
    )
    visible = set(Family.objects.for_user(user).active().filter(pk__in=ids).values_list("pk", flat=True))
    matches: list[DuplicateMatch] = []
    elsewhere_centres: dict[int, str] = {}
    elsewhere = 0
    for family in candidates:
        same_postcode = any(a.postcode in postcodes for a in family.current_addresses)
        score, reasons, person_name = _family_score(probes, family, same_postcode)
        if family.pk in visible and score >= SUGGEST_FROM:
            matches.append(DuplicateMatch(family=family, score=score, reasons=reasons, person_name=person_name))
        elif family.pk not in visible and score >= STRONG:
            elsewhere += 1
            elsewhere_centres[family.registered_centre_id] = family.registered_centre.name
    matches.sort(key=lambda m: (-m.score, m.family.pk))
    return DuplicateSuggestions(
        matches=matches[:limit], elsewhere=elsewhere, elsewhere_centres=sorted(elsewhere_centres.values())
    )
