"""Editions: each language's pages under its own address, listing only its
stories, naming each story's translations (hreflang, JSON-LD, the switcher,
the sitemaps), cacheable whatever the reader's browser says."""

import json
from functools import cache
from pathlib import Path

import feedparser
import lxml.html
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from lxml import etree

from articles import editions
from articles.models import Article
from articles.previews import preview_url
from articles.services import article_publish, article_unpublish
from comments.models import CommentPolicy
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def _tree(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def _headlines(response):
    return {
        " ".join(link.text_content().split())
        for link in _tree(response).xpath("//main//h2/a | //main//h3/a")
    }


@pytest.fixture
def site():
    """A section, author and tag with a story in each edition, and a story
    told in both languages: the English source and its Russian translation."""
    section = SectionFactory(name="Politics", slug="politics")
    author = AuthorFactory(name="Anna Reporter", slug="anna")
    tag = TagFactory(name="Water", slug="water")
    filing = {"section": section, "authors": [author], "tags": [tag]}
    english = ArticleFactory(
        published=True, headline="Dam talks resume", language="en", **filing
    )
    russian = ArticleFactory(
        published=True,
        headline="Переговоры о плотине возобновились",
        language="ru",
        translation_group=english.translation_group,
        translated_from=english,
        **filing,
    )
    only_english = ArticleFactory(
        published=True, headline="Cotton prices fall", language="en", **filing
    )
    only_russian = ArticleFactory(
        published=True, headline="Цены на хлопок падают", language="ru", **filing
    )
    return {
        "section": section,
        "author": author,
        "tag": tag,
        "english": english,
        "russian": russian,
        "only_english": only_english,
        "only_russian": only_russian,
    }


# ------------------------------------------------------------------- routing


def test_the_default_edition_keeps_its_addresses_and_others_have_a_prefix(site):
    assert site["english"].get_absolute_url().startswith("/politics/")
    assert site["russian"].get_absolute_url().startswith("/ru/politics/")
    with translation.override("ru"):
        assert reverse("articles:home") == "/ru/"
        assert site["section"].get_absolute_url() == "/ru/section/politics/"
        # A story's address is its own edition's, whichever page names it.
        assert site["english"].get_absolute_url().startswith("/politics/")


@pytest.mark.parametrize("page", ["home", "section", "author", "tag"])
def test_russian_pages_list_only_russian_stories_and_say_lang_ru(client, site, page):
    paths = {
        "home": "",
        "section": "section/politics/",
        "author": "author/anna/",
        "tag": "tag/water/",
    }
    russian = client.get(f"/ru/{paths[page]}")
    english = client.get(f"/{paths[page]}")

    assert _headlines(russian) == {
        "Переговоры о плотине возобновились",
        "Цены на хлопок падают",
    }
    assert _headlines(english) == {"Dam talks resume", "Cotton prices fall"}
    assert _tree(russian).get("lang") == "ru"
    assert _tree(russian).get("dir") == "ltr"
    assert russian["Content-Language"] == "ru"
    assert _tree(english).get("lang") == "en"


def test_a_story_under_another_editions_prefix_moves_to_its_own(client, site):
    russian_url = site["russian"].get_absolute_url()
    english_url = site["english"].get_absolute_url()

    assert client.get(russian_url).status_code == 200
    without_prefix = client.get(russian_url.removeprefix("/ru"))
    under_ru = client.get(f"/ru{english_url}")

    assert (without_prefix.status_code, without_prefix["Location"]) == (
        301,
        russian_url,
    )
    assert (under_ru.status_code, under_ru["Location"]) == (301, english_url)


def test_the_story_page_reads_in_its_language(client, site):
    tree = _tree(client.get(site["russian"].get_absolute_url()))

    assert tree.get("lang") == "ru"
    # Its forms post to its own edition, so their errors read in Russian too.
    [form] = tree.xpath("//form[@class='site-search']")
    assert form.get("action") == "/ru/search/"


def test_a_right_to_left_edition_needs_only_its_setting(client, settings):
    settings.LANGUAGES = [("en", "English"), ("fa", "Persian")]

    tree = _tree(client.get("/fa/"))

    assert (tree.get("lang"), tree.get("dir")) == ("fa", "rtl")


def test_search_finds_only_the_editions_stories(client, site):
    russian = client.get("/ru/search/", {"q": "плотине"})
    english = client.get("/search/", {"q": "плотине"})

    tree = _tree(russian)
    found = [" ".join(a.text_content().split()) for a in tree.xpath("//main//h2/a")]
    assert found == ["Переговоры о плотине возобновились"]
    assert not _tree(english).xpath("//li[@class='search-result']")


# ---------------------------------------- the reader's browser changes nothing


def _reader_urls(site):
    CommentPolicy.objects.update_or_create(
        pk=1, defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )
    urls = []
    for prefix in ("", "/ru"):
        urls += [
            f"{prefix}/",
            f"{prefix}/section/politics/",
            f"{prefix}/author/anna/",
            f"{prefix}/tag/water/",
            f"{prefix}/search/?q=dam",
            f"{prefix}/comment-policy/",
            f"{prefix}/rss.xml",
            f"{prefix}/section/politics/rss.xml",
            f"{prefix}/author/anna/rss.xml",
            f"{prefix}/tag/water/rss.xml",
            f"{prefix}/sitemap.xml",
            f"{prefix}/sitemap-news.xml",
            f"{prefix}/sitemap-articles.xml",
            f"{prefix}/sitemap-sections.xml",
            f"{prefix}/sitemap-authors.xml",
            f"{prefix}/no-such-page/",
        ]
    return urls + [
        "/robots.txt",
        site["english"].get_absolute_url(),
        site["russian"].get_absolute_url(),
    ]


def test_no_reader_page_varies_on_the_readers_language_or_cookies(client, site):
    for url in _reader_urls(site):
        plain = client.get(url)
        # A Russian browser with Django's language cookie set to Russian.
        client.cookies["django_language"] = "ru"
        asking = client.get(url, headers={"accept-language": "ru,en;q=0.5"})
        del client.cookies["django_language"]

        assert plain.status_code in (200, 404), url
        vary = plain.get("Vary", "").lower()
        assert "accept-language" not in vary, url
        assert "cookie" not in vary, url
        assert asking.content == plain.content, url
        expected = "ru" if url.startswith("/ru/") else "en"
        assert plain["Content-Language"] == expected, url


def test_the_admin_follows_the_editors_language(client):
    login = reverse("admin:login")

    russian = client.get(login, headers={"accept-language": "ru"})
    english = client.get(login, headers={"accept-language": "en"})

    assert russian["Content-Language"] == "ru"
    assert "Accept-Language" in russian["Vary"]
    assert "Имя пользователя" in russian.content.decode()
    assert english["Content-Language"] == "en"


# ------------------------------------------ translations name each other


def _alternates(response):
    return {
        link.get("hreflang"): link.get("href")
        for link in _tree(response).xpath("//head/link[@rel='alternate'][@hreflang]")
    }


def test_a_story_and_its_translation_name_each_other_with_hreflang(client, site):
    english_url = f"http://testserver{site['english'].get_absolute_url()}"
    russian_url = f"http://testserver{site['russian'].get_absolute_url()}"
    expected = {"en": english_url, "ru": russian_url, "x-default": english_url}

    assert _alternates(client.get(site["english"].get_absolute_url())) == expected
    assert _alternates(client.get(site["russian"].get_absolute_url())) == expected


def test_a_story_in_one_language_names_no_alternates(client, site):
    response = client.get(site["only_russian"].get_absolute_url())

    assert _alternates(response) == {}


def test_an_unpublished_translation_is_not_named(client, site):
    article_unpublish(article=site["russian"])

    assert _alternates(client.get(site["english"].get_absolute_url())) == {}


def test_x_default_is_the_default_editions_story_else_the_source():
    source = Article(pk=1, language="ru", translated_from_id=None)
    kazakh = Article(pk=2, language="kk", translated_from_id=1)
    english = Article(pk=3, language="en", translated_from_id=1)

    assert editions.x_default([source, kazakh, english]) is english
    assert editions.x_default([kazakh, source]) is source


def test_pages_every_edition_has_name_each_editions_version(client, site):
    assert _alternates(client.get("/ru/section/politics/")) == {
        "en": "http://testserver/section/politics/",
        "ru": "http://testserver/ru/section/politics/",
        "x-default": "http://testserver/section/politics/",
    }
    missing = client.get("/ru/section/no-such-section/")
    assert missing.status_code == 404
    head = lxml.html.fromstring(missing.content.decode()).find("head")
    assert not head.xpath("link[@hreflang]")


def _switcher(response):
    [nav] = _tree(response).xpath("//nav[@class='editions']")
    assert nav.get("aria-label")
    return {
        link.get("hreflang"): (link.get("href"), link.get("lang"), link.text)
        for link in nav.xpath(".//a")
    }


def test_the_switcher_goes_to_the_translation_or_the_editions_home(client, site):
    on_story = _switcher(client.get(site["english"].get_absolute_url()))
    on_translation = _switcher(client.get(site["russian"].get_absolute_url()))
    alone = _switcher(client.get(site["only_english"].get_absolute_url()))

    assert on_story["ru"] == (site["russian"].get_absolute_url(), "ru", "Русский")
    assert on_translation["en"][0] == site["english"].get_absolute_url()
    assert alone["ru"][0] == "/ru/"


def test_the_switcher_keeps_the_same_page_in_the_other_edition(client, site):
    assert _switcher(client.get("/section/politics/"))["ru"][0] == (
        "/ru/section/politics/"
    )
    assert _switcher(client.get("/ru/author/anna/"))["en"][0] == "/author/anna/"
    assert _switcher(client.get("/ru/tag/water/"))["en"][0] == "/tag/water/"
    assert _switcher(client.get("/"))["ru"][0] == "/ru/"


def _json_ld(response):
    [script] = _tree(response).xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_json_ld_gives_the_language_and_links_the_translations(client, site):
    english = _json_ld(client.get(site["english"].get_absolute_url()))
    russian = _json_ld(client.get(site["russian"].get_absolute_url()))

    assert english["inLanguage"] == "en"
    assert russian["inLanguage"] == "ru"
    assert russian["translationOfWork"]["url"] == (
        f"http://testserver{site['english'].get_absolute_url()}"
    )
    assert russian["translationOfWork"]["inLanguage"] == "en"
    assert [work["inLanguage"] for work in english["workTranslation"]] == ["ru"]
    assert "translationOfWork" not in english


def test_a_russian_preview_reads_in_russian(client, site):
    draft = ArticleFactory(language="ru", headline="Черновик", section=site["section"])
    with translation.override("en"):  # an English-speaking editor's link
        response = client.get(preview_url(article=draft))

    assert _tree(response).get("lang") == "ru"


# --------------------------------------------------- feeds and sitemaps


def test_each_editions_feed_parses_and_lists_its_own_stories(client, site):
    for prefix, language, headlines in (
        ("", "en", {"Dam talks resume", "Cotton prices fall"}),
        (
            "/ru",
            "ru",
            {"Переговоры о плотине возобновились", "Цены на хлопок падают"},
        ),
    ):
        for path in ("/rss.xml", "/section/politics/rss.xml", "/tag/water/rss.xml"):
            parsed = feedparser.parse(client.get(f"{prefix}{path}").content)
            assert not parsed.bozo, (prefix, path, parsed.get("bozo_exception"))
            assert parsed.feed.language == language
            assert parsed.feed.link == f"http://testserver{prefix}/" or path != (
                "/rss.xml"
            )
            assert {entry.title for entry in parsed.entries} == headlines


@cache
def _schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _xml(client, url, schema):
    response = client.get(url)
    assert response.status_code == 200, url
    document = etree.fromstring(response.content)
    _schema(schema).assertValid(document)
    return document


def test_each_editions_sitemaps_validate_and_carry_the_alternates(client, site):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/ru/sitemap.xml" in robots
    assert "Sitemap: http://testserver/ru/sitemap-news.xml" in robots
    assert client.get("/ru/robots.txt").status_code == 404

    english_url = f"http://testserver{site['english'].get_absolute_url()}"
    russian_url = f"http://testserver{site['russian'].get_absolute_url()}"
    for prefix, listed in (
        ("", {site["english"], site["only_english"]}),
        ("/ru", {site["russian"], site["only_russian"]}),
    ):
        index = _xml(client, f"{prefix}/sitemap.xml", "siteindex.xsd")
        pages = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
        assert f"http://testserver{prefix}/sitemap-articles.xml" in pages
        urls = {}
        for page in pages:
            document = _xml(client, page, "sitemap-xhtml.xsd")
            for url in document.xpath("//sm:url", namespaces=NS):
                urls[url.findtext("sm:loc", namespaces=NS)] = {
                    link.get("hreflang"): link.get("href")
                    for link in url.xpath("xhtml:link", namespaces=NS)
                }
        stories = {url: links for url, links in urls.items() if "/20" in url}
        assert set(stories) == {
            f"http://testserver{story.get_absolute_url()}" for story in listed
        }
        translated = english_url if prefix == "" else russian_url
        assert stories[translated] == {
            "en": english_url,
            "ru": russian_url,
            "x-default": english_url,
        }
        news = _xml(client, f"{prefix}/sitemap-news.xml", "sitemap-news.xsd")
        languages = news.xpath("//news:language/text()", namespaces=NS)
        assert languages == [prefix.strip("/") or "en"] * len(listed)


# ------------------------------------------------------------- page cache


def test_publishing_a_translation_purges_its_groups_pages_and_not_the_other_edition(
    client, site, django_capture_on_commit_callbacks
):
    english_story = site["english"].get_absolute_url()
    kazakh_home_stays = "/"
    draft = ArticleFactory(
        language="ru",
        headline="Новая история",
        section=site["section"],
        translation_group=site["only_english"].translation_group,
        translated_from=site["only_english"],
    )
    alone = site["only_english"].get_absolute_url()
    for url in ("/ru/", alone, english_story, kazakh_home_stays):
        assert client.get(url)["X-Page-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=draft)

    story = client.get(alone)
    assert story["X-Page-Cache"] == "miss"
    assert _alternates(story)["ru"].endswith(draft.get_absolute_url())
    assert client.get("/ru/")["X-Page-Cache"] == "miss"
    # The English edition's home and an unrelated story keep their copies.
    assert client.get(kazakh_home_stays)["X-Page-Cache"] == "hit"
    assert client.get(english_story)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=draft)

    story = client.get(alone)
    assert story["X-Page-Cache"] == "miss"
    assert _alternates(story) == {}


def test_the_editions_pages_are_cached_apart(client, site):
    assert client.get("/")["X-Page-Cache"] == "miss"
    russian = client.get("/ru/")

    assert russian["X-Page-Cache"] == "miss"
    assert _tree(russian).get("lang") == "ru"


# ---------------------------------------------------------- query budgets


def _russian_newsroom(scale):
    """As tests/articles/test_pages.py builds it, in the Russian edition, the
    story with an English translation (its page names it)."""
    from tests.articles.test_pages import _build_newsroom

    _build_newsroom(scale)
    Article.objects.update(language="ru")
    story = Article.objects.order_by("-pk").first()
    ArticleFactory(
        published=True,
        language="en",
        section=story.section,
        translation_group=story.translation_group,
        translated_from=story,
    )
    staff = story.authors.get(name="Staff Writer")
    running = story.tags.get(name="Running")
    with translation.override("ru"):
        return {
            "home": reverse("articles:home"),
            "section": story.section.get_absolute_url(),
            "article": story.get_absolute_url(),
            "author": staff.get_absolute_url(),
            "tag": running.get_absolute_url(),
        }


@pytest.mark.parametrize("scale", [1, 3])
@pytest.mark.parametrize("page", ["home", "section", "article", "author", "tag"])
def test_edition_pages_keep_the_query_budgets(
    client, site_settings_cached, django_assert_max_num_queries, page, scale
):
    from tests.articles.test_pages import MAX_QUERIES

    url = _russian_newsroom(scale)[page]
    assert url.startswith("/ru/")

    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


# ------------------------------------------------------- search per language


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_russian_search_finds_other_forms_of_a_word(client):
    section = SectionFactory()
    ArticleFactory(
        published=True,
        language="ru",
        section=section,
        headline="Суд вынес приговор",
        body="<p>Вербовщиков террористов приговорили к срокам.</p>",
    )
    ArticleFactory(
        published=True,
        section=section,
        headline="Court rules",
        body="<p>The terrorists were recruited online.</p>",
    )

    russian = _tree(client.get("/ru/search/", {"q": "террористы"}))
    english = _tree(client.get("/search/", {"q": "terrorist"}))

    assert [
        " ".join(a.text_content().split()) for a in russian.xpath("//main//h2/a")
    ] == ["Суд вынес приговор"]
    assert [
        " ".join(a.text_content().split()) for a in english.xpath("//main//h2/a")
    ] == ["Court rules"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_each_storys_vector_is_in_its_own_languages_configuration():
    story = ArticleFactory(language="ru", body="<p>террористов</p>")

    vector = Article.objects.values_list("search_vector", flat=True).get(pk=story.pk)

    assert "террорист" in vector
    assert settings.NEWSROOM_SEARCH_CONFIGS == {"en": "english", "ru": "russian"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_story_is_found_by_its_tags_names_in_its_own_language(client):
    valley = TagFactory(name="Fergana Valley")
    valley.name_ru = "Ферганская долина"
    valley.save()
    border = TagFactory(name="Border crossings")  # not translated: English it stays
    section = SectionFactory()
    russian = ArticleFactory(
        published=True, language="ru", section=section, headline="Новости"
    )
    english = ArticleFactory(published=True, section=section, headline="News")
    russian.tags.add(valley, border)
    english.tags.add(valley)

    def found(prefix, query):
        tree = _tree(client.get(f"{prefix}/search/", {"q": query}))
        return [" ".join(a.text_content().split()) for a in tree.xpath("//main//h2/a")]

    assert found("/ru", "ферганской долины") == ["Новости"]
    assert found("/ru", "fergana") == []
    assert found("/ru", "border") == ["Новости"]
    assert found("", "fergana") == ["News"]


# ------------------------------------------ most read and related stories


def test_most_read_and_related_stories_stay_in_the_edition(client, site):
    for story in (site["english"], site["only_english"], site["only_russian"]):
        Client(REMOTE_ADDR="198.51.100.7").post(
            reverse("discovery:read", args=[story.pk])
        )

    home = _tree(client.get("/ru/"))
    story = _tree(client.get(site["russian"].get_absolute_url()))

    most_read = home.xpath("//section[@class='most-read']//li/a")
    assert [" ".join(a.text_content().split()) for a in most_read] == [
        "Цены на хлопок падают"
    ]
    related = story.xpath("//aside[@class='related']//li/a")
    assert [" ".join(a.text_content().split()) for a in related] == [
        "Цены на хлопок падают"
    ]
