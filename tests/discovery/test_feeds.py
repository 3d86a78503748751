from datetime import UTC, timedelta

import feedparser
import lxml.html
import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Author, Section, Tag
from articles.services import article_unpublish

# Stories, bylines with authors, tags, renditions; plus the section/author/tag.
# One of them asks the page cache how long to keep the feed.
FEED_QUERIES = 6


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def titles(feed):
    return [entry["title"] for entry in feed.entries]


def feed_urls(story):
    section = story.section
    author = story.bylines.first().author
    tag = story.tags.first()
    return [
        reverse("discovery:feed"),
        reverse("discovery:section-feed", kwargs={"slug": section.slug}),
        reverse("discovery:author-feed", kwargs={"slug": author.slug}),
        reverse("discovery:tag-feed", kwargs={"slug": tag.slug}),
    ]


def test_site_feed_lists_published_stories_only_newest_first(client, make_story):
    make_story(headline="Older", age=timedelta(hours=3))
    make_story(headline="Newer", age=timedelta(hours=1))
    make_story(headline="Still a draft", publish=False)
    make_story(headline="Scheduled for tomorrow", age=timedelta(days=-1))
    article_unpublish(article=make_story(headline="Taken down"))

    feed = parse(client, "/rss.xml")

    assert titles(feed) == ["Newer", "Older"]
    assert feed.feed.link == "http://testserver/"


def test_site_feed_holds_the_twenty_newest_stories(client, make_story):
    for hours in range(25):
        make_story(headline=f"{hours} hours old", age=timedelta(hours=hours))

    feed = parse(client, "/rss.xml")

    assert titles(feed) == [f"{hours} hours old" for hours in range(20)]


def test_section_feed_lists_only_that_section(client, make_story):
    world = Section.objects.create(name="World")
    make_story(headline="At home")
    make_story(headline="Abroad", section=world)

    feed = parse(client, "/section/world/rss.xml")

    assert titles(feed) == ["Abroad"]
    assert feed.feed.link == "http://testserver/section/world/"


def test_author_feed_lists_only_their_stories(client, make_story):
    ada, bo = Author.objects.create(name="Ada"), Author.objects.create(name="Bo")
    make_story(headline="By Ada and Bo", authors=[ada, bo])
    make_story(headline="By Bo", authors=[bo])

    assert titles(parse(client, "/author/ada/rss.xml")) == ["By Ada and Bo"]
    assert set(titles(parse(client, "/author/bo/rss.xml"))) == {
        "By Ada and Bo",
        "By Bo",
    }


def test_tag_feed_lists_only_tagged_stories(client, make_story):
    floods = Tag.objects.create(name="Floods")
    make_story(headline="Rivers rise", tags=[floods])
    make_story(headline="Budget passes")

    assert titles(parse(client, "/tag/floods/rss.xml")) == ["Rivers rise"]


@pytest.mark.parametrize(
    ("model", "fields", "url", "title", "description"),
    [
        (
            Section,
            {"name": "World"},
            "/section/world/rss.xml",
            "The Newsroom: World",
            "The latest stories in World.",
        ),
        (
            Section,
            {"name": "World", "description": "News from abroad."},
            "/section/world/rss.xml",
            "The Newsroom: World",
            "News from abroad.",
        ),
        (
            Author,
            {"name": "Ada"},
            "/author/ada/rss.xml",
            "The Newsroom: stories by Ada",
            "The latest stories by Ada.",
        ),
        (
            Tag,
            {"name": "Floods"},
            "/tag/floods/rss.xml",
            "The Newsroom: Floods",
            "The latest stories tagged Floods.",
        ),
    ],
)
def test_a_feed_of_one_section_author_or_tag_is_named_after_it(
    client, db, settings, model, fields, url, title, description
):
    settings.NEWSROOM_SITE_NAME = "The Newsroom"
    model.objects.create(**fields)

    feed = parse(client, url)

    assert (feed.feed.title, feed.feed.description) == (title, description)


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_feed_of_unknown_object_is_not_found(client, db, kind):
    assert client.get(f"/{kind}/nobody/rss.xml").status_code == 404


def test_item_carries_byline_categories_dates_and_lead_image(
    client, make_story, make_image
):
    zara, ali = Author.objects.create(name="Zara"), Author.objects.create(name="Ali")
    story = make_story(
        headline="Q&A: what <the> budget means",
        standfirst="Five questions & answers.",
        authors=[zara, ali],  # byline order, not alphabetical
        tags=[Tag.objects.create(name="Budget"), Tag.objects.create(name="Economy")],
        lead_image=make_image(),
    )
    widest_jpeg = story.lead_image.renditions.get(format="jpeg", width=1200)

    (entry,) = parse(client, "/rss.xml").entries

    assert entry.title == "Q&A: what <the> budget means"
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.summary == "Five questions & answers."
    assert [author.name for author in entry.authors] == ["Zara", "Ali"]
    assert [tag.term for tag in entry.tags] == ["Politics", "Budget", "Economy"]
    assert entry.published_parsed[:6] == story.publish_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == story.updated_at.utctimetuple()[:6]
    (media,) = entry.media_content
    assert media == {
        "url": f"http://testserver{widest_jpeg.file.url}",
        "type": "image/jpeg",
        "medium": "image",
        "width": "1200",
        "height": "675",
        "filesize": str(widest_jpeg.file.size),
    }
    assert entry.media_credit == [{"content": "Photo: A. Photographer"}]


def test_story_without_lead_image_has_no_media(client, make_story):
    make_story()

    (entry,) = parse(client, "/rss.xml").entries

    assert "media_content" not in entry


def test_control_characters_are_stripped_from_every_feed(client, make_story):
    author = Author.objects.create(name="Wire\x1f Desk")
    tag = Tag.objects.create(name="Odd\x0b text")
    story = make_story(
        headline="Head\x0bline with\x1f controls",
        # No NUL: PostgreSQL text cannot hold it, and form fields refuse it.
        standfirst="Stand\x0cfirst\x08 here",
        body="<p>Body\x0b with\x1f controls</p>",
        authors=[author],
        tags=[tag],
    )

    for url in feed_urls(story):
        (entry,) = parse(client, url).entries
        assert entry.title == "Headline with controls"
        assert entry.summary == "Standfirst here"
        assert entry.author == "Wire Desk"
        assert "Odd text" in [category.term for category in entry.tags]


@pytest.mark.parametrize(
    "url",
    [
        "/rss.xml",
        "/section/politics/rss.xml",
        "/author/staff-writer/rss.xml",
        "/tag/running/rss.xml",
    ],
)
def test_feed_query_count_does_not_grow_with_items(
    client,
    site_settings_cached,
    make_rich_stories,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    url,
):
    make_rich_stories(4)
    with django_assert_max_num_queries(FEED_QUERIES):
        assert len(parse(client, url).entries) == 4

    # Publishing purges the cached feeds once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        make_rich_stories(8)
    with django_assert_max_num_queries(FEED_QUERIES):
        assert len(parse(client, url).entries) == 12


def test_an_item_keeps_its_id_when_the_story_moves_to_a_new_address(client, make_story):
    story = make_story(
        headline="Rivers rise",
        authors=[Author.objects.create(name="Ada")],
        tags=[Tag.objects.create(name="Floods")],
    )
    (before,) = parse(client, "/rss.xml").entries

    story.slug = "rivers-rise-in-the-south"
    story.section = Section.objects.create(name="World")
    story.save()
    cache.clear()  # as the purge after an edit would
    (after,) = parse(client, "/rss.xml").entries

    assert after.link != before.link
    assert after.link == f"http://testserver{story.get_absolute_url()}"
    assert after.id == before.id
    created = story.created_at.astimezone(UTC).date().isoformat()
    assert after.id == f"tag:testserver,{created}:story/{story.pk}"
    assert after.guidislink is False
    # The same story is the same item in every feed it appears in.
    for url in feed_urls(story)[1:]:
        (entry,) = parse(client, url).entries
        assert entry.id == before.id


def test_an_items_id_names_the_site_without_its_port(client, make_story, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    story = make_story()

    response = client.get("/rss.xml", headers={"host": "news.example.org:8443"})

    (entry,) = feedparser.parse(response.content).entries
    assert entry.id.startswith("tag:news.example.org,")
    assert entry.id.endswith(f":story/{story.pk}")
    assert b'<guid isPermaLink="false">' in response.content


def test_a_story_without_a_standfirst_is_described_by_its_first_paragraph(
    client, make_story
):
    make_story(
        standfirst="",
        body="<h2>Before the vote</h2><p></p>"
        "<p>Voters in <em>Khujand</em> &amp; Isfara queue from dawn.</p>"
        "<p>Turnout is high.</p>",
    )

    (entry,) = parse(client, "/rss.xml").entries

    assert entry.summary == "Voters in Khujand & Isfara queue from dawn."


def test_a_long_first_paragraph_is_cut_after_a_whole_word(client, make_story):
    words = "The reservoir above Kairakkum fell again this week, " * 10
    make_story(standfirst="", body=f"<p>{words}</p><p>Second paragraph.</p>")

    (entry,) = parse(client, "/rss.xml").entries

    assert len(entry.summary) <= 300
    assert entry.summary.endswith("…")
    assert words.startswith(entry.summary.removesuffix("…"))
    assert words[len(entry.summary) - 1] == " "  # a whole word before the cut


def test_a_story_with_neither_standfirst_nor_body_has_no_description(
    client, make_story
):
    make_story(standfirst="", body="")

    (entry,) = parse(client, "/rss.xml").entries

    assert "summary" not in entry


def test_section_author_and_tag_pages_link_their_own_feeds(client, make_story):
    story = make_story(
        authors=[Author.objects.create(name="Ada Lovelace")],
        tags=[Tag.objects.create(name="Floods")],
    )
    pages = {
        story.section.get_absolute_url(): "The Newsroom: Politics",
        "/author/ada-lovelace/": "The Newsroom: stories by Ada Lovelace",
        "/tag/floods/": "The Newsroom: Floods",
    }

    for page, feed_title in pages.items():
        tree = lxml.html.fromstring(client.get(page).content)
        feed_url = f"{page}rss.xml"
        alternates = tree.xpath(
            "//head/link[@rel='alternate'][@type='application/rss+xml']"
        )
        assert [(link.get("href"), link.get("title")) for link in alternates] == [
            ("/rss.xml", "The Newsroom"),
            (feed_url, feed_title),
        ]
        (visible,) = tree.xpath(f"//main//a[@href='{feed_url}']")
        assert "RSS" in visible.text_content()
        assert parse(client, feed_url).feed.title == feed_title
