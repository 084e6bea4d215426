from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_index, name="list"),
    path("<int:pk>/", views.centre_detail, name="detail"),
    path("<int:pk>/area/", views.centre_area, name="area"),
    path("<int:pk>/reach-area/", views.reach_area_edit, name="reach_area_edit"),
    path("area/", views.authority_area, name="authority_area"),
    path("audit/", views.audit_search, name="audit"),
]
