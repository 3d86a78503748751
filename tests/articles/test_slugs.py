"""Sections, authors, tags and stories get a slug of their own when saved
without one."""

import pytest

from articles.models import Author, Section, Tag
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Section, Author, Tag])
def test_a_slug_is_made_from_the_name_and_kept_unique(model):
    first = model.objects.create(name="Central Asia")
    # Another name (sections' and tags' are unique) with the same slug.
    second = model.objects.create(name="Central  Asia!")

    assert (first.slug, second.slug) == ("central-asia", "central-asia-2")


def test_a_long_name_leaves_room_for_the_number_within_the_column():
    author = Author.objects.create(name=("Khalimov " * 14)[:120])

    assert len(author.slug) <= Author._meta.get_field("slug").max_length - 8
    assert author.slug.startswith("khalimov-khalimov")
    assert not author.slug.endswith("-")


def test_a_story_slug_comes_from_its_headline_and_a_given_one_stays():
    story = ArticleFactory(headline="Floods close the Pamir Highway", slug="")
    chosen = ArticleFactory(headline="Anything", slug="my-own-words")

    assert story.slug == "floods-close-the-pamir-highway"
    assert chosen.slug == "my-own-words"
