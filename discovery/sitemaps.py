"""Sitemaps for /sitemap.xml: stories, section fronts and author pages.

Each page of a sitemap costs two queries (a count and the page), and the index
two per sitemap (the latest ``lastmod`` and a count), whatever the data.
Sections and authors are listed once they have a published story; their
``lastmod`` is that story's publish time.
"""

from django.contrib.sitemaps import Sitemap

from discovery import selectors


def _to_second(moment):
    # Sitemap dates to the second: readers of lastmod need no microseconds.
    return moment.replace(microsecond=0) if moment is not None else None


class AnnotatedSitemap(Sitemap):
    """A sitemap whose items carry their ``lastmod`` in the field ``date_field``."""

    date_field: str

    def lastmod(self, item):
        return _to_second(getattr(item, self.date_field))

    def get_latest_lastmod(self):
        """The newest ``lastmod`` of all items, None if there are none (one query).

        Remembered, since the index asks once to skip empty sitemaps and once
        more to write it.
        """
        if not hasattr(self, "_latest_lastmod"):
            latest = selectors.latest_of(self.items(), self.date_field)
            self._latest_lastmod = _to_second(latest)
        return self._latest_lastmod


class ArticleSitemap(AnnotatedSitemap):
    date_field = "modified_at"

    def items(self):
        return selectors.sitemap_articles()


class SectionSitemap(AnnotatedSitemap):
    date_field = "latest_story_at"

    def items(self):
        return selectors.sitemap_sections()


class AuthorSitemap(AnnotatedSitemap):
    date_field = "latest_story_at"

    def items(self):
        return selectors.sitemap_authors()


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}
