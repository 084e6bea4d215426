"""Each view module keeps its own urlpatterns; this file only joins them."""

from partnerships.views import births, early_help, partners, referrals

app_name = "partnerships"

urlpatterns = partners.urlpatterns + referrals.urlpatterns + births.urlpatterns + early_help.urlpatterns
