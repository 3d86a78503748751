"""Story cards and the navigation come from the fragment cache, and never stale."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles import cards
from articles.models import Correction
from articles.services import article_publish, article_save, corrections_added
from newsroom.pagecache import purge_for
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

CARD = "includes/_story_card.html"


@pytest.fixture
def story():
    return ArticleFactory(
        published=True,
        section=SectionFactory(name="Politics"),
        headline="Parliament sits late",
        authors=[AuthorFactory(name="Dana Writer", slug="dana-writer")],
        tags=[TagFactory(name="Elections", slug="elections")],
    )


PAGES = ("/", "/section/politics/", "/tag/elections/", "/author/dana-writer/")


def _cards_rendered(response):
    return sum(1 for template in response.templates if template.name == CARD)


def test_a_changed_headline_shows_on_every_page_at_once(
    client, admin_client, story, django_capture_on_commit_callbacks
):
    for url in PAGES:
        assert "Parliament sits late" in client.get(url).content.decode(), url

    story.headline = "Parliament dissolved"
    with django_capture_on_commit_callbacks(execute=True):
        saved = article_save(article=story, by=None)
        assert saved.working_copy_made  # readers see it once published
        article_publish(article=story)

    for url in PAGES:
        page = client.get(url).content.decode()
        assert "Parliament dissolved" in page, url
        assert ">Parliament sits late</a>" not in page, url
    # Rendered again (no page cache: a session), every card is a fragment hit.
    for url in PAGES:
        again = admin_client.get(url)
        assert "Parliament dissolved" in again.content.decode(), url
        assert _cards_rendered(again) == 0, url


def test_a_card_is_rendered_once_per_version_and_variant(admin_client, story):
    first = admin_client.get("/tag/elections/")
    same_card = admin_client.get("/author/dana-writer/")

    assert _cards_rendered(first) == 1
    assert _cards_rendered(same_card) == 0  # the same variant: a hit
    assert ">Parliament sits late</a>" in same_card.content.decode()


def test_each_edition_has_cards_of_its_own(story):
    with translation.override("ru"):
        key_ru = cards.card_key(story, ("h2", 0, 0, 1))
    with translation.override("en"):
        key_en = cards.card_key(story, ("h2", 0, 0, 1))

    assert key_ru != key_en


def test_renaming_a_section_changes_its_cards_and_navigation(
    client, story, django_capture_on_commit_callbacks
):
    client.get("/")
    assert "Politics" in client.get("/tag/elections/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        story.section.name = "Power"
        story.section.save()
        purge_for(story.section)

    for url in ("/", "/tag/elections/"):
        page = client.get(url).content.decode()
        assert ">Power</a>" in page, url
        assert ">Politics</a>" not in page, url


def test_the_navigation_costs_no_query_once_cached(admin_client, story):
    with CaptureQueriesContext(connection) as first:
        admin_client.get("/tag/elections/")
    with CaptureQueriesContext(connection) as again:
        admin_client.get("/tag/elections/")

    def reads_sections(queries):
        return [q for q in queries if 'FROM "articles_section"' in q["sql"]]

    assert reads_sections(first.captured_queries)
    assert not reads_sections(again.captured_queries)


RELATED = "articles/_related.html"


def _related_headlines(response):
    tree = lxml.html.fromstring(response.content.decode())
    return [link.text_content() for link in tree.xpath("//aside[@class='related']//a")]


def _rendered(response, name):
    return sum(1 for template in response.templates if template.name == name)


@pytest.fixture
def neighbour(story):
    """A story under the same tag, so it is among ``story``'s related ones."""
    return ArticleFactory(
        published=True,
        section=story.section,
        headline="Turnout is low",
        tags=list(story.tags.all()),
    )


def test_related_stories_are_rendered_once_and_survive_a_correction(
    admin_client, story, neighbour, django_capture_on_commit_callbacks
):
    first = admin_client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        correction = Correction.objects.create(article=story, text="A date was wrong.")
        corrections_added(article=story, corrections=[correction], by=None)
    again = admin_client.get(story.get_absolute_url())

    assert _rendered(first, RELATED) == 1
    assert _rendered(again, RELATED) == 0  # the fragment, with no query for it
    assert "A date was wrong." in again.content.decode()
    assert _related_headlines(again) == ["Turnout is low"]


def test_related_stories_follow_an_edit_of_a_story_they_show(
    admin_client, story, neighbour, django_capture_on_commit_callbacks
):
    assert _related_headlines(admin_client.get(story.get_absolute_url())) == [
        "Turnout is low"
    ]

    neighbour.headline = "Turnout is high"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=neighbour, by=None)
        article_publish(article=neighbour)

    assert _related_headlines(admin_client.get(story.get_absolute_url())) == [
        "Turnout is high"
    ]


def test_a_story_published_under_a_shared_tag_joins_the_related_ones(
    admin_client, story, neighbour, django_capture_on_commit_callbacks
):
    admin_client.get(story.get_absolute_url())
    newer = ArticleFactory(
        section=SectionFactory(name="Economy"),
        headline="Ballots run short",
        tags=list(story.tags.all()),
    )

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=newer)

    assert _related_headlines(admin_client.get(story.get_absolute_url())) == [
        "Ballots run short",
        "Turnout is low",
    ]


def test_related_stories_render_while_the_cache_is_down(
    admin_client, story, neighbour, cache_down
):
    response = admin_client.get(story.get_absolute_url())

    assert _related_headlines(response) == ["Turnout is low"]
