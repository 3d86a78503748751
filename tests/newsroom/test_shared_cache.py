"""Two app processes sharing PostgreSQL and Redis see each other's purges."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.services import article_publish
from deploy.local import free_port, stop_process, wait_for
from tests.factories import ArticleFactory, SectionFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not settings.REDIS_URL,
    reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
)


@pytest.fixture
def other_process(transactional_db):
    """A gunicorn serving this test's database and cache: the second app process."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "0",
    }
    server = subprocess.Popen(  # noqa: S603 - our own server, our arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/robots.txt", seconds=30)
    yield base
    stop_process(server, timeout=10)


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_a_publish_in_one_process_reaches_readers_of_the_other_within_5_seconds(
    other_process,
):
    politics = SectionFactory(name="Politics")
    ArticleFactory(published=True, section=politics, headline="Yesterday's news")
    _get(f"{other_process}/section/politics/")
    state, page = _get(f"{other_process}/section/politics/")
    assert state == "hit"
    assert "Breaking: parliament dissolved" not in page

    article_publish(
        article=ArticleFactory(
            section=politics, headline="Breaking: parliament dissolved"
        )
    )
    published_at = time.monotonic()

    while time.monotonic() - published_at < 5:
        state, page = _get(f"{other_process}/section/politics/")
        if "Breaking: parliament dissolved" in page:
            break
        time.sleep(0.1)
    assert "Breaking: parliament dissolved" in page
    assert state == "miss"
