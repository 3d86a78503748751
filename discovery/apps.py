from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        # Declares which sitemap pages a change to a story purges, and adds
        # "Most read" to the home page.
        from discovery import cache_tags, selectors  # noqa: F401
