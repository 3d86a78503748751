from django.conf import settings
from django.http import Http404
from django.utils.encoding import escape_uri_path

from articles.metadata import share_image
from articles.selectors import navigation_sections
from newsroom import params


def canonical_url(request):
    """This page's address without tracking parameters; ``?page=N`` is kept.

    Built from its parts: ``build_absolute_uri`` would read a path such as
    ``//[x`` (a 404 page's) as another host, and fail on it."""
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    try:
        page = params.page_number(request.GET.get("page"))
    except Http404:
        # The view answers 404 for it; its error page must still render.
        page = 1
    if page > 1:
        url += f"?page={page}"
    return url


def site(request):
    """The brand, the navigation and page metadata, each evaluated only if used."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_TAGLINE,
        "nav_sections": navigation_sections,
        "canonical_url": lambda: canonical_url(request),
        "default_share_image": lambda: share_image(request),
    }
