"""/community/: a centre's hub, expertise, parents and spend screens (strands 5 to 7, F1)."""

from django.urls import path

from services.community.views import expertise, hub, money, parents

app_name = "community"

urlpatterns = [
    path("", hub.index, name="index"),
    path("spend/", money.spend_overview, name="spend_overview"),
    path("<int:centre_pk>/", hub.centre_home, name="centre"),
    # Strand 5: the community hub
    path("<int:centre_pk>/bookings/", hub.bookings, name="bookings"),
    path("<int:centre_pk>/bookings/add/", hub.booking_add, name="booking_add"),
    path("<int:centre_pk>/bookings/<int:pk>/cancel/", hub.booking_cancel, name="booking_cancel"),
    path("<int:centre_pk>/rooms/add/", hub.room_add_view, name="room_add"),
    path("<int:centre_pk>/volunteers/", hub.volunteers, name="volunteers"),
    path("<int:centre_pk>/volunteers/add/", hub.volunteer_add_view, name="volunteer_add"),
    path("<int:centre_pk>/volunteers/<int:pk>/", hub.volunteer_hours, name="volunteer_hours"),
    path("<int:centre_pk>/volunteers/<int:pk>/end/", hub.volunteer_end_view, name="volunteer_end"),
    # Strand 6: sharing expertise
    path("<int:centre_pk>/training/", expertise.training, name="training"),
    path("<int:centre_pk>/training/add/", expertise.training_add, name="training_add"),
    path("<int:centre_pk>/settings/add/", expertise.setting_add_view, name="setting_add"),
    # Strand 7: parents
    path("<int:centre_pk>/forum/", parents.forums, name="forums"),
    path("<int:centre_pk>/forum/add/", parents.forum_add_view, name="forum_add"),
    path("<int:centre_pk>/forum/<int:forum_pk>/members/add/", parents.forum_member_add_view, name="forum_member_add"),
    path(
        "<int:centre_pk>/forum/<int:forum_pk>/members/<int:pk>/left/",
        parents.forum_member_leave_view,
        name="forum_member_leave",
    ),
    path("<int:centre_pk>/forum/<int:forum_pk>/meetings/add/", parents.forum_meeting_add, name="forum_meeting_add"),
    path("<int:centre_pk>/feedback/", parents.feedback, name="feedback"),
    path("<int:centre_pk>/feedback/add/", parents.feedback_add, name="feedback_add"),
    path("<int:centre_pk>/you-said-we-did/", parents.you_said_we_did, name="you_said_we_did"),
    path("<int:centre_pk>/you-said-we-did/add/", parents.you_said_we_did_add_view, name="you_said_we_did_add"),
    path(
        "<int:centre_pk>/you-said-we-did/<int:pk>/publish/",
        parents.you_said_we_did_publish_view,
        name="you_said_we_did_publish",
    ),
    # Budget and spend (F1)
    path("<int:centre_pk>/spend/", money.spend, name="spend"),
    path("<int:centre_pk>/spend/add/", money.spend_add, name="spend_add"),
    path("<int:centre_pk>/spend/budget/", money.budget_set_view, name="budget_set"),
]
