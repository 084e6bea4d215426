"""Access rows for the community screens (collected by tests/centres/test_access.py).

Centre staff use them for their own centres (another centre's is a 404); managers alone set
budgets, record spend, add rooms and publish; analysts read only the spend tables, of every
centre; administrators use none of them.
"""

from datetime import timedelta

from django.utils import timezone

from tests.centres.access_statuses import OTHER_CENTRE, STAFF
from tests.services.factories_community import (
    ForumMemberFactory,
    ParentForumFactory,
    RoomBookingFactory,
    VolunteerFactory,
    YouSaidWeDidFactory,
)

MANAGERS = {"worker": 403, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
MANAGERS_OTHER_CENTRE = {"worker": 403, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}
SPEND = {"worker": 200, "manager": 200, "analyst": 200, "admin": 403, "inactive": 302}
SPEND_OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 200, "admin": 403, "inactive": 302}


def centre(which):
    return lambda a: {"centre_pk": getattr(a, f"centre_{which}").pk}


def booking(of, through):
    """A booking of one centre's room, reached through a centre's address."""

    def kwargs(a):
        starts = timezone.now() + timedelta(days=2)
        made = RoomBookingFactory(room__centre=getattr(a, f"centre_{of}"), starts_at=starts)
        return {"centre_pk": getattr(a, f"centre_{through}").pk, "pk": made.pk}

    return kwargs


def volunteer(of, through):
    def kwargs(a):
        made = VolunteerFactory(centre=getattr(a, f"centre_{of}"))
        return {"centre_pk": getattr(a, f"centre_{through}").pk, "pk": made.pk}

    return kwargs


def forum(of, through):
    def kwargs(a):
        made = ParentForumFactory(centre=getattr(a, f"centre_{of}"))
        return {"centre_pk": getattr(a, f"centre_{through}").pk, "forum_pk": made.pk}

    return kwargs


def member(of, through):
    def kwargs(a):
        made = ForumMemberFactory(forum__centre=getattr(a, f"centre_{of}"))
        return {"centre_pk": getattr(a, f"centre_{through}").pk, "forum_pk": made.forum_id, "pk": made.pk}

    return kwargs


MATRIX = [
    ("community:index", lambda a: {}, STAFF),
    ("community:spend_overview", lambda a: {}, SPEND),
    ("community:centre", centre("a"), STAFF),
    ("community:centre", centre("b"), OTHER_CENTRE),
    # Strand 5
    ("community:bookings", centre("a"), STAFF),
    ("community:bookings", centre("b"), OTHER_CENTRE),
    ("community:booking_add", centre("a"), STAFF),
    ("community:booking_add", centre("b"), OTHER_CENTRE),
    ("community:booking_cancel", booking("a", "a"), STAFF),
    ("community:booking_cancel", booking("b", "a"), OTHER_CENTRE),
    ("community:booking_cancel", booking("b", "b"), OTHER_CENTRE),
    ("community:room_add", centre("a"), MANAGERS),
    ("community:room_add", centre("b"), MANAGERS_OTHER_CENTRE),
    ("community:volunteers", centre("a"), STAFF),
    ("community:volunteers", centre("b"), OTHER_CENTRE),
    ("community:volunteer_add", centre("a"), STAFF),
    ("community:volunteer_add", centre("b"), OTHER_CENTRE),
    ("community:volunteer_hours", volunteer("a", "a"), STAFF),
    ("community:volunteer_hours", volunteer("b", "a"), OTHER_CENTRE),
    ("community:volunteer_end", volunteer("a", "a"), STAFF),
    ("community:volunteer_end", volunteer("b", "b"), OTHER_CENTRE),
    # Strand 6
    ("community:training", centre("a"), STAFF),
    ("community:training", centre("b"), OTHER_CENTRE),
    ("community:training_add", centre("a"), STAFF),
    ("community:training_add", centre("b"), OTHER_CENTRE),
    ("community:setting_add", centre("a"), STAFF),
    ("community:setting_add", centre("b"), OTHER_CENTRE),
    # Strand 7
    ("community:forums", centre("a"), STAFF),
    ("community:forums", centre("b"), OTHER_CENTRE),
    ("community:forum_add", centre("a"), STAFF),
    ("community:forum_add", centre("b"), OTHER_CENTRE),
    ("community:forum_member_add", forum("a", "a"), STAFF),
    ("community:forum_member_add", forum("b", "a"), OTHER_CENTRE),
    ("community:forum_member_leave", member("a", "a"), STAFF),
    ("community:forum_member_leave", member("b", "a"), OTHER_CENTRE),
    ("community:forum_meeting_add", forum("a", "a"), STAFF),
    ("community:forum_meeting_add", forum("b", "b"), OTHER_CENTRE),
    ("community:feedback", centre("a"), STAFF),
    ("community:feedback", centre("b"), OTHER_CENTRE),
    ("community:feedback_add", centre("a"), STAFF),
    ("community:feedback_add", centre("b"), OTHER_CENTRE),
    ("community:you_said_we_did", centre("a"), STAFF),
    ("community:you_said_we_did", centre("b"), OTHER_CENTRE),
    ("community:you_said_we_did_add", centre("a"), STAFF),
    ("community:you_said_we_did_add", centre("b"), OTHER_CENTRE),
    # Publishing is a POST: a GET by a manager is 405 (the POST tests are in test_community_parents).
    (
        "community:you_said_we_did_publish",
        lambda a: {"centre_pk": a.centre_a.pk, "pk": YouSaidWeDidFactory(centre=a.centre_a).pk},
        {"worker": 403, "manager": 405, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    # Budget and spend
    ("community:spend", centre("a"), SPEND),
    ("community:spend", centre("b"), SPEND_OTHER_CENTRE),
    ("community:spend_add", centre("a"), MANAGERS),
    ("community:spend_add", centre("b"), MANAGERS_OTHER_CENTRE),
    ("community:budget_set", centre("a"), MANAGERS),
    ("community:budget_set", centre("b"), MANAGERS_OTHER_CENTRE),
]
