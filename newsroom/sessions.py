"""Django's database sessions, looking up only a key Django could have made."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    """Session keys are lower-case ASCII letters and digits (Django makes 32).

    Django looks up whatever the session cookie holds, and a quoted cookie can
    carry a NUL (``"...\\000..."``), which PostgreSQL refuses in a query: any
    page reading the session (the admin's login page, to anyone) answered 500.
    Any other key is no session, as an unknown one is.
    """

    def _validate_session_key(self, key):
        return bool(super()._validate_session_key(key)) and set(key) <= _KEY_CHARS
