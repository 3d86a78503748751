"""The sitemap pages' cache tags, and which a change to a story purges.
Loaded by DiscoveryConfig.ready."""

from articles.models import Article
from discovery.sitemaps import story_page_number
from newsroom.pagecache import purges


def stories_sitemap_page(number):
    return f"sitemap-articles:{number}"


@purges(Article)
def _sitemap_page(article):
    # Only the one page that lists the story; the index follows "home".
    return {stories_sitemap_page(story_page_number(article.pk))}
