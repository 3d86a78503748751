from django.db import migrations

from roles.definitions import ensure_roles


def grant_workflow_permissions(apps, schema_editor):
    ensure_roles(apps, using=schema_editor.connection.alias, historical=True)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_writers_editors_moderators"),
        ("articles", "0006_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(grant_workflow_permissions, migrations.RunPython.noop)
    ]
