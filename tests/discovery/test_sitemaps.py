from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from articles.models import Author, Section
from discovery.sitemaps import ArticleSitemap

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# A count and the latest lastmod for each of the three sitemaps; each page also
# asks the page cache how long to keep it (the next scheduled story).
INDEX_QUERIES = 7
# A count and the page.
PAGE_QUERIES = 3
NEWS_QUERIES = 2
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


@cache
def load_schema(name):
    # Parsed from the file, so the wrapper's relative schemaLocations resolve.
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def fetch_xml(client, url, schema):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    return document


def path_of(url):
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("http", "testserver")
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sitemap_pages(client):
    index = fetch_xml(client, "/sitemap.xml", load_schema("siteindex.xsd"))
    return [
        path_of(loc) for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    ]


def all_entries(client):
    """{path: lastmod} over every page the index names, each page validated."""
    schema = load_schema("sitemap.xsd")
    entries = {}
    for page in sitemap_pages(client):
        for url in fetch_xml(client, page, schema).xpath("//sm:url", namespaces=NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            entries[path_of(loc)] = url.findtext("sm:lastmod", namespaces=NS)
    return entries


def test_index_names_paginated_sitemaps_that_all_validate(
    client, make_story, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    writer = Author.objects.create(name="Ada Writer")
    Author.objects.create(name="Never Published")
    Section.objects.create(name="Empty Section")
    stories = [make_story(authors=[writer]) for _ in range(5)]
    draft = make_story(publish=False, authors=[writer])

    assert sitemap_pages(client) == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
        "/sitemap-sections.xml",
        "/sitemap-authors.xml",
    ]
    entries = all_entries(client)

    assert set(entries) == {
        *(story.get_absolute_url() for story in stories),
        "/section/politics/",
        "/author/ada-writer/",
    }
    assert draft.get_absolute_url() not in entries


def test_index_leaves_out_sitemaps_with_nothing_to_list(client, make_story):
    Author.objects.create(name="Never Published")
    make_story()  # no byline

    assert sitemap_pages(client) == ["/sitemap-articles.xml", "/sitemap-sections.xml"]


def test_lastmod_is_story_update_and_latest_story_for_sections_and_authors(
    client, make_story
):
    writer = Author.objects.create(name="Ada Writer")
    older = make_story(authors=[writer], age=timedelta(days=2))
    newer = make_story(age=timedelta(hours=5))

    entries = all_entries(client)

    def iso(moment):
        return moment.replace(microsecond=0).isoformat()

    assert entries[older.get_absolute_url()] == iso(older.updated_at)
    assert entries["/section/politics/"] == iso(newer.publish_at)
    assert entries["/author/ada-writer/"] == iso(older.publish_at)


def test_scheduled_story_lastmod_is_its_publish_time(client, make_story):
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        story = make_story(age=timedelta(hours=-1))  # due an hour later
    story.refresh_from_db()

    entries = all_entries(client)

    assert (
        entries[story.get_absolute_url()]
        == story.publish_at.replace(microsecond=0).isoformat()
    )


NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def news_entries(client):
    document = fetch_xml(client, "/sitemap-news.xml", load_schema("sitemap-news.xsd"))
    return document.xpath("//sm:url", namespaces=NS)


def test_sitemap_query_counts_do_not_grow_with_items(
    client,
    frozen_clock,
    make_rich_stories,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    for new_stories, total in ((4, 4), (8, 12)):
        # Publishing purges the cached sitemaps once it commits.
        with django_capture_on_commit_callbacks(execute=True):
            make_rich_stories(new_stories)
        with django_assert_max_num_queries(INDEX_QUERIES):
            pages = sitemap_pages(client)
        for page in pages:
            with django_assert_max_num_queries(PAGE_QUERIES):
                assert client.get(page).status_code == 200
        with django_assert_max_num_queries(NEWS_QUERIES):
            assert len(news_entries(client)) == total
        # The stories, their section, and their own authors plus the staff writer.
        assert len(all_entries(client)) == total + 1 + (total + 1)


def test_news_sitemap_holds_exactly_the_last_48_hours(client, frozen_clock, make_story):
    fresh = make_story(headline="Forty-seven hours old", age=timedelta(hours=47))
    make_story(headline="Forty-nine hours old", age=timedelta(hours=49))
    make_story(headline="Draft", publish=False)
    make_story(headline="Scheduled", age=timedelta(hours=-1))

    (url,) = news_entries(client)

    assert url.findtext("sm:loc", namespaces=NS) == (
        f"http://testserver{fresh.get_absolute_url()}"
    )
    news = url.find("news:news", namespaces=NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == (
        "The Newsroom"
    )
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:publication_date", namespaces=NS) == (
        "2025-03-12T13:00:00+00:00"
    )
    assert news.findtext("news:title", namespaces=NS) == "Forty-seven hours old"


def test_news_sitemap_uses_the_site_name_setting(
    client, frozen_clock, make_story, settings
):
    settings.NEWSROOM_SITE_NAME = "Daily <Bugle> & Co"
    make_story()

    (url,) = news_entries(client)

    assert url.findtext(".//news:name", namespaces=NS) == "Daily <Bugle> & Co"


def test_news_sitemap_strips_control_characters(client, frozen_clock, make_story):
    make_story(headline="Head\x0bline\x1f & more")

    (url,) = news_entries(client)

    assert url.findtext(".//news:title", namespaces=NS) == "Headline & more"
