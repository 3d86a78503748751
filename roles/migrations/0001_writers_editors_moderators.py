from django.db import migrations

from roles.migrations._frozen_roles import ROLES, grant_roles


def create_roles(apps, schema_editor):
    grant_roles(apps, using=schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_comment_settings"),
        ("images", "0001_initial"),
        ("comments", "0002_default_comment_policy"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
