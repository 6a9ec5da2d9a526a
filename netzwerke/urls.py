from netzwerke.views import massnahmen, netzwerke

app_name = "netzwerke"

urlpatterns = [*netzwerke.urlpatterns, *massnahmen.urlpatterns]
