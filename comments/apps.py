from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        # Declares which cached pages a change to a comment purges.
        from comments import cache_tags  # noqa: F401
