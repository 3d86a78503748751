"""The reader pages' cache tags, and which of them a change to each model purges.

The one place these tag names are written: views tag their pages with the
functions below, and ``newsroom.pagecache.purge_for(obj)`` purges what the
rules below declare. Loaded by ``ArticlesConfig.ready``.
"""

from django.conf import settings

from articles.models import Article, Author, Correction, Section, SiteSettings, Tag
from articles.selectors import seconds_until_next_scheduled, stories_led_by
from images.models import Image
from newsroom.pagecache import SITE, changes_by_itself, purges

# Lists are tagged per edition: a Russian story purges the Russian edition's
# home, section, author and tag pages, never the English edition's.


def home(language):
    """The edition's home page, feeds and sitemaps."""
    return f"home:{language}"


def story(slug):
    return f"article:{slug}"


def section(slug, language):
    return f"section:{language}:{slug}"


def author(slug, language):
    return f"author:{language}:{slug}"


def tag(slug, language):
    return f"tag:{language}:{slug}"


def related_lists(article):
    """The lists a story's "Related stories" are drawn from: its tags' and
    its section's pages in its edition (``selectors.related_stories``)."""
    language = article.language
    return {
        section(article.section.slug, language),
        *(tag(label.slug, language) for label in article.tags.all()),
    }


@purges(Article)
def _story_pages(article):
    """A story shows on its own page, its edition's section, author and tag
    pages, and (while it is among the newest) the edition's home page and
    feeds. Its live translations name it (hreflang, the language switcher),
    so their pages go too: publishing, unpublishing or retitling one
    language version changes the alternates of the whole group."""
    language = article.language
    return {
        home(language),
        story(article.slug),
        *_translations_pages(article),
        section(article.section.slug, language),
        *(author(writer.slug, language) for writer in article.authors.all()),
        *(tag(label.slug, language) for label in article.tags.all()),
    }


def _translations_pages(article):
    """The story pages of the other stories in ``article``'s translation
    group (one query; none for a story alone in its group)."""
    others = Article.objects.filter(translation_group=article.translation_group)
    return {
        story(slug)
        for slug in others.exclude(pk=article.pk).values_list("slug", flat=True)
    }


@purges(Correction)
def _story_page_notes(correction):
    """A correction or update note shows on its story's page only: cards,
    lists, feeds and sitemaps show no notes, and a live story corrected every
    few minutes must not re-render its edition's home page each time."""
    return {story(correction.article.slug)}


@purges(Section)
@purges(Author)
@purges(Tag)
@purges(SiteSettings)
def _named_everywhere(_filing):
    # Their names are in the navigation, bylines and story cards of any page,
    # as the site's name and tagline are in every page's masthead.
    return {SITE}


@purges(Image)
def _pages_with_the_picture(image):
    """The pages of every story led by the picture, and of every author
    whose portrait it is: they name its renditions' files."""
    portraits = Author.objects.filter(photo=image).values_list("slug", flat=True)
    tags = {
        author(slug, language)
        for slug in portraits
        for language, _name in settings.LANGUAGES
    }
    for article in stories_led_by(image):
        tags |= _story_pages(article)
    return tags


changes_by_itself(seconds_until_next_scheduled)
