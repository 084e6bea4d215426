"""Writes for outcome records: checked against the instrument, atomic, audited to the family.

A ValidationError names the field it is about, using the names of the forms in
outcomes.records.forms: "person", "assessed_on", "total_score", "achieved", and
`score_field(domain code)` for each domain's score, so that every mistake is shown beside the
field that holds it (and is never a server error).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from centres.api.scoping import authorship, visible_to
from centres.audit import fields_changed, snapshot
from centres.models import AuditEvent
from centres.records import save_audited
from families.models import Adult, Child, Family
from outcomes.models import (
    AdultProgress,
    Assessment,
    AssessmentScore,
    HealthRecord,
    Instrument,
    InstrumentKind,
    Subject,
    YesNoUnknown,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from centres.models import ApiClient, User


def score_field(code: str) -> str:
    """The form field (and error key) of a domain's score."""
    return f"score_{code}"


def _lock_family(user: User | AnonymousUser | ApiClient, family: Family) -> Family:
    families = visible_to(Family.objects.active(), user, centre_field="registered_centre")
    locked = families.select_for_update().filter(pk=family.pk).first()
    if locked is None:
        raise PermissionDenied("You can record outcomes only for active families of your own centres.")
    return locked


def _check_date(day: date, *, field: str, what: str, born: date | None = None) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})
    if born is not None and day < born:
        raise ValidationError({field: f"{what} cannot be before the child was born on {born:%-d %B %Y}"})


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _score_error(value: Decimal | None, *, low: Decimal, high: Decimal, what: str) -> str | None:
    """What is wrong with a score, or None if it is a number within [low, high]."""
    if value is None:
        return f"Enter the {what}"
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return f"The {what} must be a number with at most 2 decimal places"
    if not low <= value <= high:
        return f"The {what} must be between {_fmt(low)} and {_fmt(high)}"
    return None


def _check_person(family: Family, instrument: Instrument, person: Child | Adult) -> None:
    if person.family_id != family.pk:
        raise ValidationError({"person": "Choose someone in this family"})
    if instrument.subject == Subject.CHILD and not isinstance(person, Child):
        raise ValidationError({"person": f"{instrument.name} is completed for a child: choose a child"})
    if instrument.subject == Subject.ADULT and not isinstance(person, Adult):
        raise ValidationError({"person": f"{instrument.name} is completed for a parent or carer: choose one"})
    if isinstance(person, Child) and person.date_of_birth is None:
        raise ValidationError({"person": "A baby can be assessed once born: add the date of birth first"})


def _checked_scores(
    instrument: Instrument,
    *,
    total_score: Decimal | None,
    achieved: bool | None,
    scores: Mapping[str, Decimal | None],
) -> tuple[Decimal | None, dict[str, Decimal]]:
    """The total to store and the domain scores by code, or a ValidationError naming every
    field that is wrong at once."""
    domains = list(instrument.domains.all())
    unknown = set(scores) - {d.code for d in domains}
    if unknown:
        raise ValueError(f"{instrument.code} has no domain {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    if instrument.kind == InstrumentKind.YES_NO:
        if achieved is None:
            errors["achieved"] = f"Say whether the {instrument.name} was achieved"
        if total_score is not None or scores:
            errors["total_score"] = f"{instrument.name} is answered yes or no: it has no scores"
        if errors:
            raise ValidationError(errors)
        return None, {}
    if achieved is not None:
        raise ValidationError({"achieved": f"{instrument.name} is scored, not answered yes or no"})
    low, high = cast("Decimal", instrument.min_score), cast("Decimal", instrument.max_score)
    if not domains:
        error = _score_error(total_score, low=low, high=high, what="total score")
        if error:
            raise ValidationError({"total_score": error})
        return total_score, {}
    checked: dict[str, Decimal] = {}
    for domain in domains:
        value = scores.get(domain.code)
        error = _score_error(value, low=domain.min_score, high=domain.max_score, what=f"{domain.name} score")
        if error:
            errors[score_field(domain.code)] = error
        else:
            checked[domain.code] = cast("Decimal", value)
    if errors:
        raise ValidationError(errors)
    total = sum((checked[d.code] for d in domains if d.in_total), Decimal(0))
    if total_score is not None and total_score != total:
        raise ValidationError({"total_score": f"The domain scores add up to {_fmt(total)}, not {_fmt(total_score)}"})
    if not low <= total <= high:
        raise ValidationError(
            f"The domain scores add up to {_fmt(total)}, outside the total's range of {_fmt(low)} to {_fmt(high)}"
        )
    return total, checked


@transaction.atomic
def assessment_record(
    *,
    user: User | AnonymousUser | ApiClient,
    family: Family,
    instrument: Instrument,
    person: Child | Adult,
    time_point: str,
    assessed_on: date,
    service: Any | None = None,
    total_score: Decimal | None = None,
    achieved: bool | None = None,
    scores: Mapping[str, Decimal | None] | None = None,
    source_system: str = "",
    external_id: str | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Record an assessment of a child or carer of the family on an instrument.

    Scored instruments with domains take `scores` (domain code -> score) and the total is
    worked out from them (the domains marked in_total); those without take `total_score`;
    yes/no instruments take `achieved`. Every score must be within its range.
    """
    locked = _lock_family(user, family)
    if not instrument.active:
        raise ValidationError(f"{instrument.name} is no longer in use")
    _check_person(locked, instrument, person)
    born = person.date_of_birth if isinstance(person, Child) else None
    _check_date(assessed_on, field="assessed_on", what="The date of the assessment", born=born)
    total, checked = _checked_scores(instrument, total_score=total_score, achieved=achieved, scores=scores or {})
    assessment = Assessment(
        child=person if isinstance(person, Child) else None,
        adult=person if isinstance(person, Adult) else None,
        family=locked,
        instrument=instrument,
        time_point=time_point,
        assessed_on=assessed_on,
        service=service,
        total_score=total,
        achieved=achieved if instrument.kind == InstrumentKind.YES_NO else None,
        source_system=source_system,
        external_id=external_id,
        **authorship(user, "recorded_by"),
    )
    save_audited(assessment, user=user, family_id=locked.pk, detail=f"{instrument.code} {time_point}", request=request)
    rows = [
        AssessmentScore(assessment=assessment, family=locked, domain=domain, score=checked[domain.code])
        for domain in instrument.domains.all()
        if domain.code in checked
    ]
    for row in rows:
        row.full_clean(validate_unique=False)  # a new assessment: nothing to clash with
    AssessmentScore.objects.bulk_create(rows)
    return assessment


# Not given: keep what the assessment has. (None is a value for total_score and achieved.)
UNCHANGED: Any = object()


@transaction.atomic
def assessment_update(
    *,
    user: User | AnonymousUser | ApiClient,
    assessment: Assessment,
    time_point: str = UNCHANGED,
    assessed_on: date = UNCHANGED,
    service: Any = UNCHANGED,
    total_score: Decimal | None = UNCHANGED,
    achieved: bool | None = UNCHANGED,
    scores: Mapping[str, Decimal | None] = UNCHANGED,
    request: HttpRequest | None = None,
) -> Assessment:
    """Correct an assessment: its time point, date, service or scores, checked again exactly
    as when it was recorded. Domain scores not given keep their values; the total of an
    instrument with domains is worked out again. Who was assessed, and on what, stays: that
    would be another assessment. Moves the version on; audited with the fields changed."""
    locked_family = _lock_family(user, assessment.family)
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("instrument").get(pk=assessment.pk)
    instrument = locked.instrument
    person: Child | Adult = locked.child if locked.child_id else locked.adult  # type: ignore[assignment]
    current_scores = {s.domain.code: s.score for s in locked.scores.select_related("domain")}
    before = snapshot(locked, ["time_point", "assessed_on", "service_id", "total_score", "achieved"])
    if time_point is not UNCHANGED:
        locked.time_point = time_point
    if assessed_on is not UNCHANGED:
        born = person.date_of_birth if isinstance(person, Child) else None
        _check_date(assessed_on, field="assessed_on", what="The date of the assessment", born=born)
        locked.assessed_on = assessed_on
    if service is not UNCHANGED:
        locked.service = service
    scored = any(value is not UNCHANGED for value in (total_score, achieved, scores))
    new_scores = {**current_scores, **(scores if scores is not UNCHANGED else {})}
    checked: dict[str, Decimal] = {}
    if scored:
        # What the check sees: the values given, else the stored ones a recording would have sent.
        given_achieved = None if achieved is UNCHANGED else achieved
        given_total = None if total_score is UNCHANGED else total_score
        given_scores = {} if scores is UNCHANGED else dict(scores)
        if instrument.kind == InstrumentKind.YES_NO:
            given_achieved = locked.achieved if achieved is UNCHANGED else achieved
        elif instrument.domains.exists():
            given_scores = new_scores
        elif total_score is UNCHANGED:
            given_total = locked.total_score
        total, checked = _checked_scores(
            instrument, total_score=given_total, achieved=given_achieved, scores=given_scores
        )
        locked.total_score = total
        locked.achieved = given_achieved if instrument.kind == InstrumentKind.YES_NO else None
    after = snapshot(locked, before)
    changed = fields_changed(before, after)
    if scored and new_scores != current_scores:
        for domain in instrument.domains.all():
            if domain.code in checked and checked[domain.code] != current_scores.get(domain.code):
                AssessmentScore.objects.update_or_create(
                    assessment=locked, domain=domain, defaults={"family": locked_family, "score": checked[domain.code]}
                )
        changed.append("scores")
    if not changed:
        return locked
    return save_audited(
        locked,
        user=user,
        family_id=locked_family.pk,
        action=AuditEvent.Action.UPDATE,
        changed_fields=changed,
        detail=f"{instrument.code} {locked.time_point}",
        request=request,
        new_version=True,
    )


HEALTH_ANSWERS = ("breastfeeding_6_8_weeks", "immunisations_up_to_date", "healthy_weight_reception")


@transaction.atomic
def health_record(
    *,
    user: User | AnonymousUser,
    family: Family,
    child: Child,
    recorded_on: date,
    source: str,
    breastfeeding_6_8_weeks: str = YesNoUnknown.UNKNOWN,
    immunisations_up_to_date: str = YesNoUnknown.UNKNOWN,
    review_2_2_5_done: bool | None = None,
    review_2_2_5_on: date | None = None,
    healthy_weight_reception: str = YesNoUnknown.UNKNOWN,
    request: HttpRequest | None = None,
) -> HealthRecord:
    """Record what is known of a child's health on a date (a new dated row; earlier ones stay)."""
    locked = _lock_family(user, family)
    if child.family_id != locked.pk:
        raise PermissionDenied("That child is not in this family")
    born = child.date_of_birth
    if born is None:
        raise ValidationError("Health information can be recorded once the baby is born: add the date of birth first")
    _check_date(recorded_on, field="recorded_on", what="The date", born=born)
    answers = {
        "breastfeeding_6_8_weeks": breastfeeding_6_8_weeks,
        "immunisations_up_to_date": immunisations_up_to_date,
        "healthy_weight_reception": healthy_weight_reception,
    }
    if all(value == YesNoUnknown.UNKNOWN for value in answers.values()) and review_2_2_5_done is None:
        raise ValidationError("Record at least one answer that is known")
    if breastfeeding_6_8_weeks != YesNoUnknown.UNKNOWN and recorded_on < born + timedelta(weeks=6):
        raise ValidationError(
            {"breastfeeding_6_8_weeks": f"The child was not yet 6 weeks old on {recorded_on:%-d %B %Y}"}
        )
    if review_2_2_5_on is not None:
        if not review_2_2_5_done:
            raise ValidationError({"review_2_2_5_on": "Give the review's date only if the review was done"})
        _check_date(review_2_2_5_on, field="review_2_2_5_on", what="The review's date", born=born)
    record = HealthRecord(
        child=child,
        family=locked,
        recorded_on=recorded_on,
        source=source,
        review_2_2_5_done=review_2_2_5_done,
        review_2_2_5_on=review_2_2_5_on,
        recorded_by=cast("User", user),
        **answers,
    )
    known = [name for name, value in answers.items() if value != YesNoUnknown.UNKNOWN]
    if review_2_2_5_done is not None:
        known.append("review_2_2_5_done")
    return save_audited(record, user=user, family_id=locked.pk, changed_fields=known, request=request)


@transaction.atomic
def adult_progress_record(
    *,
    user: User | AnonymousUser,
    family: Family,
    adult: Adult,
    recorded_on: date,
    status: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> AdultProgress:
    """Record a carer's status. The first one recorded is their baseline; a later one cannot be
    dated before it (the baseline is where the carer started)."""
    locked = _lock_family(user, family)
    if adult.family_id != locked.pk:
        raise PermissionDenied("That carer is not in this family")
    _check_date(recorded_on, field="recorded_on", what="The date")
    baseline = AdultProgress.objects.filter(adult=adult, baseline=True).first()
    if baseline is not None and recorded_on < baseline.recorded_on:
        raise ValidationError(
            {
                "recorded_on": f"The baseline was recorded on {baseline.recorded_on:%-d %B %Y}: "
                "a later status cannot be dated before it"
            }
        )
    entry = AdultProgress(
        adult=adult,
        family=locked,
        recorded_on=recorded_on,
        status=status,
        baseline=baseline is None,
        note=note.strip(),
        recorded_by=cast("User", user),
    )
    changed = ["status", *(["note"] if entry.note else [])]
    detail = "baseline" if entry.baseline else ""
    return save_audited(entry, user=user, family_id=locked.pk, changed_fields=changed, detail=detail, request=request)
