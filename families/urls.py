from django.urls import path

from families import views

app_name = "families"

urlpatterns = [
    path("", views.family_index, name="list"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:family_pk>/children/<int:pk>/edit/", views.child_edit, name="child_edit"),
]
