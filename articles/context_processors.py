from django.conf import settings
from django.http import Http404
from django.utils.http import escape_leading_slashes
from django.utils.translation import get_language

from articles import editions
from articles.metadata import share_image
from articles.selectors import navigation_sections
from newsroom import params


def canonical_url(request):
    """This page's address without tracking parameters; ``?page=N`` is kept."""
    # A path is not a URL: "//example.org/" would name another site, and
    # "//[" made urlsplit() fail on every page that shows a canonical address,
    # the 404 page included. Django escapes the leading slashes the same way.
    url = request.build_absolute_uri(escape_leading_slashes(request.path))
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
        # The same page in the other editions (a story's view gives its own).
        "edition_links": lambda: editions.switcher(
            request.path, current=get_language()
        ),
        "alternates": lambda: editions.page_alternates(request.path),
    }
