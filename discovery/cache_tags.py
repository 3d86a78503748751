"""The sitemap pages' cache tags, and which a change to a story purges.
Loaded by DiscoveryConfig.ready."""

from articles.models import Article
from discovery.sitemaps import story_page_number
from newsroom.pagecache import purges


def stories_sitemap_page(number, language):
    return f"sitemap-articles:{language}:{number}"


@purges(Article)
def _sitemap_page(article):
    """The one page of the edition's sitemap that lists the story, and the
    pages listing its translations, whose alternates name it. The index
    follows the edition's "home"."""
    group = Article.objects.filter(translation_group=article.translation_group)
    return {
        stories_sitemap_page(story_page_number(pk), language)
        for pk, language in group.values_list("pk", "language")
    } | {stories_sitemap_page(story_page_number(article.pk), article.language)}
