from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ["add", "change", "delete", "view"]

# What each role may do, by app, model and action. The finer rules (a writer
# edits only their own drafts) are enforced in the admin on top of these.
ROLES = {
    "Writers": {
        "articles": {
            "article": ["add", "change", "view"],
            "articleauthor": ["add", "change", "delete", "view"],
            "section": ["view"],
            "author": ["view"],
            "tag": ["add", "view"],
        },
        "images": {"image": ["add", "change", "view"]},
    },
    "Editors": {
        "articles": {
            "article": ALL,
            "articleauthor": ALL,
            "section": ALL,
            "author": ALL,
            "tag": ALL,
        },
        "images": {"image": ALL, "rendition": ["view"]},
        "comments": {
            "comment": ["view", "delete", "manage_personal_data"],
            "commentpolicy": ["change", "view"],
            "poll": ["view"],
        },
    },
    "Moderators": {
        "comments": {
            "comment": ["change", "view"],
            "bannedemail": ALL,
            "wordrule": ALL,
            "commentpolicy": ["view"],
        },
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [
                    action if "_" in action else f"{action}_{model}"
                    for action in actions
                ]
                permissions = Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=codenames,
                )
                if len(permissions) != len(codenames):
                    raise RuntimeError(f"Missing permissions for {app_label}.{model}")
                group.permissions.add(*permissions)


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
