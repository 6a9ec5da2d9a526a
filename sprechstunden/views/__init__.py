"""Views of the Sprechstunden app, one module per job; their URL patterns are in
``sprechstunden/urls.py``."""
