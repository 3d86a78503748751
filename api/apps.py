from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Content API")

    def ready(self):
        # Which cached API responses a change to a story, comment or picture
        # purges (the rules register themselves).
        from api import cache_tags  # noqa: F401
