from begegnung.views import opendata, orte

app_name = "begegnung"

urlpatterns = [*orte.urlpatterns, *opendata.urlpatterns]
