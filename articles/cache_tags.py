"""The reader pages' cache tags, and which of them a change to each model purges.

The one place these tag names are written: views tag their pages with the
functions below, and ``newsroom.pagecache.purge_for(obj)`` purges what the
rules below declare. Loaded by ``ArticlesConfig.ready``.
"""

from articles.models import Article, Author, Section, SiteSettings, Tag
from articles.selectors import seconds_until_next_scheduled
from images.models import Image
from newsroom.pagecache import SITE, changes_by_itself, purges

HOME = "home"


def story(slug):
    return f"article:{slug}"


def section(slug):
    return f"section:{slug}"


def author(slug):
    return f"author:{slug}"


def tag(slug):
    return f"tag:{slug}"


@purges(Article)
def _story_pages(article):
    """A story shows on its own page, its section's, its authors' and tags',
    and (while it is among the newest) the home page and the site's feeds."""
    return {
        HOME,
        story(article.slug),
        section(article.section.slug),
        *(author(writer.slug) for writer in article.authors.all()),
        *(tag(label.slug) for label in article.tags.all()),
    }


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
    tags = {author(slug) for slug in portraits}
    stories = (
        Article.objects.published()
        .filter(lead_image=image)
        .select_related("section")
        .prefetch_related("authors", "tags")
    )
    for article in stories:
        tags |= _story_pages(article)
    return tags


changes_by_itself(seconds_until_next_scheduled)
