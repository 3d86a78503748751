"""The session cookie is looked up only when it is a key Django could have made."""

import pytest
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

from newsroom.sessions import SessionStore
from tests.wsgi import serve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "key", ["abcdefgh\x00ijklmnop", "ABCDEFGHIJKLMNOP", "abcdefgh ijklmnop", "ab"]
)
def test_a_malformed_session_key_is_no_session(key):
    store = SessionStore(session_key=key)

    assert store.session_key is None
    assert dict(store.items()) == {}


def test_a_session_django_made_is_kept():
    store = SessionStore()
    store["seen"] = True
    store.save()

    again = SessionStore(session_key=store.session_key)

    assert set(store.session_key) <= set(VALID_KEY_CHARS)
    assert again["seen"] is True


def test_a_session_cookie_with_a_nul_gets_the_login_page():
    """A quoted cookie's \\000 is a NUL, which PostgreSQL refused in the query."""
    status, content = serve(
        "GET",
        b"/admin/login/",
        headers=[("Cookie", 'sessionid="abcdefgh\\000ijklmnop"')],
    )

    assert status == 200
    assert b'name="password"' in content
