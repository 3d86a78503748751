from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from articles import cards
from articles.site import site_settings
from newsroom import pagecache
from tests.factories import (
    MODEL_STORY,
    MODEL_STORY_PICTURE,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Tests make users by the hundred: hash their passwords cheaply (PBKDF2
    takes a third of a second a password, by design)."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast):
        yield


@pytest.fixture(scope="session", autouse=True)
def _redis_database_of_this_worker(request):
    """Under pytest-xdist each worker empties the cache between tests, and
    Redis empties a whole database: give each worker a database of its own."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not (worker and django_settings.REDIS_URL):
        yield
        return
    parts = urlsplit(django_settings.REDIS_URL)
    base = int(parts.path.strip("/") or 0)
    number = (base + 1 + int(worker.removeprefix("gw"))) % 16
    url = urlunsplit(parts._replace(path=f"/{number}"))
    caches = {"default": {**django_settings.CACHES["default"], "LOCATION": url}}
    with override_settings(REDIS_URL=url, CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and renditions land in the test's own directory, never in media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters, cached pages and purges waiting for a commit (a
    test's transaction never commits) never leak from one test to the next."""
    pagecache._local.clear()
    pagecache._versions.clear()
    pagecache._pending.__dict__.clear()
    cards._local.clear()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_copy_in_process(settings):
    """Tests that change content and read it back at once mean the shared
    cache; test_pagecache covers the in-process copy on its own."""
    settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = 0


@pytest.fixture
def stop_database(db, monkeypatch):
    """Call it to make the database stop answering, as if its server went
    down: every query from then on fails to connect."""

    def refuse():
        raise OperationalError("connection refused (the test stopped the database)")

    return lambda: monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def database_down(stop_database):
    stop_database()


@pytest.fixture
def cache_down(settings):
    """The shared cache is a Redis that nobody answers (a closed port)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailFastRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on port 9
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


def _staff(username, role=None):
    user = User.objects.create_user(username, f"{username}@newsroom.test", "pw")
    user.is_staff = True
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def writer(db):
    return _staff("wendy", "Writers")


@pytest.fixture
def editor(db):
    return _staff("eddie", "Editors")


@pytest.fixture
def moderator(db):
    return _staff("mona", "Moderators")


@pytest.fixture
def site_settings_cached(db):
    """The site's settings as every page but the first after a cache flush
    finds them: in the cache (articles/site.py), read with no query."""
    site_settings()


@pytest.fixture
def published_article(db):
    """The model story: how a published article in the Terrorism section reads."""
    return ArticleFactory(
        published=True,
        publish_at=timezone.now() - timedelta(hours=2),
        section=SectionFactory(name="Terrorism"),
        authors=[AuthorFactory(name="Nadin Bahrom")],
        tags=[TagFactory(name="Islamic State"), TagFactory(name="Tajikistan")],
        **MODEL_STORY,
        lead_image=ImageFactory(**MODEL_STORY_PICTURE),
        lead_image_caption="Khalimov in Syria, May 2016.",
        lead_image_credit="YouTube",
    )
