from django.urls import path

from centres import views
from centres.api import screens as api_screens

app_name = "centres"

urlpatterns = [
    path("", views.centre_index, name="list"),
    path("<int:pk>/", views.centre_detail, name="detail"),
    path("<int:pk>/area/", views.centre_area, name="area"),
    path("<int:pk>/reach-area/", views.reach_area_edit, name="reach_area_edit"),
    path("area/", views.authority_area, name="authority_area"),
    path("audit/", views.audit_search, name="audit"),
    path("api-clients/", api_screens.api_client_list, name="api_clients"),
    path("api-clients/new/", api_screens.api_client_add, name="api_client_add"),
    path("api-clients/<int:pk>/", api_screens.api_client_detail, name="api_client"),
    path("api-clients/<int:pk>/tokens/new/", api_screens.api_token_new, name="api_token_new"),
    path(
        "api-clients/<int:pk>/tokens/<int:token_pk>/revoke/",
        api_screens.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("api-clients/<int:pk>/deactivate/", api_screens.api_client_deactivate_view, name="api_client_deactivate"),
]
