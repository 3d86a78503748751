"""Changes to articles that have consequences. Views, admin and commands call these."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article, FormerSlug
from newsroom import pagecache


def article_cache_tags(article: Article) -> set[str]:
    """The page-cache tags of every page that shows ``article``."""
    return {
        "home",
        f"article:{article.slug}",
        f"section:{article.section.slug}",
        *(f"author:{author.slug}" for author in article.authors.all()),
        *(f"tag:{tag.slug}" for tag in article.tags.all()),
    }


def article_purge(*, article: Article, also: set[str] = frozenset()) -> None:
    """Purge the cached pages that show ``article`` (and ``also``), on commit."""
    pagecache.purge(*article_cache_tags(article), *also)


@transaction.atomic
def article_publish(*, article: Article, publish_at: datetime | None = None) -> Article:
    """Publish ``article`` now, or schedule it for ``publish_at`` if that is later.

    A scheduled story needs no worker: ``Article.objects.published()`` selects it
    once its time has come, and cached pages expire by then (see
    ``newsroom.pagecache``). ``first_published_at`` is set once and never moved.
    Purges the cached pages that show the story.
    """
    when = publish_at or timezone.now()
    article.status = Article.Status.PUBLISHED
    article.publish_at = when
    if article.first_published_at is None:
        article.first_published_at = when
    article.save()
    article_purge(article=article)
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take ``article`` off the reader site; its address answers 404 from now on."""
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    article_purge(article=article)
    return article


@transaction.atomic
def article_slug_changed(*, article: Article, old_slug: str) -> None:
    """Keep ``old_slug`` answering with a 301 to the story's new address.

    Only for stories readers have seen; going back to a former slug frees it.
    """
    if old_slug == article.slug or article.first_published_at is None:
        return
    FormerSlug.objects.filter(slug=article.slug).delete()
    FormerSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})
