"""Views of the Sprechstunden app, split by audience; each module ends with its urlpatterns."""
