"""Strand 7: the parent forum, feedback and its satisfaction, and "you said, we did"."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from centres.models import AuditEvent
from services.community.selectors import community_summary, feedback_summary
from services.community.services import (
    feedback_record,
    forum_member_add,
    forum_member_leave,
    you_said_we_did_publish,
)
from services.models import Feedback, ForumMember, YouSaidWeDid
from tests.services.factories import ServiceFactory
from tests.services.factories_community import (
    FeedbackFactory,
    ForumMeetingFactory,
    ForumMemberFactory,
    ParentForumFactory,
    YouSaidWeDidFactory,
)

YEAR = (date(2025, 4, 1), date(2026, 3, 31))

# ---------------------------------------------------------------------------------------------
# Feedback and satisfaction
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("satisfaction", [0, 6])
def test_satisfaction_outside_1_to_5_is_refused(authority, satisfaction):
    with pytest.raises(ValidationError) as refused:
        feedback_record(
            user=authority.worker, centre=authority.centre_a, date=date(2025, 6, 1), satisfaction=satisfaction
        )
    assert "satisfaction" in refused.value.message_dict


@pytest.mark.parametrize("satisfaction", [1, 5])
def test_satisfaction_of_1_and_of_5_are_fine(authority, satisfaction):
    feedback = feedback_record(
        user=authority.worker, centre=authority.centre_a, date=date(2025, 6, 1), satisfaction=satisfaction
    )
    assert feedback.satisfaction == satisfaction


def test_the_database_refuses_a_satisfaction_of_6_too(authority):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackFactory(centre=authority.centre_a, satisfaction=6)


def test_anonymous_feedback_keeps_no_name(authority):
    with pytest.raises(ValidationError):
        feedback_record(
            user=authority.worker,
            centre=authority.centre_a,
            date=date(2025, 6, 1),
            satisfaction=3,
            anonymous=True,
            given_by="Amira",
        )


def feedback_post(**changes):
    return {
        "service": "",
        "date": "1/6/2025",
        "satisfaction": "4",
        "comment": "Lovely staff",
        "anonymous": "on",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"satisfaction": "6"}, "satisfaction"),
        ({"satisfaction": "0"}, "satisfaction"),
        ({"satisfaction": ""}, "satisfaction"),
        ({"date": "1/6/2999"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"given_by": "Amira"}, "given_by"),  # anonymous, yet named
        ({"anonymous": ""}, "given_by"),  # not anonymous, yet no name
    ],
)
def test_bad_feedback_on_the_screen_is_a_field_error(client, authority, changes, field):
    client.force_login(authority.worker)
    data = {k: v for k, v in feedback_post(**changes).items() if v != "" or k in {"service", "satisfaction"}}
    response = client.post(reverse("community:feedback_add", args=[authority.centre_a.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_feedback_about_one_of_the_centres_services_is_recorded(client, authority):
    service = ServiceFactory(provider_centre=authority.centre_a)
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:feedback_add", args=[authority.centre_a.pk]), feedback_post(service=service.pk)
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.service, feedback.satisfaction, feedback.anonymous, feedback.recorded_by) == (
        service,
        4,
        True,
        authority.worker,
    )


def test_feedback_cannot_name_another_centres_service(client, authority):
    service = ServiceFactory(provider_centre=authority.centre_b)
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:feedback_add", args=[authority.centre_a.pk]), feedback_post(service=service.pk)
    )
    assert "service" in response.context["form"].errors


def test_feedback_count_and_mean_satisfaction_in_the_period(authority):
    for satisfaction in (5, 4, 4, 2):
        FeedbackFactory(centre=authority.centre_a, date=date(2025, 7, 1), satisfaction=satisfaction)
    FeedbackFactory(centre=authority.centre_a, date=date(2025, 3, 31), satisfaction=1)  # the year before
    FeedbackFactory(centre=authority.centre_b, date=date(2025, 7, 1), satisfaction=1)  # another centre
    summary = feedback_summary(centres=[authority.centre_a], start=YEAR[0], end=YEAR[1])
    assert summary.count == 4
    assert summary.mean == pytest.approx(3.75)
    assert summary.by_score == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    empty = feedback_summary(centres=[authority.centre_a], start=date(2030, 4, 1), end=date(2031, 3, 31))
    assert (empty.count, empty.mean) == (0, None)


def test_the_feedback_list_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    service = ServiceFactory(provider_centre=authority.centre_a)
    FeedbackFactory.create_batch(20, centre=authority.centre_a, service=service)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:feedback", args=[authority.centre_a.pk]), {"year": "2025"})
    assert response.context["summary"].count == 20


# ---------------------------------------------------------------------------------------------
# The parent forum
# ---------------------------------------------------------------------------------------------


def test_a_registered_parent_joins_the_forum_and_is_audited(authority):
    forum = ParentForumFactory(centre=authority.centre_a)
    carer = authority.family_a.adults.get()
    member = forum_member_add(
        user=authority.worker, forum=forum, role=ForumMember.Role.CHAIR, joined_on=date(2025, 9, 1), adult=carer
    )
    assert member.name == str(carer)
    assert AuditEvent.objects.filter(family_id=authority.family_a.pk, object_id=str(member.pk)).exists()


def test_a_member_leaves_on_or_after_joining(authority):
    member = ForumMemberFactory(forum__centre=authority.centre_a, joined_on=date(2025, 9, 1))
    with pytest.raises(ValidationError):
        forum_member_leave(member=member, left_on=date(2025, 8, 31))
    forum_member_leave(member=member, left_on=date(2025, 9, 1))
    member.refresh_from_db()
    assert member.left_on == date(2025, 9, 1)


def test_a_member_leaving_before_joining_is_a_field_error_on_the_screen(client, authority):
    member = ForumMemberFactory(forum__centre=authority.centre_a, joined_on=date(2025, 9, 1))
    client.force_login(authority.worker)
    url = reverse("community:forum_member_leave", args=[authority.centre_a.pk, member.forum_id, member.pk])
    response = client.post(url, {"on": "1/8/2025"})
    assert response.status_code == 200
    assert "on" in response.context["form"].errors


def test_forum_members_and_meetings_count_in_the_summary(authority):
    forum = ParentForumFactory(centre=authority.centre_a)
    ForumMemberFactory(forum=forum, joined_on=date(2025, 5, 1))
    ForumMemberFactory(forum=forum, joined_on=date(2025, 5, 1), left_on=date(2025, 12, 1))  # left in the year
    ForumMemberFactory(forum=forum, joined_on=date(2026, 4, 1))  # joins after the year
    ForumMeetingFactory(forum=forum, date=date(2025, 6, 1))
    ForumMeetingFactory(forum=forum, date=date(2026, 4, 2))
    summary = community_summary(centres=[authority.centre_a], start=YEAR[0], end=YEAR[1])
    assert (summary.forum_members, summary.forum_meetings) == (1, 1)


def test_the_forum_page_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for forum in ParentForumFactory.create_batch(3, centre=authority.centre_a):
        ForumMemberFactory.create_batch(8, forum=forum)
        ForumMeetingFactory.create_batch(5, forum=forum)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:forums", args=[authority.centre_a.pk]))
    assert response.content.decode().count("Left the forum") == 24


# ---------------------------------------------------------------------------------------------
# You said, we did
# ---------------------------------------------------------------------------------------------


def test_a_worker_adds_a_draft_and_a_manager_publishes_it(client, authority):
    client.force_login(authority.worker)
    add = reverse("community:you_said_we_did_add", args=[authority.centre_a.pk])
    response = client.post(add, {"date": "1/10/2025", "you_said": "More Saturday sessions", "we_did": "Added one"})
    assert response.status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert not entry.published
    publish = reverse("community:you_said_we_did_publish", args=[authority.centre_a.pk, entry.pk])
    assert client.post(publish).status_code == 403
    client.force_login(authority.manager)
    assert client.post(publish).status_code == 302
    entry.refresh_from_db()
    assert entry.published and entry.published_at is not None


def test_publishing_twice_changes_nothing(authority):
    entry = YouSaidWeDidFactory(centre=authority.centre_a)
    first = you_said_we_did_publish(entry=entry).published_at
    assert you_said_we_did_publish(entry=entry).published_at == first


def test_a_manager_cannot_publish_another_centres_entry(client, authority):
    entry = YouSaidWeDidFactory(centre=authority.centre_b)
    client.force_login(authority.manager)
    response = client.post(reverse("community:you_said_we_did_publish", args=[authority.centre_b.pk, entry.pk]))
    assert response.status_code == 404
    response = client.post(reverse("community:you_said_we_did_publish", args=[authority.centre_a.pk, entry.pk]))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert not entry.published
