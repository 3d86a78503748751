"""Sitemaps for /sitemap.xml: stories, section fronts and author pages.

Stories are listed oldest first, in pages of ``ArticleSitemap.limit`` story
ids, so a story's page follows from its id alone and pages never shift as the
archive grows: publishing a story changes only the last page, editing one only
its own, and the page cache purges just that page (``story_page_number``). A
page reads its range of ids from the primary key, so the hundredth page costs
what the first does; the index reads which pages have stories, with the newest
change on each, in one query, so a crawler fetches again only what changed.

Each edition (``/sitemap.xml``, ``/ru/sitemap.xml``…) lists its own
stories, sections and authors. A story with live translations carries them
as ``xhtml:link`` alternates (and ``x-default``), as its page's hreflang
links do; they are read for a whole page in one query.

Sections and authors are listed once they have a published story; their
``lastmod`` is that story's publish time. Each of their pages costs two queries
(a count and the page), and the index two per sitemap, whatever the data: the
edition's newest (bylined) story, and how many sections or authors there are
at all, which says the list fits on one page without asking each one whether
it has a story.
"""

import logging

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, Paginator
from django.utils import translation
from django.utils.translation import get_language

from articles import editions
from articles.selectors import in_edition_order
from discovery import selectors
from newsroom import pagecache, params

logger = logging.getLogger(__name__)


def _to_second(moment):
    # Sitemap dates to the second: readers of lastmod need no microseconds.
    return moment.replace(microsecond=0) if moment is not None else None


class PageNumberPaginator(Paginator):
    """Django's paginator, reading ``?p=`` as every page number is read
    (``newsroom.params.page_number``): ``?p=+1`` or ``?p=%201`` is a 404, not a
    second copy of page 1."""

    def validate_number(self, number):
        return super().validate_number(params.page_number(number))


class AnnotatedSitemap(Sitemap):
    """A sitemap whose items carry their ``lastmod`` in the field ``date_field``."""

    date_field: str

    @property
    def paginator(self):
        return PageNumberPaginator(self._items(), self.limit)

    def lastmod(self, item):
        return _to_second(getattr(item, self.date_field))

    def get_latest_lastmod(self):
        """The newest ``lastmod`` of all items, None if there are none (one query)."""
        return _to_second(self.newest())

    def newest(self):
        return selectors.latest_of(self.items(), self.date_field)

    def index_pages(self):
        """(page number, lastmod) of each page the index names; none if empty.

        While the model has no more rows than a page holds, which sections
        and authors have in practice, the items fit on one page, dated by the
        newest of them: two small queries, without counting which rows have
        anything to list. Past that, one query reads every item's date, so
        each page has its own.
        """
        latest = self.get_latest_lastmod()
        if latest is None:
            return []
        if self.items().model._default_manager.count() <= self.limit:
            return [(1, latest)]
        dates = list(self.items().values_list(self.date_field, flat=True))
        return [
            (number, _to_second(max(dates[start : start + self.limit])))
            for number, start in enumerate(range(0, len(dates), self.limit), start=1)
        ]


class StoryIdPages:
    """The part of a paginator the sitemaps framework uses, by ranges of ids:
    page n holds the stories with ids ``(n - 1) * ids_per_page + 1`` to
    ``n * ids_per_page``. A page with none is empty (404), and so is a page
    number that is not one (``page_number``)."""

    def __init__(self, stories, ids_per_page):
        self.stories = stories
        self.ids_per_page = ids_per_page

    def page(self, number):
        number = page_number(number)
        first = (number - 1) * self.ids_per_page + 1
        last = min(number * self.ids_per_page, params.MAX_ID)
        stories = list(self.stories.filter(pk__range=(first, last)))
        if not stories:
            raise EmptyPage(number)
        return Page(stories, number, self)


class ArticleSitemap(AnnotatedSitemap):
    date_field = "modified_at"
    # Story ids per page, not stories: drafts leave gaps. Google takes up to
    # 50,000 addresses a page; 10,000 keeps a page's render near a second.
    limit = 10_000

    def items(self):
        return selectors.sitemap_articles(language=get_language())

    @property
    def paginator(self):
        return StoryIdPages(self.items(), self.limit)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        groups = selectors.sitemap_translations([url["item"] for url in urls])
        for url in urls:
            versions = groups.get(url["item"].translation_group)
            if versions:
                url["alternates"] = [
                    {"lang_code": hreflang, "location": f"{origin}{address}"}
                    for hreflang, address in editions.story_alternates(
                        in_edition_order(versions)
                    )
                ]
        return urls

    def index_pages(self):
        return [
            (number, _to_second(latest))
            for number, latest in page_lastmods(ids_per_page=self.limit)
            if latest is not None
        ]


LASTMOD_PREFIX = "sitemap-lastmod"


def page_lastmods(*, ids_per_page):
    """``(number, newest change or None)`` for each page of the stories'
    sitemap, up to the last that lists a story. One query, over a few ranges
    of the primary key.

    Each page's date is kept in the cache under the version of the page's
    cache tag, which a change to any story on it purges (``cache_tags``), so
    the key of a changed page is new. Only those, and the last page and any
    after it (where new stories go), are read again: the index of a million
    stories costs one small query and four round trips to the cache (how
    many pages, their tags' versions, their dates, and keeping them). Kept
    as long as a cached page, cut short when a scheduled story is due.

    A date is kept under the version read before the stories were: a purge
    that lands while they are read makes the next index read that page again,
    rather than keep what was read before the change under the new version.
    """
    from discovery.cache_tags import stories_sitemap_page

    language = translation.get_language() or settings.LANGUAGE_CODE
    prefix = f"{LASTMOD_PREFIX}:{language}:{ids_per_page}"
    try:
        last = cache.get(f"{prefix}:pages")
    except Exception:  # the cache's own errors differ by backend
        last = None
    if last is None:  # cold: one pass over everything
        known = dict(
            selectors.sitemap_article_pages(
                ids_per_page=ids_per_page, language=language
            )
        )
        return _keep_lastmods(prefix, known, language)
    numbers = list(range(1, last + 1))
    tags = {number: stories_sitemap_page(number, language) for number in numbers}
    versions = pagecache.tag_versions(tags.values())
    if versions is None:  # no cache: everything from the database
        return selectors.sitemap_article_pages(
            ids_per_page=ids_per_page, language=language
        )
    keys = {number: f"{prefix}:{number}:{versions[tags[number]]}" for number in numbers}
    try:
        found = cache.get_many(list(keys.values()))
    except Exception:
        found = {}
    known = {number: found[key] for number, key in keys.items() if key in found}
    missing = [number for number in numbers[:-1] if number not in known]
    read = dict(
        selectors.sitemap_article_pages(
            ids_per_page=ids_per_page,
            language=language,
            numbers=missing,
            from_number=last,
        )
    )
    for number in [*missing, *range(last, max([last, *read]) + 1)]:
        known[number] = read.get(number)
    return _keep_lastmods(prefix, known, language, versions)


def _keep_lastmods(prefix, known, language, versions=None):
    """Keep ``known`` page dates under ``versions`` of the pages' tags, read
    before the dates were; the versions of pages not in it (new pages, or all
    on a cold start) are read now."""
    from discovery.cache_tags import stories_sitemap_page

    last = max((number for number, latest in known.items() if latest), default=0)
    numbers = list(range(1, last + 1))
    tag = {number: stories_sitemap_page(number, language) for number in numbers}
    versions = dict(versions or {})
    unread = [tag[number] for number in numbers if tag[number] not in versions]
    if unread:
        more = pagecache.tag_versions(unread)
        versions = None if more is None else {**versions, **more}
    if versions is not None:
        kept = {
            f"{prefix}:{number}:{versions[tag[number]]}": known.get(number)
            for number in numbers
        }
        kept[f"{prefix}:pages"] = last
        try:
            cache.set_many(kept, timeout=pagecache.page_lifetime())
        except Exception:  # the next index reads them again
            logger.warning("Cache unavailable; sitemap page dates not kept.")
    return [(number, known.get(number)) for number in numbers]


def story_page_number(story_id):
    """The number of the sitemap page that lists the story ``story_id``."""
    return (story_id - 1) // ArticleSitemap.limit + 1


def page_number(value):
    """``?p=`` of the stories' sitemap as a page number (1 if missing), up to the
    page of the largest id a story can have; ``Http404`` for anything else."""
    return params.page_number(value, maximum=story_page_number(params.MAX_ID))


class SectionSitemap(AnnotatedSitemap):
    date_field = "latest_story_at"

    def items(self):
        return selectors.sitemap_sections(language=get_language())

    def newest(self):
        return selectors.newest_story_at(language=get_language())


class AuthorSitemap(AnnotatedSitemap):
    date_field = "latest_story_at"

    def items(self):
        return selectors.sitemap_authors(language=get_language())

    def newest(self):
        return selectors.newest_story_at(language=get_language(), bylined=True)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}
