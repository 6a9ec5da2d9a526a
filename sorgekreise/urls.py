from sorgekreise.views import public, staff

app_name = "sorgekreise"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns]
