from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article
from discovery import selectors, services
from discovery.sitemaps import SITEMAPS
from discovery.xml import xml_safe
from newsroom.readers import ip_hash

# Google News wants ISO 639 codes, with Chinese as the only regional exception.
_NEWS_REGIONAL_LANGUAGES = {"zh-cn", "zh-tw"}


def _news_language(code):
    code = code.lower().replace("_", "-")
    return code if code in _NEWS_REGIONAL_LANGUAGES else code.split("-")[0]


@require_safe
def robots_txt(request):
    """Point crawlers at both sitemaps of every edition.

    The admin is not named: robots.txt is public, and would tell anyone where
    to knock. Its pages say noindex themselves (X-Robots-Tag).
    """
    if get_language() != settings.LANGUAGE_CODE:
        raise Http404  # one robots.txt, at the site's root
    lines = ["User-agent: *", "Disallow:", ""]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in ("discovery:sitemap-index", "discovery:sitemap-news"):
                lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
@x_robots_tag
def sitemap_index(request):
    """The sitemap index: every sitemap page that lists something, each with
    the newest change on it, so crawlers fetch again only the pages that changed.

    An empty ``urlset`` is not valid sitemap XML, so empty pages are left out.
    """
    pages = []
    for name, sitemap_class in SITEMAPS.items():
        url = request.build_absolute_uri(
            reverse("discovery:sitemap-section", kwargs={"section": name})
        )
        pages += [
            SitemapIndexItem(url if number == 1 else f"{url}?p={number}", lastmod)
            for number, lastmod in sitemap_class().index_pages()
        ]
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": pages},
        content_type="application/xml",
    )
    if pages:
        newest = max(page.last_mod for page in pages)
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


@require_safe
@x_robots_tag
def news_sitemap(request):
    """The Google News sitemap: stories published in the last 48 hours."""
    stories = [
        {
            "location": request.build_absolute_uri(article.get_absolute_url()),
            "language": _news_language(article.language),
            "publication_date": timezone.localtime(article.publish_at).isoformat(
                timespec="seconds"
            ),
            "title": xml_safe(article.headline),
        }
        for article in selectors.news_sitemap_stories(language=get_language())
    ]
    return TemplateResponse(
        request,
        "discovery/sitemap_news.xml",
        {
            "publication_name": xml_safe(settings.NEWSROOM_SITE_NAME),
            "stories": stories,
        },
        content_type="application/xml",
    )


@csrf_exempt  # a beacon carries no token; it can only add one to a counter
@require_POST
def read_beacon(request, article_id):
    """Count a read of a story. Sent by the story page's script; no cookie."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    services.story_read(article=article, reader=ip_hash(request))
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
