"""The pages a reader (or an editor, in the admin) gets when a request is
refused or the site itself fails."""

import logging

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults

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
                # The built-in tagline in the page's language (no database:
                # the site settings row is not read here).
                "site_tagline": _(settings.NEWSROOM_TAGLINE),
                "nav_sections": (),
            },
        )
    except Exception:
        logger.exception("The 500 page could not be drawn; the plain one was sent.")
        html = PLAIN_PAGE
    response = HttpResponseServerError(html)
    add_never_cache_headers(response)
    return response


def bad_request(request, exception):
    """400: JSON under the paths of ``NEWSROOM_JSON_PATHS`` (the API), naming
    the parameter refused if it is known; elsewhere the site's page."""
    if not request.path.startswith(tuple(settings.NEWSROOM_JSON_PATHS)):
        return defaults.bad_request(request, exception)
    response = JsonResponse(
        {
            "detail": str(exception) or "Bad request.",
            "parameter": getattr(exception, "parameter", None),
        },
        status=400,
    )
    add_never_cache_headers(response)
    return response


def permission_denied(request, exception):
    """403: in the admin, the admin's own page saying what was refused and who
    may do it (the refusal's message names the role); elsewhere the site's."""
    if not _in_admin(request):
        return defaults.permission_denied(request, exception)
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("admin:index")
    html = loader.render_to_string(
        "admin/403.html",
        {
            **admin.site.each_context(request),
            "title": _("You can’t do this here"),
            "reason": str(exception) if exception else "",
            "back": back,
        },
        request,
    )
    return HttpResponseForbidden(html)


def _in_admin(request):
    return request.path.startswith(f"/{settings.NEWSROOM_ADMIN_PATH}")


# Never shown back: a password, or a token (the form's own, a signed link's).
UNSHOWN_FIELDS = ("password", "token", "csrf")


def csrf_failure(request, reason=""):
    """403 for a form sent without a valid token: nothing was saved, and the
    page says so in the reader's (or editor's) language, why it happens
    (a form left open across a sign-in, blocked cookies) and what to do.

    In the admin it shows back the text the editor typed, to copy into the
    form once reloaded: an expired form must not cost a rewritten story.
    """
    typed = []
    in_admin = _in_admin(request)
    if in_admin and request.user.is_authenticated:
        # A single character (a position, a choice's id) is nothing to retype.
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if len(value.strip()) > 1
            and not any(word in name.lower() for word in UNSHOWN_FIELDS)
        ]
    context = {"typed": typed}
    if in_admin:
        context.update(admin.site.each_context(request), title=_("Nothing was saved"))
    response = render(
        request,
        "admin/403_csrf.html" if in_admin else "403_csrf.html",
        context,
        status=403,
    )
    add_never_cache_headers(response)
    return response
