"""Markup the HTML checkers would refuse, caught without them (the checkers
themselves run in tests/browser/test_valid_html.py)."""

import re
from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from comments.models import Comment, CommentPolicy
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# A valid global date and time string, to the second, as HTML allows it.
WHOLE_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


def _render(value):
    return Template("{% load dates %}{{ value|datetime_attr }}").render(
        Context({"value": value})
    )


def test_datetime_attr_drops_the_fraction_of_a_second():
    moment = datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=UTC)

    assert _render(moment) == "2026-11-27T09:30:15+00:00"


def test_datetime_attr_gives_the_time_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Dushanbe"
    moment = datetime(2026, 11, 27, 9, 30, 15, 999999, tzinfo=UTC)

    assert _render(moment) == "2026-11-27T14:30:15+05:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2026, 11, 27), "2026-11-27"), (None, ""), ("", "")],
)
def test_datetime_attr_takes_dates_and_nothing(value, expected):
    assert _render(value) == expected


def test_every_reader_page_gives_its_times_to_the_second(client, published_article):
    odd = timezone.now() - timedelta(hours=3, microseconds=123457)
    type(published_article).objects.filter(pk=published_article.pk).update(
        publish_at=odd
    )
    published_article.refresh_from_db()
    Correction.objects.create(
        article=published_article, text="The date was wrong.", published_at=odd
    )
    CommentFactory(
        article=published_article,
        name="Farrukh",
        body="Thank you.",
        status=Comment.Status.APPROVED,
        created_at=odd,
    )
    CommentPolicy.objects.update_or_create(
        pk=1, defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )
    author = published_article.authors.get()
    tag = published_article.tags.first()
    pages = [
        "/",
        published_article.section.get_absolute_url(),
        published_article.get_absolute_url(),
        author.get_absolute_url(),
        tag.get_absolute_url(),
        f"{reverse('articles:search')}?q=police",
        reverse("comments:policy"),
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        tree = lxml.html.fromstring(response.content)
        times = tree.xpath("//time/@datetime") + tree.xpath(
            "//meta[contains(@property, '_time')]/@content"
        )
        assert times, f"{url} shows no time"
        for value in times:
            assert WHOLE_SECONDS.fullmatch(value), f"{url}: {value}"


def test_the_search_page_names_each_of_its_two_search_forms(client, published_article):
    response = client.get(reverse("articles:search"), {"q": "police"})

    tree = lxml.html.fromstring(response.content)
    forms = tree.xpath("//*[@role='search']")
    names = [form.get("aria-label") for form in forms]
    assert len(forms) == 2
    assert all(names), names
    assert len(set(names)) == 2, names
