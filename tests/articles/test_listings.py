"""Tag and author listings per edition, read from the tag's and author's own
rows (``FiledStory``): a story joins and leaves them the moment it changes."""

from datetime import timedelta

import lxml.html
import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleTag
from articles.selectors import author_page, related_stories, tag_page
from articles.services import article_save, article_unpublish
from discovery.selectors import feed_stories
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def _listed(article, *, language="en"):
    """Where ``article`` is listed: on its first tag's page, its first
    author's page and its first tag's feed, in the ``language`` edition."""
    tag = article.tags.first()
    author = article.authors.first()
    return {
        "tag page": article
        in tag_page(slug=tag.slug, language=language)[1].object_list,
        "author page": article
        in author_page(slug=author.slug, language=language)[1].object_list,
        "feed": article in feed_stories(language=language, tag=tag),
    }


EVERYWHERE = {"tag page": True, "author page": True, "feed": True}
NOWHERE = {"tag page": False, "author page": False, "feed": False}


@pytest.fixture
def story():
    return ArticleFactory(
        published=True, tags=[TagFactory()], authors=[AuthorFactory()]
    )


def test_a_tagged_and_bylined_story_is_listed(story):
    assert _listed(story) == EVERYWHERE


def test_an_unpublished_story_leaves_its_listings_at_once(story):
    article_unpublish(article=story)

    assert _listed(story) == NOWHERE


def test_a_story_rescheduled_into_the_future_leaves_its_listings(story):
    story = Article.objects.get(pk=story.pk)
    story.publish_at = timezone.now() + timedelta(hours=2)
    article_save(article=story, by=None)

    assert _listed(story) == NOWHERE


def test_a_story_moved_to_another_edition_moves_its_listings(story):
    story = Article.objects.get(pk=story.pk)
    story.language = "ru"
    article_save(article=story, by=None)

    assert _listed(story, language="en") == NOWHERE
    assert _listed(story, language="ru") == EVERYWHERE


def test_stories_moved_in_bulk_move_their_listings(story):
    Article.objects.filter(pk=story.pk).update(language="ru")

    assert _listed(story, language="ru") == EVERYWHERE
    assert set(ArticleTag.objects.values_list("language", flat=True)) == {"ru"}
    assert set(ArticleAuthor.objects.values_list("language", flat=True)) == {"ru"}


def test_a_retagged_and_rebylined_story_moves_between_listings(story):
    old_tag, old_author = story.tags.get(), story.authors.get()
    new_tag, new_author = TagFactory(), AuthorFactory()

    story.tags.set([new_tag])
    story.bylines.all().delete()
    ArticleAuthor.objects.create(article=story, author=new_author)

    assert story not in tag_page(slug=old_tag.slug)[1].object_list
    assert story not in author_page(slug=old_author.slug)[1].object_list
    assert story not in feed_stories(language="en", tag=old_tag)
    assert _listed(story) == EVERYWHERE


def test_a_tag_added_from_the_tags_side_lists_the_story(story):
    tag = TagFactory()
    tag.articles.add(story)

    assert story in tag_page(slug=tag.slug)[1].object_list


def test_the_rows_copy_the_story_and_follow_its_edits():
    story = ArticleFactory(
        published=True, tags=[TagFactory()], authors=[AuthorFactory()]
    )
    story.status = Article.Status.DRAFT
    story.save(update_fields=["status", "updated_at"])

    for link in (ArticleTag, ArticleAuthor):
        assert list(link.objects.values("language", "status", "publish_at")) == [
            {
                "language": "en",
                "status": Article.Status.DRAFT,
                "publish_at": story.publish_at,
            }
        ]


def test_an_expired_story_is_not_listed_though_its_rows_say_published(story):
    Article.objects.filter(pk=story.pk).update(unpublish_at=_ago(1))

    assert _listed(story) == NOWHERE


@pytest.mark.parametrize("listing", ["tag", "author"])
def test_an_editions_listing_pages_newest_first_with_ties(client, settings, listing):
    settings.NEWSROOM_PAGE_SIZE = 2
    cache.clear()
    tag, author = TagFactory(slug="floods"), AuthorFactory(slug="aziz")
    same_time = _ago(30)
    for n in range(5):
        ArticleFactory(
            headline=f"Russian {n}",
            language="ru",
            published=True,
            # Two stories at each moment: ties are broken by id, newest first.
            publish_at=same_time - timedelta(minutes=n // 2),
            tags=[tag],
            authors=[author],
        )
        ArticleFactory(published=True, tags=[tag], authors=[author])
    url = f"/ru/{listing}/{'floods' if listing == 'tag' else 'aziz'}/"

    pages = [
        [
            a.text_content().strip()
            for a in lxml.html.fromstring(client.get(url, {"page": n}).content).xpath(
                "//main//h3//a | //main//h2//a"
            )
        ]
        for n in (1, 2, 3)
    ]

    assert pages == [
        ["Russian 1", "Russian 0"],
        ["Russian 3", "Russian 2"],
        ["Russian 4"],
    ]


def test_related_stories_of_a_rare_editions_story_come_from_its_edition():
    # A tag on many English stories and two Russian ones: the Russian story's
    # related stories are the other Russian one, not the newest in English.
    tag, section = TagFactory(), SectionFactory()
    russian = ArticleFactory(
        language="ru", published=True, publish_at=_ago(500), tags=[tag]
    )
    other = ArticleFactory(
        language="ru", published=True, publish_at=_ago(400), tags=[tag]
    )
    for n in range(60):
        ArticleFactory(published=True, publish_at=_ago(n), tags=[tag])
    ArticleFactory(language="ru", published=True, section=section)

    assert related_stories(article=Article.objects.get(pk=russian.pk)) == [other]
