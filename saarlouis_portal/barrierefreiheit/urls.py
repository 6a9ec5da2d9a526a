"""Public URLs of Barrierefreiheit, included without a prefix inside the portal's
``i18n_patterns``; names without a namespace, as the footer and header use them."""

from django.urls import path

from saarlouis_portal.barrierefreiheit import views

urlpatterns = [
    path("barrierefreiheit/", views.erklaerung, name="barrierefreiheit"),
    path("barrierefreiheit/danke/", views.danke, name="barrierefreiheit_danke"),
    path("gebaerdensprache/", views.gebaerdensprache, name="gebaerdensprache"),
    path("leichte-sprache/", views.leichte_sprache, {"seite": "start"}, name="leichte_sprache"),
    path(
        "leichte-sprache/so-geht-die-seite/",
        views.leichte_sprache,
        {"seite": "benutzen"},
        name="leichte_sprache_benutzen",
    ),
    path(
        "leichte-sprache/sprechstunde/",
        views.leichte_sprache,
        {"seite": "sprechstunde"},
        name="leichte_sprache_sprechstunde",
    ),
    path(
        "leichte-sprache/sorgekreis/",
        views.leichte_sprache,
        {"seite": "sorgekreis"},
        name="leichte_sprache_sorgekreis",
    ),
    path(
        "leichte-sprache/kontakt/",
        views.leichte_sprache,
        {"seite": "kontakt"},
        name="leichte_sprache_kontakt",
    ),
    path(
        "leichte-sprache/barrierefreiheit/",
        views.leichte_sprache,
        {"seite": "erklaerung"},
        name="leichte_sprache_erklaerung",
    ),
]
