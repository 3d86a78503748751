import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from discovery.models import DailyReads

logger = logging.getLogger(__name__)

READER_WINDOW_SECONDS = 30 * 60


@transaction.atomic
def story_read(*, article: Article, reader: str) -> bool:
    """Count one read of ``article`` by ``reader`` (a hash), once per half hour.

    True if it was counted. The increment is done in the database, so reads
    arriving together are all counted. While the cache is down nobody can be
    told apart, so reads are not counted (a reload must not count twice).
    """
    if reader and not _first_read(article, reader):
        return False
    today = timezone.localdate()
    updated = DailyReads.objects.filter(article=article, day=today).update(
        count=F("count") + 1
    )
    if not updated:
        row, created = DailyReads.objects.get_or_create(
            article=article, day=today, defaults={"count": 1}
        )
        if not created:
            DailyReads.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return True


def _first_read(article: Article, reader: str) -> bool:
    try:
        return cache.add(
            f"read:{article.pk}:{reader}", 1, timeout=READER_WINDOW_SECONDS
        )
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Read not counted: the cache is unavailable.")
        return False
