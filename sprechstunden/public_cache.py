"""Cache of the public Sprechstunden pages (list and slot pages) for visitors without a login:
an area of ``saarlouis_portal.seiten_cache`` of its own, because bookings change these pages.

- ``VERSION_KEY`` holds the *data version*, a random token. Every change that can alter what
  these pages show sets a new one once its transaction has committed
  (``transaction.on_commit``; at once outside a transaction): saving or deleting an
  Anlaufstelle, Sprechstunde, Beratende, Schliesszeit or Stellenanteil, saving a Termin or a
  Buchung, changing a Sprechstunde's topics or languages (signals, connected in
  ``SprechstundenConfig.ready`` so that web workers and cron commands alike send them); the
  bulk operations that send no signals call ``changed()`` themselves (``generate_slots``,
  ``expire_reservations``).
- Storing and serving (one worker renders after a change, the others serve the page of a
  moment ago; a slot taken meanwhile is refused politely when chosen): ``Seitencache``.

Time alone also changes the pages (slots pass their minimum notice), so entries expire after
``SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN`` (0 switches the cache off).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from saarlouis_portal.seiten_cache import Seitencache

SEITEN = Seitencache("sprechstunden", "SPRECHSTUNDEN_LISTE_CACHE_SEKUNDEN")
VERSION_KEY = SEITEN.version_key
bump = SEITEN.bump
changed = SEITEN.changed
page_key = SEITEN.page_key
for_visitors = SEITEN.for_visitors


def connect_signals() -> None:
    from sprechstunden import models

    for model in (
        models.Anlaufstelle,
        models.Sprechstunde,
        models.Beratende,
        models.Schliesszeit,
        models.Buchung,
        models.Stellenanteil,  # its employers are the place's Träger on the public pages
    ):
        post_save.connect(changed, sender=model, dispatch_uid=f"public_cache_save_{model.__name__}")
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"public_cache_delete_{model.__name__}"
        )
    # Slots are deleted only with their Sprechstunde or by generate_slots, which both bump; a
    # delete receiver would make Django load every deleted slot to send it a signal.
    post_save.connect(changed, sender=models.Termin, dispatch_uid="public_cache_save_Termin")
    for through in (models.Sprechstunde.themen.through, models.Sprechstunde.sprachen.through):
        m2m_changed.connect(
            changed, sender=through, dispatch_uid=f"public_cache_m2m_{through.__name__}"
        )
