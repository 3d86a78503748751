"""What search engines and social sites read: canonical, Open Graph, JSON-LD."""

import json

import lxml.html
import pytest

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.wsgi import serve

pytestmark = pytest.mark.django_db


def _head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _meta(tree, prop):
    values = tree.xpath(f"//meta[@property='{prop}' or @name='{prop}']/@content")
    assert values, f"{prop} is missing"
    return values


def _json_ld(tree):
    [script] = tree.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_story_page_carries_news_article_json_ld(client, published_article):
    data = _json_ld(_head(client, published_article.get_absolute_url()))

    url = f"http://testserver{published_article.get_absolute_url()}"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == published_article.headline
    assert data["description"] == published_article.standfirst
    assert data["url"] == url
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == published_article.first_published_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert [author["name"] for author in data["author"]] == ["Nadin Bahrom"]
    assert data["author"][0]["url"] == "http://testserver/author/nadin-bahrom/"
    assert data["publisher"]["name"] == "The Newsroom"
    assert data["publisher"]["logo"]["url"].endswith("/static/img/publisher-logo.png")
    assert data["articleSection"] == "Terrorism"
    assert data["dateline"] == "DUSHANBE"
    assert data["keywords"] == ["Islamic State", "Tajikistan"]
    [image] = data["image"]
    assert image["url"].startswith("http://testserver/media/renditions/")
    assert image["url"].endswith(".jpg")
    assert image["caption"] == "Khalimov in Syria, May 2016."
    assert image["creditText"] == "YouTube"


def test_story_page_has_open_graph_and_twitter_tags(client, published_article):
    tree = _head(client, published_article.get_absolute_url())

    url = f"http://testserver{published_article.get_absolute_url()}"
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert _meta(tree, "og:type") == ["article"]
    assert _meta(tree, "og:title") == [published_article.headline]
    assert _meta(tree, "og:url") == [url]
    assert _meta(tree, "og:image")[0].startswith("http://testserver/media/renditions/")
    assert _meta(tree, "og:image:alt") == [published_article.lead_image.alt_text]
    assert _meta(tree, "article:section") == ["Terrorism"]
    assert _meta(tree, "article:tag") == ["Islamic State", "Tajikistan"]
    assert _meta(tree, "twitter:card") == ["summary_large_image"]
    assert _meta(tree, "description")[0].startswith("Gulmurod Khalimov led")


def test_a_headline_cannot_break_out_of_the_json_ld(client):
    story = ArticleFactory(
        published=True, headline="</script><script>alert(1)</script> & more"
    )

    tree = _head(client, story.get_absolute_url())

    assert _json_ld(tree)["headline"] == story.headline
    assert len(tree.xpath("//script[not(@src)]")) == 1


def test_a_story_without_a_picture_shares_the_site_image(client):
    story = ArticleFactory(published=True)

    tree = _head(client, story.get_absolute_url())

    assert _meta(tree, "og:image") == [
        "http://testserver/static/img/social-default.png"
    ]
    assert "image" not in _json_ld(tree)


def test_listing_pages_have_canonical_description_and_open_graph(client):
    section = SectionFactory(name="Economy", description="Money and work.")
    author = AuthorFactory(name="Malika Yusupova", bio="Covers the economy.")
    ArticleFactory(published=True, section=section, authors=[author])

    for url, title, description in [
        ("/", "The Newsroom", "Independent reporting from Central Asia"),
        ("/section/economy/", "Economy", "Money and work."),
        ("/author/malika-yusupova/", "Malika Yusupova", "Covers the economy."),
    ]:
        tree = _head(client, f"{url}?utm_source=x")
        assert tree.xpath("//link[@rel='canonical']/@href") == [
            f"http://testserver{url}"
        ]
        assert _meta(tree, "og:title") == [title]
        assert _meta(tree, "og:description") == [description]
        assert _meta(tree, "description") == [description]


def test_the_canonical_address_of_a_later_page_keeps_its_number(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    section = SectionFactory(name="Economy")
    ArticleFactory.create_batch(2, published=True, section=section)

    tree = _head(client, "/section/economy/?page=2&utm_medium=social")

    assert tree.xpath("//link[@rel='canonical']/@href") == [
        "http://testserver/section/economy/?page=2"
    ]


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        # urlsplit() took these for a site's address: "[" for a broken one.
        (b"//[", "http://testserver/%2F["),
        (b"//news.example.org/x", "http://testserver/%2Fnews.example.org/x"),
    ],
)
def test_the_canonical_address_of_a_missing_page_stays_on_this_site(path, canonical):
    status, content = serve("GET", path)

    assert status == 404
    tree = lxml.html.fromstring(content.decode())
    assert tree.xpath("//link[@rel='canonical']/@href") == [canonical]


def test_a_story_without_a_standfirst_is_described_by_its_first_paragraph(client):
    story = ArticleFactory(
        published=True,
        standfirst="",
        dateline="Khujand",
        body="<p>Households in <strong>Khujand</strong> will get water for four "
        "hours a day &amp; no more, the city said on Monday.</p><p>More later.</p>",
    )
    first = (
        "Households in Khujand will get water for four hours a day & no more, "
        "the city said on Monday."
    )

    tree = _head(client, story.get_absolute_url())

    assert _meta(tree, "description") == [first]
    assert _meta(tree, "og:description") == [first]
    assert _meta(tree, "twitter:description") == [first]
    assert _json_ld(tree)["description"] == first


def test_a_long_description_is_cut_after_a_whole_word(client):
    paragraph = "Talks on the Rogun dam resumed in Dushanbe after a year. " * 6
    story = ArticleFactory(published=True, standfirst="", body=f"<p>{paragraph}</p>")

    tree = _head(client, story.get_absolute_url())

    for prop, limit in [("description", 160), ("og:description", 200)]:
        [value] = _meta(tree, prop)
        assert len(value) <= limit
        assert value.endswith("…")
        assert paragraph.startswith(value.removesuffix("…") + " ")
    assert len(_json_ld(tree)["description"]) <= 300
