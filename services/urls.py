from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("add/", views.service_edit, name="service_add"),
    path("<int:pk>/", views.service_detail, name="service"),
    path("<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("timetable/", views.timetable_view, name="timetable"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("series/add/", views.series_add, name="series_add"),
    path("courses/<int:pk>/", views.course_view, name="course"),
    path("sessions/<int:pk>/", views.register_view, name="register"),
    path("sessions/<int:pk>/drop-in/", views.drop_in_view, name="drop_in"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("families/<int:family_pk>/contact/", views.contact_add, name="contact_add"),
]
