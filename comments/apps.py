from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        # Declares which cached pages a change to a comment purges, and adds
        # the comments to the story page.
        from comments import cache_tags, selectors  # noqa: F401
