"""/community/: a centre's hub, expertise, parents and spend screens (strands 5 to 7, F1)."""

from django.urls import include, path

from services.community.views import expertise, hub, money, parents

app_name = "community"

# Below /community/<centre_pk>/: every screen of one centre.
centre_patterns = [
    path("", hub.centre_home, name="centre"),
    # Strand 5: the community hub
    path("bookings/", hub.bookings, name="bookings"),
    path("bookings/add/", hub.booking_add, name="booking_add"),
    path("bookings/<int:pk>/cancel/", hub.booking_cancel, name="booking_cancel"),
    path("rooms/add/", hub.room_add_view, name="room_add"),
    path("volunteers/", hub.volunteers, name="volunteers"),
    path("volunteers/add/", hub.volunteer_add_view, name="volunteer_add"),
    path("volunteers/<int:pk>/", hub.volunteer_hours, name="volunteer_hours"),
    path("volunteers/<int:pk>/end/", hub.volunteer_end_view, name="volunteer_end"),
    # Strand 6: sharing expertise
    path("training/", expertise.training, name="training"),
    path("training/add/", expertise.training_add, name="training_add"),
    path("settings/add/", expertise.setting_add_view, name="setting_add"),
    # Strand 7: parents
    path("forum/", parents.forums, name="forums"),
    path("forum/add/", parents.forum_add_view, name="forum_add"),
    path("forum/<int:forum_pk>/members/add/", parents.forum_member_add_view, name="forum_member_add"),
    path("forum/<int:forum_pk>/members/<int:pk>/left/", parents.forum_member_leave_view, name="forum_member_leave"),
    path("forum/<int:forum_pk>/meetings/add/", parents.forum_meeting_add, name="forum_meeting_add"),
    path("feedback/", parents.feedback, name="feedback"),
    path("feedback/add/", parents.feedback_add, name="feedback_add"),
    path("you-said-we-did/", parents.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/add/", parents.you_said_we_did_add_view, name="you_said_we_did_add"),
    path("you-said-we-did/<int:pk>/publish/", parents.you_said_we_did_publish_view, name="you_said_we_did_publish"),
    # Budget and spend (F1)
    path("spend/", money.spend, name="spend"),
    path("spend/add/", money.spend_add, name="spend_add"),
    path("spend/budget/", money.budget_set_view, name="budget_set"),
]

urlpatterns = [
    path("", hub.index, name="index"),
    path("spend/", money.spend_overview, name="spend_overview"),
    path("<int:centre_pk>/", include(centre_patterns)),
]
