"""Reads for outcome records. Access to a family is decided by families.selectors
(family_get_for_user, which starts from Family.objects.for_user); these read within it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from centres.audit import audit_record
from centres.models import AuditEvent
from centres.roles import sees_restricted_fields
from families.models import Adult, Child, Family
from outcomes.models import (
    AdultProgress,
    Assessment,
    AssessmentScore,
    HealthRecord,
    Instrument,
    Subject,
    TimePoint,
    YesNoUnknown,
)
from outcomes.models.instruments import cutoff_for, months_between

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import User


def instrument_list() -> QuerySet[Instrument]:
    """The instruments staff can record now."""
    return Instrument.objects.filter(active=True).order_by("name")


def instrument_get(*, code: str) -> Instrument:
    """An active instrument with its domains, else 404."""
    return get_object_or_404(instrument_list().prefetch_related("domains"), code=code)


def assessable_people(*, family: Family, instrument: Instrument) -> QuerySet[Child] | QuerySet[Adult]:
    """Whom the instrument can be recorded for in this family: its born children, or its carers."""
    if instrument.subject == Subject.CHILD:
        return family.children.filter(date_of_birth__isnull=False).order_by("date_of_birth", "id")
    return family.adults.order_by("id")


def family_child_get(*, family: Family, pk: int) -> Child:
    """A child of this family, else 404 (a child of another family is not found here)."""
    return get_object_or_404(Child, family=family, pk=pk)


def family_adult_get(*, family: Family, pk: int) -> Adult:
    return get_object_or_404(Adult, family=family, pk=pk)


# ---------------------------------------------------------------------------------------------
# Change from baseline: small pure helpers, tested on their own
# ---------------------------------------------------------------------------------------------

Direction = Literal["improved", "worse", "same"]


@dataclass(frozen=True)
class Change:
    """From a baseline assessment to a later one of the same person on the same instrument."""

    amount: Decimal | None  # later total minus baseline total; None for yes/no instruments
    direction: Direction
    # Whether the change reaches the instrument's reliable change threshold (None: none known).
    reliable: bool | None

    @property
    def label(self) -> str:
        if self.direction == "same":
            return "No change"
        word = "Better" if self.direction == "improved" else "Worse"
        if self.amount is None:
            return word
        return f"{word} by {abs(self.amount).normalize():f}"


def assessment_change(*, instrument: Instrument, baseline: Assessment, later: Assessment) -> Change:
    if instrument.is_yes_no:
        before, after = bool(baseline.achieved), bool(later.achieved)
        direction: Direction = "same" if before == after else ("improved" if after else "worse")
        return Change(amount=None, direction=direction, reliable=None)
    if baseline.total_score is None or later.total_score is None:
        # Only if the instrument's kind was changed after recording: nothing to compare.
        return Change(amount=None, direction="same", reliable=None)
    amount = later.total_score - baseline.total_score
    if amount == 0:
        direction = "same"
    else:
        direction = "improved" if (amount > 0) == instrument.higher_is_better else "worse"
    reliable = None if instrument.reliable_change is None else abs(amount) >= instrument.reliable_change
    return Change(amount=amount, direction=direction, reliable=reliable)


@dataclass(frozen=True)
class ScoreRow:
    name: str
    score: Decimal
    cutoff: Decimal | None
    concern: bool
    higher_is_better: bool


@dataclass(frozen=True)
class AssessmentRow:
    assessment: Assessment
    scores: list[ScoreRow]


@dataclass
class Series:
    """One person's assessments on one instrument, oldest first, with the change from the
    baseline to the latest: the latest assessment against the last baseline before it (a second
    programme starts again from its own baseline)."""

    instrument: Instrument
    rows: list[AssessmentRow]
    baseline: Assessment | None = None
    latest: Assessment | None = None
    change: Change | None = None


def series_of(*, instrument: Instrument, rows: list[AssessmentRow]) -> Series:
    series = Series(instrument=instrument, rows=rows)
    if not rows:
        return series
    latest = rows[-1].assessment
    if latest.time_point == TimePoint.BASELINE:
        series.baseline = latest  # a programme just begun: nothing to compare yet
        return series
    baselines = [row.assessment for row in rows[:-1] if row.assessment.time_point == TimePoint.BASELINE]
    series.latest = latest
    if baselines:
        series.baseline = baselines[-1]
        series.change = assessment_change(instrument=instrument, baseline=baselines[-1], later=latest)
    return series


def _score_rows(assessment: Assessment, born: date | None) -> list[ScoreRow]:
    """Domain scores, flagged where a child's score is on the wrong side of the cutoff for their
    age (below it where higher is better, above it otherwise)."""
    age = months_between(born, assessment.assessed_on) if born else None
    rows = []
    for score in assessment.scores.all():
        cutoff = cutoff_for(score.domain, age_months=age)
        concern = cutoff is not None and (
            score.score < cutoff if score.domain.higher_is_better else score.score > cutoff
        )
        rows.append(
            ScoreRow(
                name=score.domain.name,
                score=score.score,
                cutoff=cutoff,
                concern=concern,
                higher_is_better=score.domain.higher_is_better,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------------
# Health facts: the latest known answer to each question
# ---------------------------------------------------------------------------------------------

HEALTH_FACTS = (
    ("breastfeeding_6_8_weeks", "Breastfed at 6 to 8 weeks"),
    ("immunisations_up_to_date", "Immunisations up to date"),
    ("review_2_2_5_done", "2 to 2½ year review done"),
    ("healthy_weight_reception", "Healthy weight at reception"),
)


@dataclass(frozen=True)
class HealthFact:
    label: str
    answer: str  # "Yes", "No", "Not known"
    recorded_on: date | None
    source: str


def latest_health(records: list[HealthRecord]) -> list[HealthFact]:
    """Each question's latest known answer from dated records (oldest first): a later "not
    known" does not hide an earlier known answer."""
    facts = []
    for name, label in HEALTH_FACTS:
        known = [r for r in records if getattr(r, name) not in (None, YesNoUnknown.UNKNOWN)]
        if not known:
            facts.append(HealthFact(label=label, answer="Not known", recorded_on=None, source=""))
            continue
        record = known[-1]
        value = getattr(record, name)
        if name == "review_2_2_5_done":
            answer = "Yes" if value else "No"
            if value and record.review_2_2_5_on:
                answer = f"Yes, on {record.review_2_2_5_on:%-d %B %Y}"
        else:
            answer = YesNoUnknown(value).label
        facts.append(
            HealthFact(label=label, answer=answer, recorded_on=record.recorded_on, source=record.get_source_display())
        )
    return facts


# ---------------------------------------------------------------------------------------------
# The family's outcomes page
# ---------------------------------------------------------------------------------------------


@dataclass
class PersonOutcomes:
    person: Child | Adult
    is_child: bool
    series: list[Series] = field(default_factory=list)
    health: list[HealthFact] = field(default_factory=list)
    health_records: list[HealthRecord] = field(default_factory=list)
    progress: list[AdultProgress] = field(default_factory=list)


@dataclass
class FamilyOutcomes:
    family: Family
    people: list[PersonOutcomes]
    notes_visible: bool


def family_outcomes(
    *, user: User | AnonymousUser, family: Family, request: HttpRequest | None = None
) -> FamilyOutcomes:
    """Everyone's assessments (with the change from baseline), health and progress, in a fixed
    number of queries however many records there are. Records that this user viewed them.

    `family` comes from families.selectors.family_get_for_user (its people prefetched)."""
    audit_record(user=user, action=AuditEvent.Action.VIEW, obj=family, family_id=family.pk, request=request)
    scores = AssessmentScore.objects.select_related("domain").prefetch_related("domain__cutoffs")
    assessments = (
        Assessment.objects.filter(family=family)
        .select_related("instrument", "service", "recorded_by", "api_client")
        .prefetch_related(Prefetch("scores", queryset=scores.order_by("domain__order", "id")))
        .order_by("assessed_on", "id")
    )
    health = HealthRecord.objects.filter(family=family).select_related("recorded_by").order_by("recorded_on", "id")
    progress = AdultProgress.objects.filter(family=family).select_related("recorded_by").order_by("recorded_on", "id")

    children = {child.pk: child for child in family.children.all()}
    by_person: dict[tuple[bool, int], dict[int, list[AssessmentRow]]] = defaultdict(lambda: defaultdict(list))
    instruments: dict[int, Instrument] = {}
    for assessment in assessments:
        is_child = assessment.child_id is not None
        person_pk = assessment.child_id if is_child else assessment.adult_id
        born = children[assessment.child_id].date_of_birth if assessment.child_id in children else None
        instruments[assessment.instrument_id] = assessment.instrument
        row = AssessmentRow(assessment=assessment, scores=_score_rows(assessment, born))
        by_person[(is_child, person_pk or 0)][assessment.instrument_id].append(row)
    health_by_child: dict[int, list[HealthRecord]] = defaultdict(list)
    for record in health:
        health_by_child[record.child_id].append(record)
    progress_by_adult: dict[int, list[AdultProgress]] = defaultdict(list)
    for entry in progress:
        progress_by_adult[entry.adult_id].append(entry)

    def person_series(is_child: bool, pk: int) -> list[Series]:
        found = by_person.get((is_child, pk), {})
        series = [series_of(instrument=instruments[i], rows=rows) for i, rows in found.items()]
        return sorted(series, key=lambda s: s.instrument.name)

    people = [
        PersonOutcomes(
            person=child,
            is_child=True,
            series=person_series(True, child.pk),
            health=latest_health(health_by_child[child.pk]),
            health_records=health_by_child[child.pk],
        )
        for child in children.values()
    ]
    people += [
        PersonOutcomes(
            person=adult, is_child=False, series=person_series(False, adult.pk), progress=progress_by_adult[adult.pk]
        )
        for adult in family.adults.all()
    ]
    return FamilyOutcomes(family=family, people=people, notes_visible=sees_restricted_fields(user))
