"""Targeted work: opening and closing cases, family plans, reviews and caseloads."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from factory.django import DjangoModelFactory

from centres.models import AuditEvent
from centres.roles import Role
from families.cases.selectors import case_view, caseload
from families.cases.services import case_close, case_open, goal_add, goal_update, review_record
from families.models import Case, CaseOutcome, CaseReason, Family, GoalStatus, PlanGoal, PlanReview
from families.services.merge import family_merge
from families.services.privacy import family_anonymise, subject_access_export
from tests.centres.factories import UserFactory
from tests.families.factories import FamilyFactory

OPENED = date(2026, 2, 2)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    family = factory.SubFactory(FamilyFactory)
    key_worker = factory.SubFactory(UserFactory)
    opened_on = OPENED
    reason = CaseReason.PARENTING


class PlanGoalFactory(DjangoModelFactory):
    class Meta:
        model = PlanGoal

    case = factory.SubFactory(CaseFactory)
    family = factory.SelfAttribute("case.family")
    goal = "Bedtime routine most nights"
    owner = "parent"


class PlanReviewFactory(DjangoModelFactory):
    class Meta:
        model = PlanReview

    case = factory.SubFactory(CaseFactory)
    family = factory.SelfAttribute("case.family")
    reviewed_on = date(2026, 3, 2)
    summary = "Going well"
    recorded_by = factory.SelfAttribute("case.key_worker")


def events(obj, action):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk), object_type__model=obj._meta.model_name)


def open_case(authority, **overrides):
    kwargs = {
        "user": authority.worker,
        "family": authority.family_a,
        "key_worker": authority.worker,
        "reason": CaseReason.EARLY_HELP,
        "opened_on": OPENED,
        "referral_source": "Health visitor",
    }
    return case_open(**{**kwargs, **overrides})


# Opening and closing.


def test_opening_a_case_makes_its_key_worker_the_familys_when_it_has_none(authority):
    version = authority.family_a.version
    case = open_case(authority)
    family = Family.objects.get(pk=authority.family_a.pk)
    assert family.key_worker == authority.worker
    assert family.version == version + 1
    assert events(case, AuditEvent.Action.CREATE).get().family_id == family.pk
    assert events(family, AuditEvent.Action.UPDATE).get().changed_fields == ["key_worker"]


def test_opening_a_case_keeps_the_familys_existing_key_worker(authority):
    Family.objects.filter(pk=authority.family_a.pk).update(key_worker=authority.manager)
    authority.family_a.refresh_from_db()
    open_case(authority)
    assert Family.objects.get(pk=authority.family_a.pk).key_worker == authority.manager
    assert not events(authority.family_a, AuditEvent.Action.UPDATE).exists()


def test_a_case_opens_and_closes_with_its_outcome_audited(authority):
    case = open_case(authority)
    assert case.is_open
    case_close(user=authority.worker, case=case, closed_on=date(2026, 5, 1), outcome=CaseOutcome.GOALS_MET, note="Done")
    case.refresh_from_db()
    assert not case.is_open
    assert (case.closed_on, case.closing_outcome, case.closing_note) == (date(2026, 5, 1), "goals_met", "Done")
    closed = events(case, AuditEvent.Action.UPDATE).get()
    assert closed.family_id == authority.family_a.pk
    assert closed.changed_fields == ["closed_on", "closing_note", "closing_outcome"]
    assert "Done" not in closed.detail  # the trail holds field names, never the note


def test_a_case_cannot_close_before_it_opened(authority):
    case = open_case(authority)
    with pytest.raises(ValidationError) as refused:
        case_close(user=authority.worker, case=case, closed_on=date(2026, 2, 1), outcome=CaseOutcome.NOT_MET)
    assert "closed_on" in refused.value.error_dict
    case.refresh_from_db()
    assert case.is_open


def test_a_case_may_close_on_the_day_it_opened(authority):
    case = open_case(authority)
    case_close(user=authority.worker, case=case, closed_on=OPENED, outcome=CaseOutcome.DISENGAGED)
    assert Case.objects.get(pk=case.pk).closed_on == OPENED


def test_the_database_refuses_a_case_closed_before_it_opened(authority):
    from django.db import IntegrityError, transaction

    case = open_case(authority)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(closed_on=date(2026, 1, 1), closing_outcome="other")


def test_a_second_open_case_for_a_family_is_refused(authority):
    first = open_case(authority)
    with pytest.raises(ValidationError, match="already has an open case"):
        open_case(authority, opened_on=date(2026, 3, 1))
    case_close(user=authority.worker, case=first, closed_on=date(2026, 3, 1), outcome=CaseOutcome.PARTLY_MET)
    second = open_case(authority, opened_on=date(2026, 3, 2))
    assert list(Case.objects.filter(family=authority.family_a, closed_on__isnull=True)) == [second]


def test_a_closed_case_cannot_be_closed_again_or_its_plan_changed(authority):
    case = open_case(authority)
    goal = goal_add(user=authority.worker, case=case, goal="Attend stay and play", owner="parent")
    case_close(user=authority.worker, case=case, closed_on=date(2026, 3, 1), outcome=CaseOutcome.GOALS_MET)
    with pytest.raises(ValidationError, match="closed"):
        case_close(user=authority.worker, case=case, closed_on=date(2026, 3, 2), outcome=CaseOutcome.NOT_MET)
    with pytest.raises(ValidationError, match="closed"):
        goal_add(user=authority.worker, case=case, goal="Another", owner="parent")
    with pytest.raises(ValidationError, match="closed"):
        goal_update(user=authority.worker, goal=goal, data={"status": GoalStatus.ACHIEVED})
    with pytest.raises(ValidationError, match="closed"):
        review_record(user=authority.worker, case=case, reviewed_on=date(2026, 3, 2), summary="Late")


def test_closing_as_other_needs_a_note(authority):
    case = open_case(authority)
    with pytest.raises(ValidationError) as refused:
        case_close(user=authority.worker, case=case, closed_on=date(2026, 3, 1), outcome=CaseOutcome.OTHER)
    assert "closing_note" in refused.value.error_dict


def test_the_key_worker_must_be_staff_of_the_familys_centre(authority):
    elsewhere = UserFactory(username="elsewhere", role=Role.WORKER, centres=[authority.centre_b])
    for key_worker in (elsewhere, authority.analyst, authority.inactive_worker):
        with pytest.raises(ValidationError) as refused:
            open_case(authority, key_worker=key_worker)
        assert "key_worker" in refused.value.error_dict
    assert not Case.objects.exists()


def test_staff_of_another_centre_cannot_open_or_change_a_case(authority):
    with pytest.raises(PermissionDenied):
        open_case(authority, family=authority.family_b)
    case = open_case(authority)
    outsider = UserFactory(username="outsider", role=Role.MANAGER, centres=[authority.centre_b])
    with pytest.raises(PermissionDenied):
        case_close(user=outsider, case=case, closed_on=date(2026, 3, 1), outcome=CaseOutcome.NOT_MET)
    with pytest.raises(PermissionDenied):
        goal_add(user=authority.analyst, case=case, goal="Nope", owner="parent")


def test_a_case_cannot_open_in_the_future(authority):
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=UTC), tick=False), pytest.raises(ValidationError):
        open_case(authority, opened_on=date(2026, 4, 2))


# The family plan.


def test_goals_are_added_and_changed_with_the_family_in_the_audit_trail(authority):
    case = open_case(authority)
    goal = goal_add(
        user=authority.worker,
        case=case,
        goal="Take up the funded place at two",
        actions="Visit two nurseries",
        owner="parent",
        review_on=date(2026, 4, 1),
    )
    assert goal.family_id == authority.family_a.pk
    assert events(goal, AuditEvent.Action.CREATE).get().family_id == authority.family_a.pk
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=UTC), tick=False):
        changed = goal_update(
            user=authority.manager, goal=goal, data={"status": GoalStatus.ACHIEVED, "owner": "parent"}
        )
    assert changed == ["status"]
    goal.refresh_from_db()
    assert (goal.status, goal.updated_on) == (GoalStatus.ACHIEVED, date(2026, 4, 2))
    updated = events(goal, AuditEvent.Action.UPDATE).get()
    assert (updated.family_id, updated.changed_fields) == (authority.family_a.pk, ["status"])
    assert goal_update(user=authority.worker, goal=goal, data={"status": GoalStatus.ACHIEVED}) == []
    assert events(goal, AuditEvent.Action.UPDATE).count() == 1


def test_a_goal_cannot_be_reviewed_before_the_case_opened(authority):
    case = open_case(authority)
    with pytest.raises(ValidationError) as refused:
        goal_add(user=authority.worker, case=case, goal="Routines", owner="parent", review_on=date(2026, 1, 1))
    assert "review_on" in refused.value.error_dict


def test_a_review_is_recorded_with_the_next_one_after_it(authority):
    case = open_case(authority)
    with pytest.raises(ValidationError) as refused:
        review_record(
            user=authority.worker,
            case=case,
            reviewed_on=date(2026, 3, 2),
            summary="Good progress",
            next_review_on=date(2026, 3, 2),
        )
    assert "next_review_on" in refused.value.error_dict
    review = review_record(
        user=authority.worker,
        case=case,
        reviewed_on=date(2026, 3, 2),
        summary="Good progress",
        next_review_on=date(2026, 4, 2),
    )
    assert (review.family_id, review.recorded_by) == (authority.family_a.pk, authority.worker)
    assert events(review, AuditEvent.Action.CREATE).get().family_id == authority.family_a.pk


# Caseloads.


def test_the_next_review_is_the_earliest_due_and_flagged_when_overdue(authority):
    due_soon = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    PlanReviewFactory(case=due_soon, reviewed_on=date(2026, 3, 2), next_review_on=date(2026, 4, 20))
    PlanGoalFactory(case=due_soon, review_on=date(2026, 4, 10))
    PlanGoalFactory(case=due_soon, review_on=date(2026, 4, 1), status=GoalStatus.ACHIEVED)  # done: no review due
    overdue = CaseFactory(family=FamilyFactory(registered_centre=authority.centre_a), key_worker=authority.worker)
    PlanReviewFactory(case=overdue, reviewed_on=date(2026, 2, 10), next_review_on=date(2026, 3, 10))
    PlanReviewFactory(case=overdue, reviewed_on=date(2026, 3, 9), next_review_on=date(2026, 3, 31))  # the latest
    unplanned = CaseFactory(family=FamilyFactory(registered_centre=authority.centre_a), key_worker=authority.worker)

    rows = list(caseload(user=authority.worker, today=date(2026, 4, 1)))

    assert rows == [overdue, due_soon, unplanned]  # overdue first, no review date last
    assert [(c.next_review, c.review_overdue) for c in rows[:2]] == [
        (date(2026, 3, 31), True),
        (date(2026, 4, 10), False),
    ]
    assert rows[2].next_review is None
    assert not rows[2].review_overdue
    assert (rows[1].goals_open, rows[1].goals_achieved) == (1, 1)


def test_the_case_page_says_what_set_the_next_review(authority):
    case = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    PlanReviewFactory(case=case, reviewed_on=date(2026, 3, 2), next_review_on=date(2026, 6, 1))
    goal = PlanGoalFactory(case=case, review_on=date(2026, 4, 10))

    page = case_view(user=authority.worker, pk=case.pk, today=date(2026, 4, 1))
    assert (page.next_review, page.next_review_source) == (date(2026, 4, 10), "goal")

    goal.status = GoalStatus.ACHIEVED
    goal.save()
    page = case_view(user=authority.worker, pk=case.pk, today=date(2026, 4, 1))
    assert (page.next_review, page.next_review_source) == (date(2026, 6, 1), "plan")


def test_a_review_due_today_is_not_overdue(authority):
    case = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    PlanGoalFactory(case=case, review_on=date(2026, 4, 1))
    assert not caseload(user=authority.worker, today=date(2026, 4, 1)).get().review_overdue
    assert caseload(user=authority.worker, today=date(2026, 4, 2)).get().review_overdue


def test_the_caseload_shows_only_the_workers_own_open_cases(client, authority):
    mine = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    colleagues = CaseFactory(family=FamilyFactory(registered_centre=authority.centre_a), key_worker=authority.manager)
    closed = CaseFactory(
        family=FamilyFactory(registered_centre=authority.centre_a),
        key_worker=authority.worker,
        closed_on=date(2026, 3, 1),
        closing_outcome=CaseOutcome.GOALS_MET,
    )
    client.force_login(authority.worker)
    response = client.get(reverse("families:caseload"))
    assert list(response.context["page_obj"]) == [mine]
    page = response.content.decode()
    assert mine.family.reference in page
    assert colleagues.family.reference not in page
    assert closed.family.reference not in page
    # A worker cannot look at a colleague's caseload by editing the address.
    response = client.get(reverse("families:caseload"), {"key_worker": authority.manager.pk, "status": "all"})
    assert set(response.context["page_obj"]) == {mine, closed}


def test_a_worker_loses_sight_of_a_case_when_the_family_moves_to_another_centre(authority):
    case = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    assert list(caseload(user=authority.worker)) == [case]
    Family.objects.filter(pk=authority.family_a.pk).update(registered_centre=authority.centre_b)
    assert not caseload(user=authority.worker).exists()


def test_a_manager_sees_every_key_workers_cases_and_filters_them(client, authority):
    workers = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    own = CaseFactory(family=FamilyFactory(registered_centre=authority.centre_a), key_worker=authority.manager)
    closed = CaseFactory(
        family=FamilyFactory(registered_centre=authority.centre_a),
        key_worker=authority.worker,
        closed_on=date(2026, 3, 1),
        closing_outcome=CaseOutcome.MOVED_AWAY,
    )
    other_centre = CaseFactory(
        family=authority.family_b,
        key_worker=UserFactory(username="b-worker", role=Role.WORKER, centres=[authority.centre_b]),
    )
    client.force_login(authority.manager)
    url = reverse("families:caseload")

    assert set(client.get(url).context["page_obj"]) == {workers, own}
    assert list(client.get(url, {"key_worker": authority.worker.pk}).context["page_obj"]) == [workers]
    assert list(client.get(url, {"key_worker": authority.worker.pk, "status": "closed"}).context["page_obj"]) == [
        closed
    ]
    assert set(client.get(url, {"status": "all"}).context["page_obj"]) == {workers, own, closed}
    assert other_centre not in set(client.get(url, {"status": "all"}).context["page_obj"])
    # Only the centres' staff are offered, and someone else's id is an error, not a leak.
    response = client.get(url, {"key_worker": other_centre.key_worker.pk})
    assert "key_worker" in response.context["form"].errors


def test_the_caseload_takes_a_bounded_number_of_queries(client, authority, django_assert_max_num_queries):
    def add_cases(n):
        for _ in range(n):
            case = CaseFactory(family=FamilyFactory(registered_centre=authority.centre_a), key_worker=authority.worker)
            PlanGoalFactory.create_batch(2, case=case, review_on=date(2026, 4, 1))
            PlanReviewFactory(case=case, next_review_on=date(2026, 5, 1))

    add_cases(2)
    client.force_login(authority.manager)
    client.get(reverse("families:caseload"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("families:caseload"))
    add_cases(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("families:caseload"))
    assert response.context["page_obj"].paginator.count == 22


def test_the_caseload_page_flags_overdue_reviews(client, authority):
    case = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    PlanGoalFactory(case=case, review_on=date(2026, 4, 1))
    for day, overdue in ((1, False), (2, True)):
        with time_machine.travel(datetime(2026, 4, day, 12, tzinfo=UTC), tick=False):
            client.force_login(authority.worker)  # a day later the idle session would have ended
            assert ("Overdue" in client.get(reverse("families:caseload")).content.decode()) is overdue


# The screens.


def test_a_worker_opens_a_case_from_the_family(client, authority):
    client.force_login(authority.worker)
    url = reverse("families:case_open", args=[authority.family_a.pk])
    assert authority.worker.username in client.get(url).content.decode()
    response = client.post(
        url,
        {"key_worker": authority.worker.pk, "reason": "parenting", "opened_on": "2/2/2026", "referral_source": "GP"},
    )
    case = Case.objects.get(family=authority.family_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("families:case", args=[case.pk])
    assert (case.key_worker, case.opened_on, case.referral_source) == (authority.worker, OPENED, "GP")


def test_the_open_screen_says_when_the_family_already_has_an_open_case(client, authority):
    case = open_case(authority)
    client.force_login(authority.worker)
    url = reverse("families:case_open", args=[authority.family_a.pk])
    assert case.reference in client.get(url).content.decode()
    response = client.post(url, {"key_worker": authority.worker.pk, "reason": "parenting", "opened_on": "3/3/2026"})
    assert response.status_code == 200
    assert "already has an open case" in response.content.decode()
    assert Case.objects.count() == 1


def test_closing_before_the_case_opened_is_shown_as_an_error_on_the_date(client, authority):
    case = open_case(authority)
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:case_close", args=[case.pk]), {"closed_on": "1/2/2026", "closing_outcome": "goals_met"}
    )
    assert response.status_code == 200
    assert "closed_on" in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).is_open


def test_a_case_is_closed_through_its_screen(client, authority):
    case = open_case(authority)
    client.force_login(authority.manager)
    response = client.post(
        reverse("families:case_close", args=[case.pk]),
        {"closed_on": "1/4/2026", "closing_outcome": "stepped_up", "closing_note": "Referred to MASH"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.closed_on, case.closing_outcome) == (date(2026, 4, 1), CaseOutcome.STEPPED_UP)
    # A closed case's plan screens send the user back to the case.
    assert client.get(reverse("families:goal_add", args=[case.pk])).status_code == 302


def test_goals_and_reviews_are_added_and_changed_through_the_screens(client, authority):
    case = open_case(authority)
    client.force_login(authority.worker)
    response = client.post(
        reverse("families:goal_add", args=[case.pk]),
        {"goal": "Read together daily", "actions": "Library visit", "owner": "parent", "review_on": "1/4/2026"},
    )
    assert response.status_code == 302
    goal = case.goals.get()
    response = client.post(
        reverse("families:goal_edit", args=[case.pk, goal.pk]),
        {"goal": goal.goal, "actions": goal.actions, "owner": "parent", "review_on": "1/4/2026", "status": "achieved"},
    )
    assert response.status_code == 302
    assert PlanGoal.objects.get(pk=goal.pk).status == GoalStatus.ACHIEVED
    response = client.post(
        reverse("families:review_add", args=[case.pk]),
        {"reviewed_on": "2/3/2026", "summary": "Reading most days", "next_review_on": "2/4/2026"},
    )
    assert response.status_code == 302
    page = client.get(reverse("families:case", args=[case.pk])).content.decode()
    assert "Read together daily" in page
    assert "Reading most days" in page


def test_the_case_page_shows_the_plan_and_records_the_view(client, authority):
    case = open_case(authority)
    PlanGoalFactory(case=case, goal="Attend baby massage")
    PlanReviewFactory(case=case, summary="Mum feels more confident")
    client.force_login(authority.manager)
    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=UTC), tick=False):
        page = client.get(reverse("families:case", args=[case.pk])).content.decode()
    assert "Attend baby massage" in page
    view = events(case, AuditEvent.Action.VIEW).get()
    assert (view.user, view.family_id) == (authority.manager, authority.family_a.pk)


def test_review_summaries_are_for_the_key_worker_and_restricted_staff(authority):
    case = open_case(authority, key_worker=authority.manager)
    PlanReviewFactory(case=case, summary="Domestic abuse disclosed")
    assert case_view(user=authority.manager, pk=case.pk).notes_visible
    assert case_view(user=authority.worker_restricted, pk=case.pk).notes_visible
    assert not case_view(user=authority.worker, pk=case.pk).notes_visible


def test_the_case_page_takes_a_bounded_number_of_queries(client, authority, django_assert_max_num_queries):
    case = open_case(authority)
    PlanGoalFactory.create_batch(5, case=case)
    PlanReviewFactory.create_batch(4, case=case)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("families:case", args=[case.pk])).status_code == 200


# The rest of the family's record: merge, subject access, anonymisation.


def test_a_merge_moves_the_cases_and_plans_onto_the_family_kept(authority):
    keep, remove = authority.family_a, FamilyFactory(registered_centre=authority.centre_a)
    case = CaseFactory(family=remove, key_worker=authority.worker)
    goal = PlanGoalFactory(case=case)
    review = PlanReviewFactory(case=case)
    family_merge(user=authority.manager, keep=keep, remove=remove)
    for row in (case, goal, review):
        row.refresh_from_db()
        assert row.family_id == keep.pk


def test_the_subject_access_export_includes_the_plan_and_withholds_notes(authority):
    case = open_case(authority)
    PlanGoalFactory(case=case, goal="Routines")
    PlanReviewFactory(case=case, summary="Private note")
    export = subject_access_export(user=authority.worker, family=authority.family_a)
    other = export["other_records"]
    assert [row["goal"] for row in other["families.plangoal.family"]] == ["Routines"]
    assert "summary" not in other["families.planreview.family"][0]
    assert "families.planreview.summary" in export["export"]["withheld"]
    full = subject_access_export(user=authority.worker_restricted, family=authority.family_a)
    assert full["other_records"]["families.planreview.family"][0]["summary"] == "Private note"


def test_anonymising_blanks_the_plans_words_but_keeps_its_dates(authority):
    case = open_case(authority)
    PlanGoalFactory(case=case, goal="Routines", actions="Chart", owner="Mum")
    PlanReviewFactory(case=case, summary="Private note")
    family_anonymise(family=authority.family_a)
    goal, review = PlanGoal.objects.get(), PlanReview.objects.get()
    case.refresh_from_db()
    assert (goal.goal, goal.actions, goal.owner, review.summary, case.referral_source) == ("", "", "", "", "")
    assert (case.opened_on, review.reviewed_on) == (OPENED, date(2026, 3, 2))
