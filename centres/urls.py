from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_index, name="list"),
    path("<int:pk>/", views.centre_detail, name="detail"),
    path("audit/", views.audit_search, name="audit"),
]
