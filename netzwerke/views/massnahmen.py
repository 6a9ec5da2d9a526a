"""Measures (Maßnahmen/Projekte), milestones, timeline and the sustainability check."""

urlpatterns = []
