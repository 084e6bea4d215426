from django.urls import path

from centres.imports import views

app_name = "reference_data"

urlpatterns = [
    path("", views.import_index, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/apply/", views.import_apply, name="apply"),
]
