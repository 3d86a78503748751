"""After a purge one request re-renders a page; everyone else gets the stale copy."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from articles.services import article_publish, article_unpublish
from newsroom import pagecache
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


class Desk:
    """A page whose renders can be held up, counted, and made to die."""

    def __init__(self):
        self.edition = 1
        self.renders = 0
        self.rendering = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.die = False
        self.lock = threading.Lock()

    def view(self, request):
        with self.lock:
            self.renders += 1
            edition = self.edition
        self.rendering.set()
        if self.die:
            # A worker killed mid-render: it never stores, never unlocks.
            raise KeyboardInterrupt
        assert self.release.wait(timeout=10)
        return HttpResponse(f"edition {edition}")


@pytest.fixture
def desk():
    return Desk()


@pytest.fixture
def page(desk):
    view = pagecache.cached_page(desk.view, tags=lambda request: ["front"])
    factory = RequestFactory()

    def get():
        return view(factory.get("/front/"))

    return get


def _purge():
    pagecache._purge_now({"front"})


def test_after_a_purge_one_request_renders_and_the_others_get_the_stale_copy(
    desk, page
):
    page()
    pagecache.render_stats(reset=True)
    desk.edition = 2
    _purge()
    desk.release.clear()
    desk.rendering.clear()
    results = {}

    def render():
        results["first"] = page()
        connections.close_all()  # each thread's own connection

    renderer = threading.Thread(target=render)
    renderer.start()
    assert desk.rendering.wait(timeout=10)
    others = [None] * 8

    def read(n):
        others[n] = page()
        connections.close_all()

    readers = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(timeout=10)
    desk.release.set()
    renderer.join(timeout=10)

    assert desk.renders == 2  # the first copy, then one after the purge
    assert results["first"].content == b"edition 2"
    assert results["first"]["X-Page-Cache"] == "miss"
    for response in others:
        assert response.content == b"edition 1"
        assert response["X-Page-Cache"] == "stale"
        assert int(response["Age"]) >= 0
        assert "s-maxage=0" in response["Cache-Control"]
    after = page()
    assert after.content == b"edition 2"
    assert after["X-Page-Cache"] == "hit"
    assert pagecache.render_stats() == {"stale": 1, "rerenders": 1}


def test_a_stale_copy_carries_its_true_age(desk, page):
    page()
    with time_machine.travel(timedelta(seconds=40)):
        _purge()
        desk.die = True
        with pytest.raises(KeyboardInterrupt):
            page()
        stale = page()

    assert stale["X-Page-Cache"] == "stale"
    assert 40 <= int(stale["Age"]) <= 42


def test_a_lock_left_by_a_killed_renderer_expires_on_its_own(desk, page, settings):
    settings.NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS = 2
    settings.NEWSROOM_PAGE_CACHE_GRACE_SECONDS = 3
    page()
    desk.edition = 2
    _purge()
    desk.die = True
    with pytest.raises(KeyboardInterrupt):
        page()  # took the lock, then died
    desk.die = False

    with time_machine.travel(timedelta(seconds=1)):
        while_locked = page()
    with time_machine.travel(timedelta(seconds=2.5)):
        after_expiry = page()
        then = page()

    assert while_locked["X-Page-Cache"] == "stale"
    assert while_locked.content == b"edition 1"
    assert after_expiry["X-Page-Cache"] == "miss"
    assert after_expiry.content == b"edition 2"
    assert then["X-Page-Cache"] == "hit"
    assert desk.renders == 3


def test_no_copy_is_served_stale_past_the_grace_bound(desk, page, settings):
    settings.NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS = 60  # a renderer stuck
    settings.NEWSROOM_PAGE_CACHE_GRACE_SECONDS = 3
    page()
    desk.edition = 2
    _purge()
    desk.die = True
    with pytest.raises(KeyboardInterrupt):
        page()
    desk.die = False

    with time_machine.travel(timedelta(seconds=2.5)):
        within = page()
    with time_machine.travel(timedelta(seconds=3.5)):
        past = page()

    assert within["X-Page-Cache"] == "stale"
    assert past["X-Page-Cache"] == "miss"
    assert past.content == b"edition 2"


def test_a_correction_reaches_readers_within_5_seconds_with_the_defaults(settings):
    worst = (
        settings.NEWSROOM_PAGE_CACHE_GRACE_SECONDS
        + settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS
    )
    lock = settings.NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS

    # Another process's in-memory copy, then the grace: a second to render in.
    assert worst <= 4
    assert lock < settings.NEWSROOM_PAGE_CACHE_GRACE_SECONDS


def test_each_purge_of_a_page_costs_one_render(desk, page):
    page()
    pagecache.render_stats(reset=True)

    for edition in (2, 3, 4):
        desk.edition = edition
        _purge()
        assert page().content == f"edition {edition}".encode()
        assert page()["X-Page-Cache"] == "hit"

    assert pagecache.render_stats() == {"stale": 3, "rerenders": 3}


def test_an_unpublished_story_is_not_served_stale(
    client, django_capture_on_commit_callbacks
):
    story = ArticleFactory(
        published=True, section=SectionFactory(name="Politics"), headline="Retracted"
    )
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=story)

    assert client.get(url).status_code == 404
    # Whoever comes next, even while a render lock is held, gets no old copy.
    assert client.get(url).status_code == 404


def test_a_publish_shows_on_the_next_request_and_then_from_the_cache(
    client, django_capture_on_commit_callbacks
):
    politics = SectionFactory(name="Politics")
    ArticleFactory(published=True, section=politics, headline="Old news")
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(
            article=ArticleFactory(section=politics, headline="Breaking story")
        )

    first = client.get("/")
    second = client.get("/")

    assert first["X-Page-Cache"] == "miss"
    assert "Breaking story" in first.content.decode()
    assert second["X-Page-Cache"] == "hit"
    assert "Breaking story" in second.content.decode()
