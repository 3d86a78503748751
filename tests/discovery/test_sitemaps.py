from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Author, Section
from discovery import selectors
from discovery.sitemaps import ArticleSitemap, AuthorSitemap, story_page_number
from newsroom.pagecache import purge_for

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# The pages of stories with the newest change on each, then for sections and
# for authors the edition's newest (bylined) story and how many rows there
# are; each page also asks the page cache how long to keep it (the next
# scheduled story).
INDEX_QUERIES = 6
# A page of stories reads its range of ids; sections and authors a count and
# the page.
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


def articles_page(number):
    return "/sitemap-articles.xml" + (f"?p={number}" if number > 1 else "")


def test_index_names_paginated_sitemaps_that_all_validate(
    client, make_story, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)  # story ids per page
    writer = Author.objects.create(name="Ada Writer")
    Author.objects.create(name="Never Published")
    Section.objects.create(name="Empty Section")
    stories = [make_story(authors=[writer]) for _ in range(5)]
    draft = make_story(publish=False, authors=[writer])

    pages = sorted({story_page_number(story.pk) for story in stories})
    assert len(pages) == 3
    assert sitemap_pages(client) == [
        *(articles_page(number) for number in pages),
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


def test_a_page_of_drafts_only_is_neither_named_nor_served(
    client, make_story, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    first = make_story()
    # Four ids in a row hold at least one whole page of two.
    drafts = [make_story(publish=False) for _ in range(4)]
    last = make_story()
    published = {story_page_number(first.pk), story_page_number(last.pk)}
    empty = {story_page_number(draft.pk) for draft in drafts} - published

    assert empty
    assert sitemap_pages(client) == [
        articles_page(number) for number in sorted(published)
    ] + ["/sitemap-sections.xml"]
    for number in empty:
        assert client.get(articles_page(number)).status_code == 404
    assert client.get("/sitemap-articles.xml?p=0").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


@pytest.mark.parametrize(
    "number",
    [
        "²",  # "²".isdigit() is true, int("²") fails
        "+1",
        " 1",
        "1_0",
        "-1",
        # Past the page of the largest id a story can have, and that page
        # itself, whose ids end at the largest the database holds.
        "9223372036854775807",
        str(story_page_number(2**63 - 1)),
        "9" * 30,
    ],
)
@pytest.mark.parametrize("sitemap", ["articles", "sections", "authors"])
def test_a_sitemap_page_number_that_is_not_one_is_not_found(
    client, make_story, sitemap, number
):
    make_story(authors=[Author.objects.create(name="Ada Writer")])

    assert client.get(f"/sitemap-{sitemap}.xml").status_code == 200
    assert client.get(f"/sitemap-{sitemap}.xml", {"p": number}).status_code == 404


def test_publishing_a_story_purges_only_the_sitemap_page_it_is_on(
    client, make_story, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    with django_capture_on_commit_callbacks(execute=True):
        oldest = make_story()
        for _ in range(3):
            make_story()
    old_page = articles_page(story_page_number(oldest.pk))
    assert client.get(old_page)["X-Page-Cache"] == "miss"
    assert client.get(old_page)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        new = make_story(headline="Just in")
    new_page = articles_page(story_page_number(new.pk))

    assert new_page != old_page
    assert new_page in sitemap_pages(client)
    assert new.get_absolute_url() in all_entries(client)
    assert client.get(old_page)["X-Page-Cache"] == "hit"


def test_a_deep_page_reads_its_ids_without_skipping_rows(
    client, make_story, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    stories = [make_story() for _ in range(6)]
    last_page = articles_page(story_page_number(stories[-1].pk))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(last_page)

    assert response.status_code == 200
    assert stories[-1].get_absolute_url().encode() in response.content
    assert not any("OFFSET" in query["sql"] for query in queries)


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
    site_settings_cached,
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


def _index_dates(client):
    index = fetch_xml(client, "/sitemap.xml", load_schema("siteindex.xsd"))
    return {
        path_of(entry.findtext("sm:loc", namespaces=NS)): entry.findtext(
            "sm:lastmod", namespaces=NS
        )
        for entry in index.xpath("//sm:sitemap", namespaces=NS)
    }


@pytest.fixture
def old_and_others(make_story, monkeypatch):
    """Sitemap pages of two story ids: a story three days old, then three
    two days old (on 2026-03-01), so the oldest sits on an earlier page."""
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        old = make_story(age=timedelta(days=3))
        others = [make_story(age=timedelta(days=2)) for _ in range(3)]
    return old, others


def test_the_index_keeps_page_dates_and_reads_again_only_what_changed(
    client, make_story, old_and_others, django_capture_on_commit_callbacks
):
    old, others = old_and_others
    before = _index_dates(client)
    pages = sorted({story_page_number(story.pk) for story in [old, *others]})
    assert list(before) == [articles_page(n) for n in pages] + ["/sitemap-sections.xml"]

    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            old.standfirst = "Corrected."
            old.save()
            purge_for(old)
            newest = make_story(age=timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            purge_for(newest)
    after = _index_dates(client)

    changed = story_page_number(old.pk)
    assert after[articles_page(changed)] == "2026-03-02T09:00:00+00:00"
    for number in pages:
        if number not in (changed, story_page_number(newest.pk)):
            assert after[articles_page(number)] == before[articles_page(number)]
    assert articles_page(story_page_number(newest.pk)) in after


def test_index_dates_sections_by_the_newest_story_and_authors_by_the_newest_byline(
    client, make_story
):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        make_story(authors=[Author.objects.create(name="Ada")], age=timedelta(days=2))
        make_story(age=timedelta(hours=5))  # no byline
        make_story(age=timedelta(hours=-1), authors=[Author.objects.get()])  # due
        make_story(publish=False, authors=[Author.objects.get()])

        dates = _index_dates(client)

    assert dates["/sitemap-sections.xml"] == "2026-03-01T07:00:00+00:00"
    assert dates["/sitemap-authors.xml"] == "2026-02-27T12:00:00+00:00"


def test_index_asks_no_section_or_author_whether_it_has_a_story(client, make_story):
    writer = Author.objects.create(name="Ada Writer")
    make_story(authors=[writer])

    with CaptureQueriesContext(connection) as queries:
        assert "/sitemap-authors.xml" in sitemap_pages(client)

    # A subquery per row of these tables costs a walk over the stories each.
    assert not [
        query["sql"]
        for query in queries
        if 'FROM "articles_author"' in query["sql"]
        or 'FROM "articles_section"' in query["sql"]
        if "WHERE" in query["sql"]
    ]


def test_more_authors_than_a_page_holds_are_each_page_dated_by_its_own(
    client, make_story, monkeypatch
):
    monkeypatch.setattr(AuthorSitemap, "limit", 2)
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False):
        for name, days in [("Ann", 5), ("Ben", 4), ("Cy", 1), ("Di", 3), ("Ed", 2)]:
            author = Author.objects.create(name=name)
            make_story(authors=[author], age=timedelta(days=days))
        Author.objects.create(name="Fay")  # never published: on no page

        dates = _index_dates(client)

    assert {page: date for page, date in dates.items() if "authors" in page} == {
        "/sitemap-authors.xml": "2026-02-25T12:00:00+00:00",  # Ann, Ben
        "/sitemap-authors.xml?p=2": "2026-02-28T12:00:00+00:00",  # Cy, Di
        "/sitemap-authors.xml?p=3": "2026-02-27T12:00:00+00:00",  # Ed
    }
    for page in dates:
        assert client.get(page).status_code == 200
    assert client.get("/sitemap-authors.xml?p=4").status_code == 404


def test_a_page_changed_while_the_index_reads_is_read_again_by_the_next(
    client, old_and_others, monkeypatch, django_capture_on_commit_callbacks
):
    old, others = old_and_others
    assert story_page_number(old.pk) < story_page_number(others[-1].pk)
    client.cookies["sessionid"] = "staff"  # the index rendered every time
    _index_dates(client)  # every page's date kept
    read_pages = selectors.sitemap_article_pages

    def read_then_correct(**kwargs):
        # A correction to the oldest story commits, and purges its page, just
        # after the index has read the stories.
        pages = read_pages(**kwargs)
        with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                old.standfirst = "Corrected."
                old.save()
                purge_for(old)
        return pages

    monkeypatch.setattr(selectors, "sitemap_article_pages", read_then_correct)
    _index_dates(client)
    monkeypatch.setattr(selectors, "sitemap_article_pages", read_pages)

    page = articles_page(story_page_number(old.pk))
    assert _index_dates(client)[page] == "2026-03-02T09:00:00+00:00"
