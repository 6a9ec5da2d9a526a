from sorgekreise.views import datenschutz, public, staff

app_name = "sorgekreise"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns, *datenschutz.urlpatterns]
