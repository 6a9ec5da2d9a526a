from sprechstunden.views import hausbesuch, public, staff

app_name = "sprechstunden"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns, *hausbesuch.urlpatterns]
