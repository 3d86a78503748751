"""A request whose form or charset cannot be read gets a 400 (or is read as
UTF-8 when it has no body), on any address, never a server error."""

import io

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from comments.models import Comment
from tests.comments.conftest import comment_data
from tests.wsgi import serve

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
CSRF_COOKIE = ("Cookie", "csrftoken=" + "a" * 32)


@pytest.fixture
def browser():
    """A client that checks CSRF tokens, as the site does for real browsers."""
    return Client(enforce_csrf_checks=True)


def _addresses(article):
    return [
        "/",
        reverse("articles:search"),
        reverse("comments:post", args=[article.pk]),
        reverse("comments:poll", args=[article.pk]),
        reverse("discovery:read", args=[article.pk]),
        "/admin/login/",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("with_csrf_cookie", [False, True])
def test_a_form_in_another_charset_is_refused_on_every_address(
    browser, published_article, with_csrf_cookie
):
    """Django refuses such a form (400), then its 400 page's CSRF check read
    the form again, which failed again: a 500."""
    body = "name=Farrukh&body=Hello".encode("utf-16")
    if with_csrf_cookie:
        browser.cookies["csrftoken"] = "a" * 32
    for address in _addresses(published_article):
        response = browser.generic(
            "POST", address, body, content_type=f"{FORM}; charset=utf-16"
        )
        status, _ = serve(
            "POST",
            address.encode(),
            body=body,
            headers=[("Content-Type", f"{FORM}; charset=utf-16"), CSRF_COOKIE],
        )

        assert response.status_code == 400, address
        assert status == 400, address
    assert not Comment.objects.exists()


MULTIPART_BODY = (
    b"--XX\r\n"
    b'Content-Disposition: form-data; name="body"\r\n\r\n'
    b"+2AA-\r\n"  # in UTF-7, a lone surrogate, which nothing can encode
    b"--XX--\r\n"
)


@pytest.mark.parametrize("charset", ["utf-7", "utf-16", "latin-1"])
def test_a_multipart_form_in_another_charset_is_refused(
    browser, published_article, charset
):
    browser.cookies["csrftoken"] = "a" * 32

    response = browser.generic(
        "POST",
        reverse("comments:post", args=[published_article.pk]),
        MULTIPART_BODY,
        content_type=f"multipart/form-data; boundary=XX; charset={charset}",
    )

    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data; boundary=XX; charset=rot13",  # not a text encoding
        "multipart/form-data; boundary=XX; charset=base64",
        "multipart/form-data; boundary=XX; charset=undefined",
        "multipart/form-data; boundary=XX; charset=utf-7",
        "multipart/form-data; boundary=XX; charset*=bogus''utf-8",  # RFC 2231
    ],
)
def test_a_form_whose_content_type_django_cannot_use_is_refused(
    published_article, content_type
):
    path = reverse("comments:post", args=[published_article.pk]).encode()

    status, _ = serve(
        "POST",
        path,
        query=b"from=story",
        body=MULTIPART_BODY,
        headers=[("Content-Type", content_type), CSRF_COOKIE],
    )

    assert status == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain; charset=utf-7",
        "text/plain; charset=utf-16",
        "text/plain; charset=latin-1",
        # Django decoded the query string with these while building the
        # request, before any middleware: LookupError, UnicodeError, ValueError.
        "text/plain; charset=rot13",
        "text/plain; charset=undefined",
        "text/plain; charset*=bogus''utf-8",
    ],
)
def test_a_search_reads_its_address_as_utf8_whatever_charset_it_declares(
    db, content_type
):
    status, content = serve(
        "GET",
        b"/search/",
        query=b"q=%2B2AA-+caf%C3%A9",
        headers=[("Content-Type", content_type)],
    )

    assert status == 200
    tree = lxml.html.fromstring(content.decode())
    assert tree.xpath("//input[@name='q']/@value") == ["+2AA- café"]


def test_the_test_client_path_also_reads_a_get_as_utf8(client):
    response = client.get(
        reverse("articles:search"),
        {"q": "+2AA- café"},
        CONTENT_TYPE="text/plain; charset=utf-7",
    )

    tree = lxml.html.fromstring(response.content.decode())
    assert tree.xpath("//input[@name='q']/@value") == ["+2AA- café"]


def test_a_comment_sent_in_utf8_is_read(client, published_article):
    response = client.post(
        reverse("comments:post", args=[published_article.pk]),
        urlencode(comment_data(name="Фаррух")),
        content_type=f"{FORM}; charset=UTF-8",
    )

    assert response.status_code == 302
    assert Comment.objects.get().name == "Фаррух"


def test_a_form_too_large_to_read_is_refused(browser, published_article):
    browser.cookies["csrftoken"] = "a" * 32

    response = browser.post(
        reverse("comments:post", args=[published_article.pk]),
        {"body": "x" * (6 * 1024 * 1024)},
    )

    assert response.status_code == 400
    assert not Comment.objects.exists()


class _BrokenStream(io.RawIOBase):
    """A connection that drops while the body is read."""

    def read(self, size=-1):
        raise OSError("connection reset")


def test_a_form_whose_body_cannot_be_read_is_refused(browser, published_article):
    browser.cookies["csrftoken"] = "a" * 32

    response = browser.generic(
        "POST",
        reverse("comments:post", args=[published_article.pk]),
        b"name=Farrukh",
        content_type=FORM,
        **{"wsgi.input": _BrokenStream()},
    )

    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "/admin/articles/article/?status=%00",
        "/admin/comments/comment/?status=draft%00",
        "/admin/comments/comment/?rule=%00",
        "/search/?q=%00",
        "/?%00=1",
    ],
)
def test_a_nul_in_the_address_is_refused(admin_client, address):
    """PostgreSQL refuses a NUL in a query: the admin's list filters passed it on."""
    assert admin_client.get(address).status_code == 400
