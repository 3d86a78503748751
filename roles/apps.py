from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Newsroom roles")

    def ready(self):
        post_migrate.connect(_ensure_roles, sender=self)


def _ensure_roles(sender, using="default", apps=global_apps, **kwargs):
    # After a flush (as tests do) the groups the migration made are gone.
    from roles.definitions import ensure_roles

    ensure_roles(apps, using=using)
