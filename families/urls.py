"""Each view module keeps its own urlpatterns; this file only joins them."""

from families.cases import views as cases
from families.views import merge, privacy, records

app_name = "families"

urlpatterns = records.urlpatterns + merge.urlpatterns + privacy.urlpatterns + cases.urlpatterns
