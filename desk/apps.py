from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The admin's front page: what each editor, writer and moderator has to do.

    It reads stories and comments, so it sits above both."""

    name = "desk"
    verbose_name = _("Editorial desk")
