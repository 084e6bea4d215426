"""Matching birth notifications to registered children (see the package docstring)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from rapidfuzz import utils
from rapidfuzz.distance import JaroWinkler

from families.choices import Sex
from families.models import Adult, Child
from partnerships.models import BirthNotification, MatchMethod

# A surname this similar (0-100, Jaro-Winkler) to the mother's is a near match.
NEAR_SURNAME = 85
MATCH_CHUNK = 1000


def fold_name(value: str) -> str:
    """A name compared without case, punctuation or extra spaces."""
    return utils.default_process(value or "")


def surname_of(name: str) -> str:
    """'Amina Khan' -> 'Khan'; 'KHAN, Amina' -> 'KHAN'."""
    name = name.strip()
    if "," in name:
        return name.split(",", 1)[0].strip()
    parts = name.split()
    return parts[-1] if parts else ""


def surname_similarity(a: str, b: str) -> float:
    """0-100: Jaro-Winkler of the whole surnames, or of any part of a double-barrelled one."""
    a, b = fold_name(a), fold_name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    pairs = [(a, b), *((x, y) for x in re.split(r"\s+", a) for y in re.split(r"\s+", b) if len(x) > 2 and len(y) > 2)]
    return max(JaroWinkler.normalized_similarity(x, y) * 100 for x, y in pairs)


@dataclass
class Candidate:
    child_id: int
    nhs_number: str
    sex: str
    surnames: set[str] = field(default_factory=set)


def _unmatched_children() -> Any:
    """Registered children of active families not yet matched to a notification."""
    return Child.objects.filter(
        family__merged_into__isnull=True, family__anonymised_at__isnull=True, birth_notifications__isnull=True
    )


def match_births(*, notification_ids: Iterable[int] | None = None, on: date | None = None) -> Counter[str]:
    """Match unmatched notifications (all, or these) to registered children. Returns how many
    were matched by each method. Safe to repeat: matched notifications and children are left
    alone, so nothing is matched twice."""
    on = on or timezone.localdate()
    pending = BirthNotification.objects.unmatched().order_by("pk")
    counts: Counter[str] = Counter()
    if notification_ids is not None:
        ids = sorted(set(notification_ids))
        for start in range(0, len(ids), MATCH_CHUNK):
            chunk = list(pending.filter(pk__in=ids[start : start + MATCH_CHUNK]))
            if chunk:
                counts.update(_match_chunk(chunk, on))
        return counts
    last = 0
    while chunk := list(pending.filter(pk__gt=last)[:MATCH_CHUNK]):
        counts.update(_match_chunk(chunk, on))
        last = chunk[-1].pk
    return counts


def _match_chunk(chunk: list[BirthNotification], on: date) -> Counter[str]:
    children = _unmatched_children()
    by_nhs: dict[str, list[int]] = {}
    numbers = {n.nhs_number for n in chunk if n.nhs_number}
    for child_id, number in children.filter(nhs_number__in=numbers).values_list("pk", "nhs_number"):
        by_nhs.setdefault(number, []).append(child_id)
    candidates = _candidates_by_birth(chunk)
    used: set[int] = set()
    matched: list[BirthNotification] = []
    method: str
    for notification in chunk:
        found = by_nhs.get(notification.nhs_number, []) if notification.nhs_number else []
        if len(found) == 1 and found[0] not in used:
            child_id, method = found[0], MatchMethod.NHS
        else:
            best = best_candidate(
                notification, candidates.get((notification.date_of_birth, notification.postcode), []), used
            )
            if best is None:
                continue
            child_id, method = best
        used.add(child_id)
        notification.matched_child_id = child_id
        notification.match_method = method
        notification.matched_on = on
        matched.append(notification)
    BirthNotification.objects.bulk_update(matched, ["matched_child", "match_method", "matched_on"])
    return Counter(n.match_method for n in matched)


def _candidates_by_birth(chunk: list[BirthNotification]) -> dict[tuple[date, str], list[Candidate]]:
    """(date of birth, postcode) -> the children born that day whose family lives there now."""
    rows = _unmatched_children().filter(
        date_of_birth__in={n.date_of_birth for n in chunk},
        family__addresses__moved_out__isnull=True,
        family__addresses__postcode__in={n.postcode for n in chunk},
    )
    found: dict[tuple[date, str], list[Candidate]] = {}
    by_family: dict[int, list[Candidate]] = {}
    for child_id, family_id, born, postcode, last_name, nhs_number, sex in rows.values_list(
        "pk", "family_id", "date_of_birth", "family__addresses__postcode", "last_name", "nhs_number", "sex"
    ):
        candidate = Candidate(child_id=child_id, nhs_number=nhs_number, sex=sex, surnames={last_name})
        found.setdefault((born, postcode), []).append(candidate)
        by_family.setdefault(family_id, []).append(candidate)
    for family_id, last_name in Adult.objects.filter(family_id__in=list(by_family)).values_list(
        "family_id", "last_name"
    ):
        for candidate in by_family[family_id]:
            candidate.surnames.add(last_name)
    return found


def best_candidate(
    notification: BirthNotification, candidates: list[Candidate], used: set[int]
) -> tuple[int, str] | None:
    """The one child the notification is about, and how sure we are; None if none or a tie."""
    possible = [
        c
        for c in candidates
        if c.child_id not in used
        and not (notification.nhs_number and c.nhs_number and c.nhs_number != notification.nhs_number)
        and not (Sex.UNKNOWN not in (notification.sex, c.sex) and notification.sex != c.sex)
    ]
    surname = surname_of(notification.mother_name)
    if not surname:
        # Born the same day at the same postcode, and only one such child: the same baby.
        return (possible[0].child_id, MatchMethod.NEAR) if len(possible) == 1 else None
    scored = sorted(
        ((max(surname_similarity(surname, s) for s in c.surnames), c) for c in possible),
        key=lambda pair: pair[0],
        reverse=True,
    )
    passing = [(score, c) for score, c in scored if score >= NEAR_SURNAME]
    if len(passing) != 1:
        return None  # no match, or two children it could be (twins): staff decide
    score, candidate = passing[0]
    return candidate.child_id, MatchMethod.EXACT if score == 100 else MatchMethod.NEAR
