"""Targeted work: welcome calls, and the key workers' cases with home visits, calls and family plans."""

from __future__ import annotations

from datetime import date, timedelta

from centres.demo.services.simulation import Fam, SimulationBase
from families.models import Case, CaseOutcome, CaseReason, PlanGoal, PlanReview
from families.models.cases import GoalStatus
from services.models import ContactKind

CONTACT_NOTES = {
    ContactKind.HOME_VISIT: [
        "Talked about sleep routines.",
        "Home visit: looked at play ideas for the living room.",
        "Discussed weaning and family meals.",
        "Went through the family plan together.",
        "Talked about behaviour at bedtime and a reward chart.",
    ],
    ContactKind.PHONE: [
        "Phoned to check how the week went.",
        "Call about the housing appointment.",
        "Reminded mum about the course on Tuesday.",
    ],
    ContactKind.ONE_TO_ONE: ["One-to-one at the centre about money worries.", "Met at the centre to review goals."],
    ContactKind.OUTREACH: ["Welcome visit: told the family about the timetable.", "Met at the park outreach stall."],
}
GOALS = [
    ("Bedtime routine in place for the children", "Key worker to share a routine chart; parent to try it nightly"),
    ("Mum feels less isolated", "Attend Stay and Play weekly; join the parents' forum"),
    ("Child's speech checked", "Health visitor to do an ASQ; join Chatterbox"),
    ("Family budget under control", "Referral to the credit union; Job Club"),
    ("Attend a parenting programme", "Book on Triple P next term"),
    ("Child takes up the funded place at two", "Help to apply; visit nurseries together"),
]
CASE_REASONS = [CaseReason.PARENTING, CaseReason.EARLY_HELP, CaseReason.CHILD_DEVELOPMENT, CaseReason.HEALTH,
                CaseReason.HOUSING_FINANCIAL]  # fmt: skip
REFERRERS = ["Health visitor", "Self-referral", "School nursery", "GP", "Midwife", "Housing officer"]


class TargetedWork(SimulationBase):
    """Welcome calls and cases."""

    def targeted_work(self) -> None:
        """Welcome calls after registration, and the key workers' cases: home visits, calls, plans."""
        rng, writer = self.rng, self.writer
        first = self.start.toordinal()
        cases: list[tuple[Case, Fam]] = []
        for fams in self.families.values():
            for fam in fams:
                welcome = fam.registered + rng.randint(0, 14)
                if first <= welcome < self.as_of and rng.random() < (0.6 if fam.deprived else 0.35):
                    kind = ContactKind.OUTREACH if rng.random() < 0.3 else ContactKind.PHONE
                    writer.add(
                        fam,
                        fam.centre,
                        welcome,
                        kind,
                        None,
                        self.worker(fam.centre),
                        20,
                        [],
                        [fam.mother] if fam.mother else [],
                        rng.choice(CONTACT_NOTES[kind]),
                    )
                if fam.case is None:
                    continue
                case = self.case(fam)
                cases.append((case, fam))
                day, closed = fam.case[0], min(fam.case[1], self.as_of - 1)
                while day <= closed:
                    kind = rng.choices(
                        [ContactKind.HOME_VISIT, ContactKind.PHONE, ContactKind.ONE_TO_ONE], weights=[6, 3, 1]
                    )[0]
                    kids = [c for c, born, fifth in fam.kids if born <= day < fifth]
                    writer.add(
                        fam,
                        fam.centre,
                        day,
                        kind,
                        None,
                        case.key_worker_id,
                        rng.choice([20, 45, 60, 90]),
                        kids if kind == ContactKind.HOME_VISIT else [],
                        [fam.mother] if fam.mother else [],
                        rng.choice(CONTACT_NOTES[kind]),
                    )
                    day += rng.randint(7, 21)
                if len(cases) >= 1000:
                    self.plans(cases)
                    cases = []
        self.plans(cases)

    def case(self, fam: Fam) -> Case:
        rng = self.rng
        assert fam.case is not None  # noqa: S101 - only called for families with a case
        opened, closes = fam.case
        closed = date.fromordinal(closes) if closes < self.as_of else None
        worker = self.worker(fam.centre)
        return Case(
            family_id=fam.id,
            key_worker_id=worker,
            opened_on=date.fromordinal(opened),
            reason=rng.choice(CASE_REASONS),
            referral_source=rng.choice(REFERRERS),
            closed_on=closed,
            closing_outcome=rng.choices(
                [CaseOutcome.GOALS_MET, CaseOutcome.PARTLY_MET, CaseOutcome.DISENGAGED, CaseOutcome.STEPPED_UP],
                weights=[50, 30, 15, 5],
            )[0]
            if closed
            else "",
        )

    def plans(self, cases: list[tuple[Case, Fam]]) -> None:
        if not cases:
            return
        rng = self.rng
        Case.objects.bulk_create([c for c, _ in cases])
        goals, reviews = [], []
        for case, fam in cases:
            for goal, actions in rng.sample(GOALS, rng.randint(2, 3)):
                status = GoalStatus.OPEN
                if case.closed_on:
                    status = rng.choice([GoalStatus.ACHIEVED, GoalStatus.ACHIEVED, GoalStatus.PARTLY_ACHIEVED])
                goals.append(
                    PlanGoal(
                        case=case,
                        family_id=fam.id,
                        goal=goal,
                        actions=actions,
                        owner="Key worker and parent",
                        review_on=case.opened_on + timedelta(weeks=12),
                        status=status,
                        updated_on=case.closed_on or case.opened_on,
                    )
                )
            review = case.opened_on + timedelta(weeks=12)
            while review < (case.closed_on or self.ctx.as_of):
                reviews.append(
                    PlanReview(
                        case=case,
                        family_id=fam.id,
                        reviewed_on=review,
                        recorded_by_id=case.key_worker_id,
                        summary="Reviewed the plan with the family; goals updated.",
                        next_review_on=review + timedelta(weeks=12),
                    )
                )
                review += timedelta(weeks=12)
        PlanGoal.objects.bulk_create(goals)
        PlanReview.objects.bulk_create(reviews)
        self.counts["cases"] += len(cases)
