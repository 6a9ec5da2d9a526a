from begegnung.views import opendata, orte, verwaltung

app_name = "begegnung"

urlpatterns = [*orte.urlpatterns, *verwaltung.urlpatterns, *opendata.urlpatterns]
