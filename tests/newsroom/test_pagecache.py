"""Reader pages under load: cache headers, the shared page cache, and its purges."""

import json
import time
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles import previews
from articles.models import Correction
from articles.services import (
    article_publish,
    article_save,
    article_unpublish,
    corrections_added,
)
from articles.workflow import Step
from comments.models import Comment
from comments.services import comment_approve
from newsroom import pagecache
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        published=True, section=SectionFactory(name="Politics"), headline="Vote count"
    )


def _cache_control(response):
    return {
        part.strip().split("=")[0]: part.strip().partition("=")[2]
        for part in response["Cache-Control"].split(",")
    }


def test_anonymous_pages_are_public_for_browsers_and_shared_caches(client, story):
    for url in ("/", "/section/politics/", story.get_absolute_url(), "/rss.xml"):
        response = client.get(url)

        assert response.status_code == 200, url
        control = _cache_control(response)
        assert "public" in control, url
        assert control["max-age"] == "30"
        assert control["s-maxage"] == "300"
        assert control["stale-while-revalidate"] == "300"
        assert control["stale-if-error"] == "86400"
        assert response["ETag"]
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()


def test_a_cached_page_is_served_without_touching_the_database(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(f"{story.get_absolute_url()}?utm_source=newsletter")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_matching_etag_gets_304_not_modified(client, story):
    first = client.get(story.get_absolute_url())

    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_staff_pages_are_never_cached(admin_client, story):
    response = admin_client.get(story.get_absolute_url())
    again = admin_client.get(story.get_absolute_url())

    control = _cache_control(response)
    assert "private" in control
    assert "no-store" in control
    assert "X-Page-Cache" not in again


def test_previews_are_never_cached_and_set_no_cookie(client):
    draft = ArticleFactory(headline="Not out yet")
    url = previews.preview_url(article=draft)

    response = client.get(url)
    again = client.get(url)

    control = _cache_control(response)
    assert "no-store" in control
    assert "public" not in control
    assert "X-Page-Cache" not in again
    assert not response.cookies
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_uncached_reader_endpoints_say_so(client, story):
    state = client.get(f"/reader/state/{story.pk}/")

    assert "no-store" in _cache_control(state) or "no-cache" in _cache_control(state)


def test_publishing_purges_the_pages_that_show_the_story_and_no_others(
    client, django_capture_on_commit_callbacks
):
    politics = SectionFactory(name="Politics")
    culture = SectionFactory(name="Culture")
    ArticleFactory(published=True, section=culture, headline="Film festival opens")
    story = ArticleFactory(section=politics, headline="Parliament dissolved")
    for url in ("/", "/section/politics/", "/section/culture/"):
        assert client.get(url)["X-Page-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=story)

    home = client.get("/")
    section = client.get("/section/politics/")
    unrelated = client.get("/section/culture/")
    assert home["X-Page-Cache"] == "miss"
    assert "Parliament dissolved" in home.content.decode()
    assert section["X-Page-Cache"] == "miss"
    assert "Parliament dissolved" in section.content.decode()
    assert unrelated["X-Page-Cache"] == "hit"


def test_unpublishing_purges_the_story_page(
    client, story, django_capture_on_commit_callbacks
):
    assert client.get(story.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=story)

    assert client.get(story.get_absolute_url()).status_code == 404


def test_approving_a_comment_shows_it_through_the_cache(
    client, story, moderator, django_capture_on_commit_callbacks
):
    comment = Comment.objects.create(
        article=story, name="Reader", email="r@example.org", body="First!"
    )
    assert "0 Comment(s)" in client.get(story.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comments=[comment], moderator=moderator)

    page = client.get(story.get_absolute_url()).content.decode()
    assert "1 Comment(s)" in page
    assert "First!" in page


def test_a_scheduled_story_is_not_hidden_by_a_page_cached_before_its_time(client):
    politics = SectionFactory(name="Politics")
    ArticleFactory(published=True, section=politics, headline="Already out")
    ArticleFactory(
        section=politics,
        headline="Embargoed report",
        status="published",
        publish_at=timezone.now() + timedelta(seconds=2),
    )
    assert "Embargoed report" not in client.get("/section/politics/").content.decode()

    # The cached copy says until when it is fresh, by the app's clock.
    with time_machine.travel(timedelta(seconds=4)):
        page = client.get("/section/politics/").content.decode()

    assert "Embargoed report" in page


def test_reader_pages_still_answer_when_the_cache_server_is_down(
    client, settings, story
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on port 9
        }
    }

    for url in ("/", "/section/politics/", story.get_absolute_url(), "/rss.xml"):
        assert client.get(url).status_code == 200, url
    article_publish(article=ArticleFactory(section=story.section))


def test_a_hot_page_is_kept_in_the_process_for_a_moment(
    client, story, settings, monkeypatch
):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = 1
    client.get("/section/politics/")
    client.get("/section/politics/")  # from the shared cache, kept in memory
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }

    from_memory = client.get("/section/politics/")

    assert from_memory["X-Page-Cache"] == "hit"
    a_second_later = time.monotonic() + 1.1
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: a_second_later)
    assert client.get("/section/politics/")["X-Page-Cache"] == "miss"


def _stored_pages():
    from django.core.cache import cache

    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):  # local memory
        return sum(1 for key in cache._cache if ":page:" in key)
    client = cache._cache.get_client(None)
    return sum(1 for _key in client.scan_iter(match=f"*:{pagecache.KEY_PREFIX}:*"))


def test_a_parameter_value_the_page_ignores_shares_its_copy(client, story):
    url = story.get_absolute_url()
    client.get(url)
    stored = _stored_pages()

    responses = [client.get(f"{url}?comment=x{n}") for n in range(5)]

    assert [response["X-Page-Cache"] for response in responses] == ["hit"] * 5
    assert _stored_pages() == stored


def test_a_comment_outcome_the_page_shows_has_its_own_copy(client, story):
    url = story.get_absolute_url()
    client.get(url)

    thanked = client.get(f"{url}?comment=received")

    assert thanked["X-Page-Cache"] == "miss"
    assert "Thank you" in thanked.content.decode()


def test_a_page_number_in_another_spelling_shares_the_pages_copy(client, story):
    ArticleFactory.create_batch(13, published=True, section=story.section)
    client.get("/section/politics/?page=2")

    again = client.get("/section/politics/?page=02")

    assert again.status_code == 200
    assert again["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("value", ["abc", "%C2%B2", "-1", "1.5", "9" * 40])
def test_a_page_number_no_page_has_is_never_stored(client, story, value):
    stored = _stored_pages()

    for _ in range(3):
        response = client.get(f"/section/politics/?page={value}")
        assert response.status_code < 500

    assert _stored_pages() == stored


def test_a_page_with_a_long_address_is_cached_too(client):
    story = ArticleFactory(
        published=True, section=SectionFactory(name="Politics"), slug="a" * 200
    )
    url = f"{story.get_absolute_url()}?comment=received"
    client.get(url)

    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("query", ["page=2", "p=7", "page=abc", "comment=received"])
def test_a_page_that_reads_no_parameter_shares_its_copy(client, story, query):
    client.get("/")
    stored = _stored_pages()

    response = client.get(f"/?{query}")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert _stored_pages() == stored


def test_a_save_that_publishes_asks_the_cdn_to_purge_once(
    editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The save and the publish it leads to purge overlapping tags: one
    request to the CDN carries them all."""
    settings.NEWSROOM_CDN_PURGE_URL = "https://cdn.example/purge"
    sent = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        sent.append(json.loads(request.data)["tags"])
        return Answer()

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    story = ArticleFactory(section=SectionFactory(name="Politics"))
    story.headline = "Parliament dissolved"

    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story, by=editor, step=Step.PUBLISH)

    assert len(sent) == 1
    assert {"home:en", f"article:{story.slug}"} <= set(sent[0])


def test_purges_in_one_transaction_are_made_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.purge("home:en")
        pagecache.purge("home:en", "tag:border")

    assert pagecache.tag_versions(["home:en", "tag:border"]) == {
        "home:en": 1,
        "tag:border": 1,
    }


def test_a_purge_rolled_back_with_its_savepoint_is_not_lost_to_later_ones(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                pagecache.purge("section:politics")
                raise RuntimeError
        except RuntimeError:
            pass
        pagecache.purge("home:en")

    assert pagecache.tag_versions(["home:en"]) == {"home:en": 1}


def test_a_correction_refreshes_its_story_page_and_leaves_the_lists_cached(
    client, story, editor, django_capture_on_commit_callbacks
):
    pages = ("/", "/section/politics/", story.get_absolute_url())
    for url in pages:
        assert client.get(url)["X-Page-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        correction = Correction.objects.create(
            article=story, text="An earlier version gave the wrong turnout."
        )
        corrections_added(article=story, corrections=[correction], by=editor)

    home, section, page = (client.get(url) for url in pages)
    assert page["X-Page-Cache"] == "miss"
    assert "An earlier version gave the wrong turnout." in page.content.decode()
    assert home["X-Page-Cache"] == "hit"
    assert section["X-Page-Cache"] == "hit"
