"""Create one Django group per portal role (see saarlouis_portal/konten/roles.py)."""

from django.db import migrations

ROLLEN = ["Sozialplanung", "Netzwerkkoordination", "Ortsleitung", "Beratung", "Berichtswesen"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLLEN:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("konten", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
