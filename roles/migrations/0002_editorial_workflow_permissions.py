from django.db import migrations

from roles.migrations._frozen_roles import grant_roles


def grant_workflow_permissions(apps, schema_editor):
    grant_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_writers_editors_moderators"),
        ("articles", "0006_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(grant_workflow_permissions, migrations.RunPython.noop)
    ]
