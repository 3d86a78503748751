"""Related stories under a story, and "Most read" counted without cookies."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from discovery.models import DailyReads
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _texts(response, xpath):
    tree = lxml.html.fromstring(response.content.decode())
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def test_related_stories_share_tags_first_then_the_section(client):
    politics, economy = SectionFactory(name="Politics"), SectionFactory(name="Economy")
    border, water = TagFactory(name="Border"), TagFactory(name="Water")
    story = ArticleFactory(published=True, section=politics, tags=[border, water])
    both = ArticleFactory(
        published=True, section=economy, headline="Both tags", tags=[border, water]
    )
    one = ArticleFactory(
        published=True, section=economy, headline="One tag", tags=[water]
    )
    same_section = ArticleFactory(
        published=True, section=politics, headline="Same section"
    )
    ArticleFactory(section=politics, headline="A draft", tags=[border])
    ArticleFactory(published=True, section=economy, headline="Unrelated")

    response = client.get(story.get_absolute_url())

    headlines = _texts(response, "//aside[@class='related']//li/a")
    assert headlines == [both.headline, one.headline, same_section.headline]


def test_related_stories_are_drawn_from_each_tags_newest_stories(client, monkeypatch):
    # A tag can be on 100,000 stories; only each tag's newest few compete, so
    # an old story sharing both tags gives way to newer ones sharing one.
    monkeypatch.setattr("articles.selectors.RELATED_CANDIDATES_PER_TAG", 2)
    border, water = TagFactory(name="Border"), TagFactory(name="Water")
    ArticleFactory(published=True, headline="Old, both tags", tags=[border, water])
    story = ArticleFactory(published=True, tags=[border, water])
    newer = [
        ArticleFactory(published=True, headline=f"Newer {n}", tags=[tag])
        for n, tag in enumerate([border, border, water, water])
    ]

    response = client.get(story.get_absolute_url())

    headlines = _texts(response, "//aside[@class='related']//li/a")
    assert sorted(headlines) == sorted(article.headline for article in newer)


def test_a_read_is_counted_once_per_reader_and_feeds_most_read(client):
    popular = ArticleFactory(published=True, headline="Everyone reads this")
    quiet = ArticleFactory(published=True, headline="Few read this")
    url = reverse("discovery:read", args=[popular.pk])

    for n in range(3):
        reader = Client(REMOTE_ADDR=f"198.51.100.{n}")
        assert reader.post(url).status_code == 204
    again = Client(REMOTE_ADDR="198.51.100.0").post(url)
    Client().post(reverse("discovery:read", args=[quiet.pk]))

    assert again.status_code == 204
    assert DailyReads.objects.get(article=popular).count == 3
    home = client.get("/")
    assert _texts(home, "//section[@class='most-read']//li/a") == [
        "Everyone reads this",
        "Few read this",
    ]


def test_the_read_beacon_sets_no_cookie_and_refuses_drafts(client):
    draft = ArticleFactory()
    story = ArticleFactory(published=True)

    counted = client.post(reverse("discovery:read", args=[story.pk]))

    assert not counted.cookies
    assert client.post(reverse("discovery:read", args=[draft.pk])).status_code == 404
    assert client.get(reverse("discovery:read", args=[story.pk])).status_code == 405
