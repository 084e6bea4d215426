from django.urls import path

from centres.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.setup, name="setup"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("code/", views.verify, name="verify"),
    path("remove/", views.remove, name="remove"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/reset/", views.reset, name="reset"),
]
