from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from centres import views as centre_views
from config.health import healthz

admin.site.site_header = "Core Purpose administration"
admin.site.site_title = "Core Purpose administration"

urlpatterns = [
    path("", centre_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("centres.two_factor.urls")),
    path("centres/", include("centres.urls")),
    path("families/", include("families.urls")),
    path("community/", include("services.community.urls")),
    path("services/", include("services.urls")),
    path("outcomes/", include("outcomes.records.urls")),
    path("indicators/", include("outcomes.dashboards.views")),
    path("reference-data/", include("centres.imports.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("api/v1/", include("centres.api.urls")),
    path("admin/", admin.site.urls),
]
