"""Degrade, don't fail: what readers get while the cache or the database is out."""

import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.services import article_publish
from comments.models import Comment, Poll
from deploy.local import free_port
from discovery.models import DailyReads
from newsroom import cache as failfast
from tests.factories import ArticleFactory, SectionFactory, comment_data
from tests.support import load_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        section=SectionFactory(name="Politics"),
        headline="Parliament meets in Bishkek",
    )


@pytest.fixture(autouse=True)
def _cache_asked_afresh():
    """Each test meets the cache without a failure remembered from another."""
    failfast._down_until.clear()
    yield
    failfast._down_until.clear()


# The cache is down.


def test_a_read_is_not_counted_but_answered_when_the_cache_is_down(
    client, story, cache_down
):
    response = client.post(reverse("discovery:read", args=[story.pk]))

    assert response.status_code == 204
    assert not DailyReads.objects.exists()


def test_a_comment_is_still_taken_when_the_cache_is_down(client, story, cache_down):
    response = client.post(reverse("comments:post", args=[story.pk]), comment_data())

    assert response.status_code == 302
    assert Comment.objects.get().body == comment_data()["body"]


def test_a_cache_that_failed_is_left_alone_for_a_moment(settings, cache_down):
    from django.core.cache import cache

    with pytest.raises(Exception) as first:
        cache.get("anything")
    with pytest.raises(failfast.CacheUnavailable):
        cache.get("anything")  # not asked: it failed a moment ago

    assert not isinstance(first.value, failfast.CacheUnavailable)


@pytest.fixture
def frozen_redis(settings, tmp_path):
    """A redis-server of the test's own, stopped (SIGSTOP) with its port open:
    connections are accepted and never answered."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a server of our own, on loopback
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        process.send_signal(signal.SIGSTOP)
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.cache.FailFastRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {
                    "socket_connect_timeout": settings.CACHE_TIMEOUT,
                    "socket_timeout": settings.CACHE_TIMEOUT,
                },
            }
        }
        yield
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


def test_pages_are_served_while_redis_is_frozen(client, story, frozen_redis):
    # Without a socket timeout each of these would wait on Redis for ever.
    for url in ("/", "/section/politics/", story.get_absolute_url(), "/healthz"):
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("discovery:read", args=[story.pk])).status_code == 204


def test_the_redis_cache_gives_up_within_a_fraction_of_a_second():
    result = load_settings(
        REDIS_URL="redis://127.0.0.1:6379/0",
        show="s.CACHES['default']['OPTIONS']",
    )

    assert result.returncode == 0, result.stderr
    options = eval(result.stdout)  # noqa: S307 - our own settings, printed
    assert 0 < options["socket_timeout"] < 1
    assert 0 < options["socket_connect_timeout"] < 1


# The database is down.


def test_a_cached_page_is_served_stale_while_the_database_is_down(
    client, story, stop_database, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    fresh = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=ArticleFactory(section=story.section))  # a purge
    stop_database()

    with time_machine.travel(timedelta(minutes=30)):
        stale = client.get(url)

    assert stale.status_code == 200
    assert stale["X-Page-Cache"] == "stale"
    assert stale.content == fresh.content
    assert int(stale["Age"]) >= 30 * 60


def test_a_page_never_cached_answers_a_styled_503_while_the_database_is_down(
    client, story, database_down
):
    for url in ("/section/politics/", "/search/?q=parliament", "/comment-policy/"):
        response = client.get(url)

        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert "We’ll be back in a moment" in page
        assert 'href="/"' in page


def test_a_comment_sent_while_the_database_is_down_comes_back_to_send_again(
    client, story, stop_database
):
    typed = comment_data(body="The 2015 video was filmed near Raqqa, not Mosul.")
    stop_database()

    response = client.post(reverse("comments:post", args=[story.pk]), typed)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "could not be saved just now" in page
    assert "The 2015 video was filmed near Raqqa, not Mosul." in page
    assert 'value="Farrukh"' in page
    assert 'value="farrukh@example.org"' in page
    assert f'action="{reverse("comments:post", args=[story.pk])}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_nothing_is_stored_from_a_comment_sent_while_the_database_is_down(
    client, story, stop_database, monkeypatch
):
    stop_database()
    client.post(reverse("comments:post", args=[story.pk]), comment_data())
    monkeypatch.undo()  # the database is back

    assert not Comment.objects.exists()


def test_a_vote_sent_while_the_database_is_down_is_answered_503(
    client, story, stop_database
):
    stop_database()

    as_script = client.post(
        reverse("comments:poll", args=[story.pk]),
        {"answer": "yes"},
        headers={"accept": "application/json"},
    )
    as_form = client.post(reverse("comments:poll", args=[story.pk]), {"answer": "no"})

    assert as_script.status_code == 503
    assert "could not be counted" in as_script.json()["message"]
    assert as_form.status_code == 503
    assert "could not be counted" in as_form.content.decode()
    assert 'value="no"' in as_form.content.decode()


def test_tokens_still_come_while_the_database_is_down(client, story, stop_database):
    stop_database()

    response = client.get(reverse("comments:state", args=[story.pk]))

    assert response.status_code == 200
    assert response.json()["csrfToken"]
    assert response.json()["started"]


def test_votes_and_comments_count_again_when_the_database_is_back(
    client, story, stop_database, monkeypatch
):
    stop_database()
    client.post(reverse("comments:poll", args=[story.pk]), {"answer": "yes"})
    monkeypatch.undo()

    client.post(reverse("comments:poll", args=[story.pk]), {"answer": "yes"})

    assert Poll.objects.get(article=story).yes == 1
