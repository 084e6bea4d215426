"""Outcome records: /outcomes/families/<family>/..."""

from django.urls import path

from outcomes.records import views

app_name = "outcomes"

urlpatterns = [
    path("families/<int:pk>/", views.family_outcomes_view, name="family"),
    path("families/<int:family_pk>/assessments/new/", views.assessment_choose_view, name="assessment_choose"),
    path(
        "families/<int:family_pk>/assessments/new/<slug:code>/",
        views.assessment_record_view,
        name="assessment_record",
    ),
    path(
        "families/<int:family_pk>/children/<int:child_pk>/health/new/",
        views.health_record_view,
        name="health_record",
    ),
    path(
        "families/<int:family_pk>/adults/<int:adult_pk>/progress/new/",
        views.progress_record_view,
        name="progress_record",
    ),
]
