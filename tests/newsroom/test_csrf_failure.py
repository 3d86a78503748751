"""A form sent without a valid token: nothing saved, and a page that says why
in the site's own words and language (Django's own page is English only and
speaks to developers)."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return " ".join(lxml.html.fromstring(response.content).text_content().split())


def test_a_reader_form_without_a_token_gets_the_sites_page():
    response = Client(enforce_csrf_checks=True).post("/", {"q": "anything"})

    assert response.status_code == 403
    text = _text(response)
    assert "Your form could not be sent" in text
    assert "allow cookies for this site" in text
    assert "CSRF" not in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_page_is_in_the_editions_language():
    response = Client(enforce_csrf_checks=True).post("/ru/", {"q": "что-то"})

    assert response.status_code == 403
    assert 'lang="ru"' in response.content.decode()
    assert "Your form could not be sent" not in _text(response)


def test_an_editors_expired_form_shows_back_what_they_typed(editor):
    section = SectionFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    body = "<p>Three paragraphs the editor would not want to write again.</p>"

    response = browser.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Border guards detain two",
            "body": body,
            "section": section.pk,
            "password": "not-to-be-shown",
            "csrfmiddlewaretoken": "stale" * 8,
        },
    )

    assert response.status_code == 403
    page = lxml.html.fromstring(response.content)
    shown = page.xpath("//textarea[@readonly]/text()")
    assert "Border guards detain two" in shown
    assert body in shown
    assert "not-to-be-shown" not in response.content.decode()
    assert "stale" not in "".join(shown)
    assert "Nothing was saved" in _text(response)
    assert not Article.objects.exists()


def test_an_anonymous_admin_post_is_shown_nothing_back():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "eddie", "note": "a long enough note"}
    )

    assert response.status_code == 403
    assert "a long enough note" not in response.content.decode()
