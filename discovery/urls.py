from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from discovery import feeds, views
from discovery.sitemaps import SITEMAPS

app_name = "discovery"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("reader/read/<int:article_id>/", views.read_beacon, name="read"),
    path("rss.xml", feeds.StoryFeed(), name="feed"),
    path("section/<slug:slug>/rss.xml", feeds.SectionFeed(), name="section-feed"),
    path("author/<slug:slug>/rss.xml", feeds.AuthorFeed(), name="author-feed"),
    path("tag/<slug:slug>/rss.xml", feeds.TagFeed(), name="tag-feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    # Before the section pattern, which would otherwise take "news".
    path("sitemap-news.xml", views.news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "discovery/sitemap.xml"},
        name="sitemap-section",
    ),
]
