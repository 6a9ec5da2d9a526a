"""Indicators, their values, imports and exports, and the social monitoring (staff)."""

urlpatterns = []
