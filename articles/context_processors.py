from django.conf import settings

from articles.selectors import navigation_sections


def site(request):
    """The brand and the navigation, evaluated only if a template uses them."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_TAGLINE,
        "nav_sections": navigation_sections,
    }
