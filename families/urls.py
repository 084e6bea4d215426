"""Each view module keeps its own urlpatterns; this file only joins them."""

from families.views import merge, privacy, records

app_name = "families"

urlpatterns = records.urlpatterns + merge.urlpatterns + privacy.urlpatterns
