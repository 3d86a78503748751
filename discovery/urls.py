from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import path

from articles import cache_tags
from discovery import feeds, views
from discovery.cache_tags import stories_sitemap_page
from discovery.sitemaps import SITEMAPS, page_number
from newsroom.pagecache import cached_page

app_name = "discovery"


def _site(request, **kwargs):
    # An edition's feeds and sitemaps change with every story in it, as its
    # home page does.
    return [cache_tags.home(request.LANGUAGE_CODE)]


def _sitemap_page(request, section, **kwargs):
    # A page of stories changes only with the stories on it (see sitemaps.py);
    # sections and authors change with every story, as home does.
    if section == "articles":
        try:
            # "?p=01" shows page 1, so it must be purged with it.
            number = page_number(request.GET.get("p"))
        except Http404:
            return []  # the view answers 404, which is never stored
        return [stories_sitemap_page(number, request.LANGUAGE_CODE)]
    return [cache_tags.home(request.LANGUAGE_CODE)]


def _list_feed(kind, feed, tag):
    """``<kind>/<slug>/rss.xml``: the feed of one section, author or tag,
    purged with that section's, author's or tag's page."""
    return path(
        f"{kind}/<slug:slug>/rss.xml",
        cached_page(
            feed(), tags=lambda request, slug: [tag(slug, request.LANGUAGE_CODE)]
        ),
        name=f"{kind}-feed",
    )


urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("reader/read/<int:article_id>/", views.read_beacon, name="read"),
    path("rss.xml", cached_page(feeds.StoryFeed(), tags=_site), name="feed"),
    _list_feed("section", feeds.SectionFeed, cache_tags.section),
    _list_feed("author", feeds.AuthorFeed, cache_tags.author),
    _list_feed("tag", feeds.TagFeed, cache_tags.tag),
    path(
        "sitemap.xml",
        cached_page(views.sitemap_index, tags=_site),
        name="sitemap-index",
    ),
    # Before the section pattern, which would otherwise take "news".
    path(
        "sitemap-news.xml",
        cached_page(views.news_sitemap, tags=_site),
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cached_page(sitemap_views.sitemap, tags=_sitemap_page, varies_on=("p",)),
        {"sitemaps": SITEMAPS, "template_name": "discovery/sitemap.xml"},
        name="sitemap-section",
    ),
]
