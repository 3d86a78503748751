"""The page a reader gets when the site itself fails."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# If even the styled page cannot be drawn, this is what the reader gets.
PLAIN_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>Something went wrong</title></head><body><main><h1>Something went "
    "wrong on our side</h1><p>Please try again in a few minutes. "
    '<a href="/">Go to the front page</a></p></main></body></html>'
)


def server_error(request):
    """500: the site's own page, drawn without the database.

    The template gets the brand from settings and no request, so no context
    processor runs: the fault may be the database itself.
    """
    try:
        html = loader.render_to_string(
            "500.html",
            {
                "site_name": settings.NEWSROOM_SITE_NAME,
                "site_tagline": settings.NEWSROOM_TAGLINE,
                "nav_sections": (),
            },
        )
    except Exception:
        logger.exception("The 500 page could not be drawn; the plain one was sent.")
        html = PLAIN_PAGE
    response = HttpResponseServerError(html)
    add_never_cache_headers(response)
    return response
