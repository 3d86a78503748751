"""Site-wide responses that no single view should have to remember."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The errors of a database that cannot be reached or went away mid-request,
# as opposed to a query that is wrong (ProgrammingError, IntegrityError).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def try_again_later(response):
    """Mark ``response`` as a passing outage: Retry-After, and never cached."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def database_unavailable_page(request):
    """The page a reader gets while the database is out: 503 with Retry-After.

    It renders without the database: the navigation is left empty.
    """
    context = {"nav_sections": (), "title": _("We’ll be back in a moment")}
    return try_again_later(render(request, "503.html", context, status=503))


class DatabaseOutageMiddleware:
    """A page that needs the database while it is out answers a styled 503.

    Cached pages are still served (``newsroom.pagecache`` keeps stale copies
    for this); this is for what was never cached. A reader's comment or vote
    is answered by its own view, which shows what they sent back to them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning(
            "Database unavailable: %s answered 503.",
            request.path,
            extra={"error": type(exception).__name__},
        )
        return database_unavailable_page(request)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Permissions-Policy on every
    response, and X-Robots-Tag on the admin, which robots.txt no longer names."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.NEWSROOM_ADMIN_PATH}"

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY)
        if request.path.startswith(self.admin_prefix):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class EditionMiddleware:
    """The language of a reader page comes from its address alone.

    ``/ru/…`` is the Russian edition, an address with no language prefix the
    default edition's: nothing a reader's browser sends (Accept-Language, a
    language cookie) changes a page, so every edition is one cacheable copy
    per address, here and in a CDN, and no reader page varies on those
    headers. Only the admin (staff, never cached) follows the editor's own
    language, as Django's ``LocaleMiddleware`` would. Replaces it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.NEWSROOM_ADMIN_PATH}"

    def __call__(self, request):
        in_admin = request.path_info.startswith(self.admin_prefix)
        if in_admin:
            language = translation.get_language_from_request(request)
        else:
            language = (
                translation.get_language_from_path(request.path_info)
                or settings.LANGUAGE_CODE
            )
        # For this request only: the thread's language is given back after,
        # so nothing rendered later in the thread takes this page's edition.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if in_admin:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
