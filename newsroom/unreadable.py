"""A request that cannot be read is a 400, decided once, before anything reads it.

That is a form that does not parse, a charset other than UTF-8 on a POST, and
a NUL anywhere in the query string.

Only UTF-8 is read. Our pages are UTF-8 and browsers send a form in its page's
charset. Other charsets can decode into lone surrogates (UTF-7), which no
response or database can encode, or are no text encoding at all
(``charset=rot13``); Django applies a declared charset to the query string too.
So a declared charset other than UTF-8 is ignored where there is no body (it
describes a body a GET does not have), and a POST declaring one is refused.
"""

import codecs

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.http import parse_header_parameters

# Where utf8_only() keeps a Content-Type it took out of the WSGI environ.
UNREAD_CONTENT_TYPE = "newsroom.unread_content_type"


def _is_utf8(charset):
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def _readable(content_type):
    """True if Django can parse ``content_type`` and it declares UTF-8 or nothing."""
    try:
        _media_type, params = parse_header_parameters(content_type)
    except (LookupError, ValueError):
        return False
    return "charset" not in params or _is_utf8(params["charset"])


def utf8_only(application):
    """WSGI middleware: hand Django only a Content-Type it can build a request from.

    Django parses the Content-Type when it builds the request, before any of
    its middleware runs, and fails there on some values: a charset that is no
    text encoding makes decoding the query string raise LookupError, and an
    RFC 2231 parameter in an unknown charset raises ValueError. Either was a
    500. A Content-Type that does not parse, or declares another charset than
    UTF-8, is taken out and kept under ``UNREAD_CONTENT_TYPE``, for
    ``UnreadableRequestMiddleware`` to refuse a POST that carried it.
    """

    def utf8_application(environ, start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        if content_type and not _readable(content_type):
            environ = {**environ, UNREAD_CONTENT_TYPE: content_type}
            del environ["CONTENT_TYPE"]
        return application(environ, start_response)

    return utf8_application


class UnreadableRequestMiddleware:
    """Read a POST's form up front; if it cannot be read, answer 400 and leave
    an empty form behind, so that nothing reading it later fails again.

    Django parses ``request.POST`` when first asked, and a urlencoded body
    declared in a charset other than UTF-8 raises ``BadRequest`` on every read,
    not just the first. Its 400 page checks the CSRF token, which reads
    ``request.POST`` once more: the 400 turned into a 500 (and our
    ``csrf_failure`` view reads it too). A NUL in the query string is a 400 too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind utf8_only() (newsroom.wsgi) another charset is already out of
        # the request; elsewhere (ASGI, the test client) it is still in it.
        foreign = request.encoding is not None and not _is_utf8(request.encoding)
        if foreign or UNREAD_CONTENT_TYPE in request.META:
            if foreign:
                request.encoding = None  # read as UTF-8, Django's default
            if request.method == "POST":
                self._refuse_body(request)
                raise BadRequest("A form must be sent in UTF-8.")
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsed here, once
            except (BadRequest, SuspiciousOperation, MultiPartParserError):
                self._refuse_body(request)
                raise
            except UnreadablePostError as error:
                self._refuse_body(request)
                raise BadRequest("The request's body could not be read.") from error
        for name, values in request.GET.lists():
            if "\x00" in name + "".join(values):
                # PostgreSQL refuses a NUL in any text it is asked to compare,
                # and no address of ours has one; the admin's list filters
                # passed it on.
                error = BadRequest(f"{name}: a NUL in the address.")
                error.parameter = name
                raise error
        return self.get_response(request)

    @staticmethod
    def _refuse_body(request):
        # What Django itself does after its other parse errors: an empty form,
        # so the error page's CSRF check and our views read nothing again.
        request._mark_post_parse_error()
