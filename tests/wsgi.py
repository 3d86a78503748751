"""Requests sent as a WSGI server sends them: raw bytes, through
``newsroom.wsgi.application``, the application gunicorn serves.

Django's test client builds its request object itself, so it skips what
``newsroom.wsgi`` puts in front of Django, and it cannot send every byte a
reader's client can (a lone surrogate, an undecodable address).
"""

import io
from contextlib import contextmanager

from django.core import signals
from django.db import close_old_connections

from newsroom.wsgi import application


@contextmanager
def _connections_kept():
    # A server lets Django close the database connection around each request;
    # inside a test's transaction that would lose the test's rows. The test
    # client does the same.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def serve(method="GET", path=b"/", *, query=b"", body=b"", headers=()):
    """The status code and body of the answer to a request.

    ``path`` and ``query`` are the bytes on the wire (the path already
    percent-decoded, as servers pass it); ``headers`` are (name, value) pairs.
    An exception out of the application is raised here: a server sends 500.
    """
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        # PEP 3333: the bytes as latin-1, which maps each byte to one character.
        "PATH_INFO": path.decode("latin-1"),
        "QUERY_STRING": query.decode("latin-1"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
        environ[key] = value
    status = []

    def start_response(line, response_headers, exc_info=None):
        status.append(int(line.split()[0]))

    with _connections_kept():
        result = application(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return status[0], content
