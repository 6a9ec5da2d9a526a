from berichte.views import berichte, indikatoren

app_name = "berichte"

urlpatterns = [*berichte.urlpatterns, *indikatoren.urlpatterns]
