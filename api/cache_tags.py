"""The API responses' cache tags, and which of them a change to each model purges.

The one place these tag names are written. A list is tagged with each filter
it has (``stories_by("section", "politics")``), or with ``STORIES`` when it has
none of section, tag, author or language; a story's own response with
``story(pk)``. A change to a story purges its own response, the unfiltered
lists, and the lists of its section, tags, authors and language: every list
it is in, and no other. Loaded by ``ApiConfig.ready``.
"""

from articles.models import Article, Author, Correction
from articles.selectors import stories_led_by
from comments.models import Comment
from images.models import Image
from newsroom.pagecache import purges

STORIES = "api-stories"
AUTHORS = "api-authors"


def story(pk):
    return f"api-story:{pk}"


def stories_by(name, value):
    """Lists filtered by ``name`` (section, tag, author, language) = ``value``."""
    return f"api-stories:{name}:{value}"


@purges(Article)
def _story_responses(article):
    """The story's response, every list it is in, and its translations'
    responses (they list the story among their translations)."""
    members = Article.objects.filter(
        translation_group=article.translation_group
    ).values_list("pk", flat=True)
    return {
        STORIES,
        story(article.pk),
        *(story(pk) for pk in members),
        stories_by("section", article.section.slug),
        stories_by("language", article.language),
        *(stories_by("author", writer.slug) for writer in article.authors.all()),
        *(stories_by("tag", label.slug) for label in article.tags.all()),
    }


@purges(Correction)
def _story_notes(correction):
    # Only a story's own response lists its corrections.
    return {story(correction.article_id)}


@purges(Comment)
def _comment_count(comment):
    # A story's response counts its approved comments.
    return {story(comment.article_id)}


@purges(Image)
def _responses_with_the_picture(image):
    """Responses that list the picture's renditions: stories it leads, and
    the authors' list if it is someone's portrait."""
    tags = set()
    if Author.objects.filter(photo=image).exists():
        tags.add(AUTHORS)
    for article in stories_led_by(image):
        tags |= _story_responses(article)
    return tags
