"""The benchmarks' data: bench/data.py fills the tables the migrations made.

Its INSERTs name the columns themselves, so a new NOT NULL column with no
default in the database breaks every benchmark on a fresh database (spike,
search, render) while the suite stays green. This fills a few stories the way
the benchmarks fill a million, and reads them back as readers would.
"""

import pytest
from django.db import connection

from articles.models import Article, Tag
from articles.search import search_stories
from bench.data import fill, fill_filing

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="bench/data.py fills PostgreSQL"
    ),
    # VACUUM cannot run inside the test's transaction.
    pytest.mark.django_db(transaction=True),
]


def test_the_benchmark_fill_gives_stories_readers_can_find(client):
    with connection.cursor() as cursor:
        fill(30, cursor, log=lambda message: None)
        fill_filing(cursor, log=lambda message: None)

    assert Article.objects.published().filter(language="en").count() == 21
    assert Article.objects.published().filter(language="ru").count() == 9
    story = Article.objects.published().filter(language="en").latest().first()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.headline in response.content.decode()

    tag = story.tags.order_by("pk").first()
    response = client.get(f"/tag/{tag.slug}/")
    assert story.headline in response.content.decode()
    assert Tag.objects.count() > 0

    found = search_stories(query="террористы", language="ru")
    assert found.page.count > 0
