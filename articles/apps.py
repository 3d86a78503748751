from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Connects the receivers, and declares what each change purges.
        from articles import cache_tags, signals  # noqa: F401
