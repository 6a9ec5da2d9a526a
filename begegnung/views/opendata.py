"""The map of places and the open-data exports (HSDS 3.0)."""

urlpatterns = []
