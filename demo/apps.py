from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """``manage.py seed_demo``: a demo news site, stories, comments and polls
    included, so it sits above every app it fills."""

    name = "demo"
    verbose_name = _("Demo site")
