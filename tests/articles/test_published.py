"""Readers see a story only once it is published and its time has come."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _hour_ago():
    return timezone.now() - timedelta(hours=1)


# Each builds a story readers must not see, even though some have a past
# publish time.
HIDDEN_STORIES = {
    "draft": lambda: {"status": Article.Status.DRAFT},
    "draft with a past publish time": lambda: {
        "status": Article.Status.DRAFT,
        "publish_at": _hour_ago(),
    },
    "in review": lambda: {"status": Article.Status.REVIEW, "publish_at": _hour_ago()},
    "unpublished": lambda: {
        "status": Article.Status.UNPUBLISHED,
        "publish_at": _hour_ago(),
        "first_published_at": _hour_ago(),
    },
    "scheduled for tomorrow": lambda: {"scheduled": True},
}

READER_PAGES = ["home", "section", "author", "tag"]


@pytest.fixture
def filing():
    """A section, an author and a tag that the stories of a test share."""
    return {
        "section": SectionFactory(name="Terrorism"),
        "authors": [AuthorFactory(name="Nadin Bahrom")],
        "tags": [TagFactory(name="Tajikistan")],
    }


def _page_url(page, filing):
    if page == "home":
        return reverse("articles:home")
    if page == "section":
        return filing["section"].get_absolute_url()
    if page == "author":
        return filing["authors"][0].get_absolute_url()
    return filing["tags"][0].get_absolute_url()


def assert_site_404(response):
    """A 404 in the site's own page, not a bare server error page."""
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "We couldn’t find that page" in response.content.decode()


@pytest.mark.parametrize("kind", HIDDEN_STORIES.keys())
def test_hidden_story_is_not_found_at_its_address(client, filing, kind):
    story = ArticleFactory(headline="Secret plan", **filing, **HIDDEN_STORIES[kind]())

    response = client.get(story.get_absolute_url())

    assert_site_404(response)
    assert "Secret plan" not in response.content.decode()


@pytest.mark.parametrize("page", READER_PAGES)
@pytest.mark.parametrize("kind", HIDDEN_STORIES.keys())
def test_hidden_story_is_not_listed_on_reader_pages(client, filing, kind, page):
    ArticleFactory(headline="Border talks resume", published=True, **filing)
    ArticleFactory(headline="Secret plan", **filing, **HIDDEN_STORIES[kind]())

    response = client.get(_page_url(page, filing))

    assert response.status_code == 200
    assert "Border talks resume" in response.content.decode()
    assert "Secret plan" not in response.content.decode()


def test_scheduled_story_appears_once_its_time_has_come(client, filing):
    publish_at = datetime(2026, 3, 8, 4, 0, tzinfo=UTC)
    ArticleFactory(headline="Border talks resume", published=True, **filing)
    with time_machine.travel(publish_at - timedelta(hours=3), tick=False):
        story = ArticleFactory(headline="Amnesty law signed", **filing)
        article_publish(article=story, publish_at=publish_at)
    url = story.get_absolute_url()

    with time_machine.travel(publish_at - timedelta(minutes=1), tick=False):
        assert client.get(url).status_code == 404
        for page in READER_PAGES:
            content = client.get(_page_url(page, filing)).content.decode()
            assert "Amnesty law signed" not in content, page

    # Redis expires cached pages by its own clock, which no frozen clock moves;
    # tests/newsroom/test_pagecache.py shows the expiry at the due time for real.
    cache.clear()
    with time_machine.travel(publish_at + timedelta(minutes=1), tick=False):
        response = client.get(url)
        assert response.status_code == 200
        assert "Amnesty law signed" in response.content.decode()
        for page in READER_PAGES:
            content = client.get(_page_url(page, filing)).content.decode()
            assert "Amnesty law signed" in content, page


@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_unknown_section_author_or_tag_is_not_found(client, page):
    response = client.get(reverse(f"articles:{page}", kwargs={"slug": "no-such"}))

    assert_site_404(response)


def test_unknown_story_is_not_found(client, published_article):
    url = published_article.get_absolute_url().replace(
        published_article.slug, "no-such-story"
    )

    assert_site_404(client.get(url))


def _detail_url(article, *, section=None, when=None):
    when = timezone.localtime(when or article.publish_at)
    return reverse(
        "articles:detail",
        kwargs={
            "section": section or article.section.slug,
            "year": when.year,
            "month": when.month,
            "day": when.day,
            "slug": article.slug,
        },
    )


def test_story_moved_to_another_section_redirects_from_its_old_address(
    client, published_article
):
    old_url = published_article.get_absolute_url()
    published_article.section = SectionFactory(name="Politics")
    published_article.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == published_article.get_absolute_url()
    assert "/politics/" in response["Location"]


def test_address_with_the_wrong_date_redirects_to_the_story(client, published_article):
    wrong_day = published_article.publish_at - timedelta(days=3)

    response = client.get(_detail_url(published_article, when=wrong_day))

    assert response.status_code == 301
    assert response["Location"] == published_article.get_absolute_url()


def test_redirect_to_the_story_keeps_the_query_string(client, published_article):
    wrong_day = published_article.publish_at - timedelta(days=3)
    old_url = _detail_url(published_article, when=wrong_day)

    response = client.get(f"{old_url}?utm_source=newsletter")

    assert response.status_code == 301
    expected = f"{published_article.get_absolute_url()}?utm_source=newsletter"
    assert response["Location"] == expected


def test_hidden_story_at_a_wrong_address_is_not_found_rather_than_redirected(
    client, filing
):
    story = ArticleFactory(headline="Secret plan", publish_at=_hour_ago(), **filing)

    response = client.get(_detail_url(story, section="politics"))

    assert_site_404(response)
