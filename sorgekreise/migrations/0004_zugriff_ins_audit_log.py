"""The access log of help requests moves into the audit trail (issue 18,
``saarlouis_portal.konten.zugriff``): every ``Zugriff`` row becomes an auditlog ``LogEntry`` with
``action=ACCESS`` and the kind of access in ``additional_data``, with its user and time; then
the table goes. The entries of an anonymised request get the redacted object name, as retention
gives them. Backwards, the entries of requests that still exist become rows again."""

from django.db import migrations

ACCESS = 3  # auditlog's LogEntry.Action.ACCESS
KEY = "zugriff"
REDACTED = "[gelöscht]"
BATCH = 1000


def _content_type(apps, db_alias):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.using(db_alias).get_or_create(
        app_label="sorgekreise", model="hilfeanfrage"
    )
    return content_type


def zugriffe_to_audit_log(apps, schema_editor):
    db_alias = schema_editor.connection.alias
    Zugriff = apps.get_model("sorgekreise", "Zugriff")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    rows = Zugriff.objects.using(db_alias).select_related("anfrage__art", "benutzer").order_by("pk")
    if not rows.exists():
        return
    content_type = _content_type(apps, db_alias)
    batch = []
    for zugriff in rows.iterator(chunk_size=BATCH):
        anfrage = zugriff.anfrage
        if anfrage.anonymisiert_am:
            name = REDACTED
        else:
            name = f"Hilfeanfrage #{anfrage.pk} ({anfrage.art.name})"
        batch.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(anfrage.pk),
                object_id=anfrage.pk,
                object_repr=name,
                action=ACCESS,
                changes={},
                actor=zugriff.benutzer,
                actor_email=zugriff.benutzer.email if zugriff.benutzer else None,
                timestamp=zugriff.zeitpunkt,
                additional_data={KEY: zugriff.aktion},
            )
        )
        if len(batch) >= BATCH:
            LogEntry.objects.using(db_alias).bulk_create(batch)
            batch = []
    LogEntry.objects.using(db_alias).bulk_create(batch)


def audit_log_to_zugriffe(apps, schema_editor):
    db_alias = schema_editor.connection.alias
    Zugriff = apps.get_model("sorgekreise", "Zugriff")
    Hilfeanfrage = apps.get_model("sorgekreise", "Hilfeanfrage")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    entries = LogEntry.objects.using(db_alias).filter(
        content_type=_content_type(apps, db_alias), action=ACCESS
    )
    existing = set(Hilfeanfrage.objects.using(db_alias).values_list("pk", flat=True))
    Zugriff.objects.using(db_alias).bulk_create(
        (
            Zugriff(
                anfrage_id=int(entry.object_pk),
                benutzer_id=entry.actor_id,
                zeitpunkt=entry.timestamp,
                aktion=(entry.additional_data or {}).get(KEY, "ansehen"),
            )
            for entry in entries.order_by("timestamp", "pk").iterator(chunk_size=BATCH)
            if int(entry.object_pk) in existing
        ),
        batch_size=BATCH,
    )
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sorgekreise", "0003_sprache_stammdaten"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(zugriffe_to_audit_log, audit_log_to_zugriffe),
        migrations.DeleteModel(name="Zugriff"),
    ]
