"""The newsroom's roles: which permissions each group holds.

``ensure_roles`` runs after every migrate or flush (tests flush the
database), so the groups are always there.
"""

from django.contrib.auth.management import create_permissions

ALL = ["add", "change", "delete", "view"]

# What each role may do, by app, model and action. The finer rules (a writer
# edits only their own drafts) are enforced in the admin on top of these.
ROLES = {
    "Writers": {
        "articles": {
            "article": ["add", "change", "view"],
            "articleauthor": ["add", "change", "delete", "view"],
            "revision": ["view"],
            "articleevent": ["view"],
            "section": ["view"],
            "author": ["view"],
            "tag": ["add", "view"],
        },
        "images": {"image": ["add", "change", "view"]},
    },
    "Editors": {
        "articles": {
            "article": [*ALL, "publish_article"],
            "articleauthor": ALL,
            "revision": ["view"],
            "articleevent": ["view"],
            "correction": ALL,
            "section": ALL,
            "author": ALL,
            "tag": ALL,
            # The site's name and tagline in each edition.
            "sitesettings": ALL,
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


def ensure_roles(apps, using="default"):
    """Create the groups if missing and give them their permissions.

    The roles migrations keep their own frozen copy of this
    (``roles/migrations/_frozen_roles.py``).
    """
    # Permissions are normally made after all migrations ran; make them now.
    # A migration's apps are stubs without a models module, which
    # create_permissions would skip: lend them one for the call.
    for app_config in apps.get_app_configs():
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [
                    action if "_" in action else f"{action}_{model}"
                    for action in actions
                ]
                permissions = Permission.objects.using(using).filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=codenames,
                )
                if len(permissions) != len(codenames):
                    raise RuntimeError(f"Missing permissions for {app_label}.{model}")
                group.permissions.add(*permissions)
