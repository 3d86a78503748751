"""Changes to articles that have consequences. Views, admin and commands call these."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article


@transaction.atomic
def article_publish(*, article: Article, publish_at: datetime | None = None) -> Article:
    """Publish ``article`` now, or schedule it for ``publish_at`` if that is later.

    A scheduled story needs no worker: ``Article.objects.published()`` selects it
    once its time has come. ``first_published_at`` is set once and never moved.
    """
    when = publish_at or timezone.now()
    article.status = Article.Status.PUBLISHED
    article.publish_at = when
    if article.first_published_at is None:
        article.first_published_at = when
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take ``article`` off the reader site; its address answers 404 from now on."""
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    return article
