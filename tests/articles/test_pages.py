"""What readers see on the home page, section fronts, story, author and tag pages."""

import re
from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.services import article_publish
from comments.models import CommentPolicy
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db


def _ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def _tree(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _text(element):
    """An element's text as a reader sees it: whitespace collapsed."""
    return " ".join(element.text_content().split())


def _main(response):
    [main] = _tree(response).xpath("//main")
    return main


def _headlines(element):
    """Story headlines in page order: the text of links to stories."""
    return [
        _text(link)
        for link in element.xpath(".//a[@href]")
        if re.search(r"/\d{4}/\d{2}/\d{2}/[\w-]+/$", link.get("href")) and _text(link)
    ]


# ---------------------------------------------------------------- story page


def test_article_page_reads_brand_label_headline_byline_picture_body_comments(
    client, published_article
):
    html = client.get(published_article.get_absolute_url()).content.decode()
    body = html[html.index("<body") :]
    main_at = body.index("<main")
    byline = re.compile(r"By\s*(?:<[^>]*>\s*)*Nadin Bahrom")

    # The brand heads the page; the story's own pieces follow inside <main>.
    assert body.index(settings.NEWSROOM_SITE_NAME) < main_at
    positions = []
    for piece in [
        "Terrorism",
        published_article.headline,
        byline,
        "Khalimov in Syria, May 2016.",
        "YouTube",
        "DUSHANBE --",
        "From Dushanbe to Raqqa",
        "What comes next",
        "Do you like this article?",
        "0 Comment(s)",
    ]:
        if isinstance(piece, re.Pattern):
            found = piece.search(body, main_at)
            positions.append((piece.pattern, found.start() if found else -1))
        else:
            positions.append((piece, body.find(piece, main_at)))
    assert all(at > main_at for _, at in positions), positions
    assert [at for _, at in positions] == sorted({at for _, at in positions})


def test_article_page_has_exactly_one_h1_the_headline(client, published_article):
    tree = _tree(client.get(published_article.get_absolute_url()))

    [h1] = tree.xpath("//h1")
    assert _text(h1) == published_article.headline


@pytest.mark.parametrize("page", ["home", "section", "author", "tag"])
def test_every_listing_page_has_exactly_one_h1(client, published_article, page):
    url = {
        "home": reverse("articles:home"),
        "section": published_article.section.get_absolute_url(),
        "author": published_article.ordered_authors[0].get_absolute_url(),
        "tag": published_article.tags.first().get_absolute_url(),
    }[page]

    assert len(_tree(client.get(url)).xpath("//h1")) == 1


def test_article_page_uses_the_images_own_caption_when_the_story_has_none(client):
    article = ArticleFactory(
        published=True,
        lead_image=ImageFactory(
            caption="Police on Rudaki Avenue.", credit="Photo: Asia-Plus"
        ),
    )

    main = _main(client.get(article.get_absolute_url()))

    [figure] = main.xpath(".//figure[.//img]")
    assert "Police on Rudaki Avenue." in _text(figure)
    assert "Photo: Asia-Plus" in _text(figure)


def test_byline_names_two_authors_in_their_order(client):
    article = ArticleFactory(
        published=True,
        authors=[AuthorFactory(name="Zarina Ergasheva"), AuthorFactory(name="Ali K")],
    )

    main = _main(client.get(article.get_absolute_url()))

    assert "By Zarina Ergasheva and Ali K" in _text(main)


def test_byline_links_each_author_to_their_page(client, published_article):
    main = _main(client.get(published_article.get_absolute_url()))

    [author] = published_article.ordered_authors
    assert main.xpath(f'.//a[@href="{author.get_absolute_url()}"]')


def test_lead_image_is_served_responsively_with_its_size(client, published_article):
    main = _main(client.get(published_article.get_absolute_url()))

    [img] = main.xpath(".//figure//img")
    assert img.get("srcset")
    assert int(img.get("width")) > 0
    assert int(img.get("height")) > 0
    assert img.get("alt") == published_article.lead_image.alt_text


# ----------------------------------------------------------------- home page


def test_home_page_leads_with_the_newest_story_then_sections(client):
    politics = SectionFactory(name="Politics", position=1)
    terrorism = SectionFactory(name="Terrorism", position=2)
    for n in range(3):
        for section, minutes in [(politics, 600), (terrorism, 700)]:
            ArticleFactory(
                headline=f"{section.name} archive {n}",
                section=section,
                published=True,
                publish_at=_ago(minutes + n),
            )
    for n in range(5):
        ArticleFactory(
            headline=f"Front story {n}",
            section=politics,
            published=True,
            publish_at=_ago(10 + n),
        )

    main = _main(client.get(reverse("articles:home")))

    headlines = _headlines(main)
    assert headlines[0] == "Front story 0"
    assert headlines.index("Front story 4") < headlines.index("Politics archive 0")
    # Each section's block follows its heading, in navigation order.
    text = _text(main)
    assert (
        text.index("Politics")
        < text.index("Politics archive 0")
        < text.index("Politics archive 2")
        < text.index("Terrorism")
        < text.index("Terrorism archive 0")
    )


def test_home_page_without_stories_still_loads(client):
    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert settings.NEWSROOM_SITE_NAME in response.content.decode()


# ------------------------------------------------- section, author, tag pages


def test_section_front_lists_its_stories_newest_first_a_page_at_a_time(
    client, settings
):
    settings.NEWSROOM_PAGE_SIZE = 3
    section = SectionFactory(name="Terrorism")
    for n in range(5):
        ArticleFactory(
            headline=f"Terrorism story {n}",
            section=section,
            published=True,
            publish_at=_ago(n),
        )
    ArticleFactory(headline="Cotton harvest falls short", published=True)

    first = _main(client.get(section.get_absolute_url()))
    second = _main(client.get(section.get_absolute_url(), {"page": 2}))

    assert _headlines(first) == [f"Terrorism story {n}" for n in range(3)]
    assert first.xpath('.//a[contains(@href, "page=2")]')
    assert _headlines(second) == ["Terrorism story 3", "Terrorism story 4"]
    assert "Cotton harvest falls short" not in _text(first) + _text(second)


def test_a_list_page_gives_its_number_but_no_total(client, settings):
    # A list is never counted (a section can hold 200,000 stories).
    settings.NEWSROOM_PAGE_SIZE = 1
    section = SectionFactory(name="Terrorism")
    for n in range(2):
        ArticleFactory(section=section, published=True, publish_at=_ago(n))

    [pages] = _main(client.get(section.get_absolute_url())).xpath(
        './/nav[@class="pagination"]'
    )

    assert "Page 1" in _text(pages)
    assert "Page 1 of" not in _text(pages)


def test_author_page_lists_the_stories_they_wrote(client):
    nadin = AuthorFactory(name="Nadin Bahrom")
    ArticleFactory(
        headline="Recruiters target migrant workers",
        authors=[AuthorFactory(name="Aziz Sattorov"), nadin],
        published=True,
    )
    ArticleFactory(headline="Khalimov reported killed", authors=[nadin], published=True)
    ArticleFactory(headline="Cotton harvest falls short", published=True)

    main = _main(client.get(nadin.get_absolute_url()))

    assert "Nadin Bahrom" in _text(main)
    assert sorted(_headlines(main)) == [
        "Khalimov reported killed",
        "Recruiters target migrant workers",
    ]


def test_tag_page_lists_the_stories_that_carry_it(client):
    tajikistan = TagFactory(name="Tajikistan")
    ArticleFactory(headline="Border talks resume", tags=[tajikistan], published=True)
    ArticleFactory(headline="Cotton harvest falls short", published=True)

    main = _main(client.get(tajikistan.get_absolute_url()))

    assert "Tajikistan" in _text(main)
    assert _headlines(main) == ["Border talks resume"]


# ------------------------------------------------- page numbers in the address

# Each of these made a server error once: "²".isdigit() is true but int("²")
# fails, and a number past 64 bits overflows the database's OFFSET.
NOT_PAGE_NUMBERS = ["²", "٣", "abc", "0", "-1", "+2", " 2", "2_0", "9" * 30]
TOO_FAR = ["9223372036854775807", "1000001"]


def _listing(article, page):
    return {
        "section": article.section.get_absolute_url(),
        "author": article.ordered_authors[0].get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
    }[page]


@pytest.mark.parametrize("number", NOT_PAGE_NUMBERS + TOO_FAR)
@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_a_list_asked_for_a_page_that_is_not_one_answers_not_found(
    client, published_article, page, number
):
    response = client.get(_listing(published_article, page), {"page": number})

    assert response.status_code == 404
    assert settings.NEWSROOM_SITE_NAME in response.content.decode()


@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_a_page_past_the_end_of_a_list_is_not_found(client, published_article, page):
    url = _listing(published_article, page)

    assert client.get(url, {"page": "1"}).status_code == 200
    assert client.get(url, {"page": "01"}).status_code == 200
    assert client.get(url, {"page": "2"}).status_code == 404


@pytest.mark.parametrize("number", NOT_PAGE_NUMBERS + TOO_FAR)
def test_pages_without_pages_ignore_an_odd_page_number(
    client, published_article, number
):
    """The home page and the comment policy show themselves; a missing page
    is still a 404 page. The canonical address leaves the number out."""
    CommentPolicy.objects.update_or_create(
        pk=1, defaults={"title": "Comment policy", "body": "<p>Be kind.</p>"}
    )

    home = client.get(reverse("articles:home"), {"page": number})
    policy = client.get(reverse("comments:policy"), {"page": number})
    missing = client.get("/no-such-page/", {"page": number})

    assert home.status_code == 200
    assert policy.status_code == 200
    assert missing.status_code == 404
    [canonical] = _tree(home).xpath('//link[@rel="canonical"]/@href')
    assert canonical == "http://testserver/"


# ------------------------------------------------------------- query counts


def _build_newsroom(scale):
    """``scale`` times the stories, authors and tags; each story with a lead
    image, two authors and two tags, one of each shared by every story."""
    staff = AuthorFactory(name="Staff Writer")
    running = TagFactory(name="Running")
    sections = [SectionFactory() for _ in range(2 * scale)]
    for section in sections:
        for _ in range(4 * scale):
            ArticleFactory(
                section=section,
                published=True,
                lead_image=ImageFactory(file=jpeg_upload(320, 180)),
                authors=[staff, AuthorFactory()],
                tags=[running, TagFactory()],
            )
    story = ArticleFactory(
        section=sections[0],
        published=True,
        lead_image=ImageFactory(file=jpeg_upload(320, 180)),
        authors=[staff, *AuthorFactory.create_batch(2 * scale - 1)],
        tags=[running, *TagFactory.create_batch(2 * scale - 1)],
    )
    return {
        "home": reverse("articles:home"),
        "section": sections[0].get_absolute_url(),
        "article": story.get_absolute_url(),
        "author": staff.get_absolute_url(),
        "tag": running.get_absolute_url(),
    }


# Measured, and the same whatever the number of stories, authors and tags:
# navigation, the page's own rows (with a count where it paginates), then
# bylines with authors, lead-image renditions and, on a story, its tags.
# The home page reads "Most read" in one query; the article page its approved
# comments in one, and related stories in one or two. Storing a page in the
# page cache asks when the next scheduled story is due: one more.
MAX_QUERIES = {"home": 7, "section": 7, "article": 9, "author": 7, "tag": 7}


@pytest.mark.parametrize("scale", [1, 3])
@pytest.mark.parametrize("page", MAX_QUERIES.keys())
def test_page_query_count_does_not_grow_with_content(
    client, django_assert_max_num_queries, page, scale
):
    url = _build_newsroom(scale)[page]

    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


def _card_headlines(response):
    return re.findall(
        r'class="card__headline"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_deep_pages_of_a_tag_start_where_the_last_one_ended_without_skipping_rows(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_SIZE = 3
    label = TagFactory(name="Floods", slug="floods")
    section = SectionFactory(name="Society")
    for n in range(10):
        ArticleFactory(
            published=True, section=section, tags=[label], headline=f"Flood report {n}"
        )
    ArticleFactory(published=True, section=section, headline="Untagged")
    pages = []
    for number in (1, 2, 3, 4):
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(f"/tag/floods/?page={number}")
        pages.append(_card_headlines(response))
        if number > 1:  # reached from the page before: no rows skipped
            assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)

    listed = [headline for page in pages for headline in page]
    assert listed == [f"Flood report {n}" for n in range(9, -1, -1)]
    assert admin_client.get("/tag/floods/?page=5").status_code == 404

    # A page reached directly skips rows once, and lists the same stories.
    cache.clear()
    assert _card_headlines(admin_client.get("/tag/floods/?page=3")) == pages[2]


def test_a_new_story_restarts_the_pages_of_its_tag(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_SIZE = 2
    label = TagFactory(name="Floods", slug="floods")
    section = SectionFactory(name="Society")
    for n in range(4):
        ArticleFactory(
            published=True, section=section, tags=[label], headline=f"Flood report {n}"
        )
    client.get("/tag/floods/")  # keeps where page 2 starts
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(
            article=ArticleFactory(section=section, tags=[label], headline="Fresh")
        )

    assert _card_headlines(client.get("/tag/floods/")) == ["Fresh", "Flood report 3"]
    assert _card_headlines(client.get("/tag/floods/?page=2")) == [
        "Flood report 2",
        "Flood report 1",
    ]
