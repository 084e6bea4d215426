"""Every route of the API, mounted at /api/v1/ under the namespace "api". Each app's endpoints
live in its own api/ package; add a route here and a row in tests/api/test_api_scopes.py."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from centres.api import schema  # noqa: F401 - registers the bearer token scheme
from centres.api.uploads import ReferenceImportUpload
from centres.api.views import CentreViewSet, LSOAViewSet, ReachAreaViewSet
from families.api.views import FamilyAssessmentList, FamilyContactList, FamilyViewSet
from families.api.writes import FamilyBulk, FamilyUpsert
from outcomes.api.views import AssessmentViewSet, IndicatorList, IndicatorSnapshotViewSet
from partnerships.api.uploads import BirthImportUpload
from partnerships.api.views import BirthNotificationViewSet, ReferralViewSet
from services.api.views import ServiceViewSet, SessionViewSet
from services.api.writes import ContactBulk, ContactChange, ContactCreate, ContactUpsert

app_name = "api"

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: "abc" is a 404 before any query
# aggregates:read
router.register("centres", CentreViewSet, basename="centre")
router.register("reach-areas", ReachAreaViewSet, basename="reach-area")
router.register("lsoas", LSOAViewSet, basename="lsoa")
router.register("services", ServiceViewSet, basename="service")
router.register("sessions", SessionViewSet, basename="session")
router.register("indicator-snapshots", IndicatorSnapshotViewSet, basename="indicator-snapshot")
# families:read
router.register("families", FamilyViewSet, basename="family")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("birth-notifications", BirthNotificationViewSet, basename="birth-notification")
# families:read (GET) and families:write (POST, PATCH)
router.register("assessments", AssessmentViewSet, basename="assessment")

# Routes that are not API operations (no token needed): the schema and its documentation.
DOCUMENTATION = {"schema", "docs"}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("indicators/", IndicatorList.as_view(), name="indicator-list"),
    path("families/<int:family_pk>/contacts/", FamilyContactList.as_view(), name="family-contacts"),
    # families:write (list POST and detail PATCH are on FamilyViewSet)
    path("families/by-external-id/<str:external_id>/", FamilyUpsert.as_view(), name="family-upsert"),
    path("families/bulk/", FamilyBulk.as_view(), name="family-bulk"),
    # contacts:write
    path("contacts/", ContactCreate.as_view(), name="contact-create"),
    path("contacts/<int:pk>/", ContactChange.as_view(), name="contact-change"),
    path("contacts/by-external-id/<str:external_id>/", ContactUpsert.as_view(), name="contact-upsert"),
    path("contacts/bulk/", ContactBulk.as_view(), name="contact-bulk"),
    path("families/<int:family_pk>/assessments/", FamilyAssessmentList.as_view(), name="family-assessments"),
    # reference:write (uploads)
    path("reference-imports/", ReferenceImportUpload.as_view(), name="reference-import-upload"),
    path("birth-notification-imports/", BirthImportUpload.as_view(), name="birth-import-upload"),
    *router.urls,
]
