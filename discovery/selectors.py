"""Reads for feeds and sitemaps. Each runs a fixed number of queries, whatever the data.

Every one starts from ``Article.objects.published()``: a feed or sitemap never
decides for itself what "published" means.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from articles import page_extras
from articles.models import Article, ArticleAuthor, Author, Section, Tag

FEED_SIZE = 20
# Google News only takes stories from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def feed_stories(
    *,
    language: str,
    section: Section | None = None,
    author: Author | None = None,
    tag: Tag | None = None,
) -> list[Article]:
    """The 20 newest published stories of the ``language`` edition,
    optionally of one section, author or tag.

    At most four queries, however many stories: the stories (with section and
    lead image), their bylines with authors, their tags, and the lead images'
    renditions.
    """
    stories = Article.objects.published().filter(language=language).latest()
    if section is not None:
        stories = stories.filter(section=section)
    if tag is not None or author is not None:
        # From the tag's or author's own rows, newest first: a rare tag's feed
        # costs what a common one's does.
        stories = stories.filed_under(language=language, tag=tag, author=author)
        if tag is not None and author is not None:
            stories = stories.filter(bylines__author=author)
    stories = (
        stories
        # With the body: a story without a standfirst is summed up by its first
        # paragraph.
        .for_listing(body=True).prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name"))
        )
    )
    return list(stories[:FEED_SIZE])


def news_sitemap_stories(
    *, language: str, now: datetime | None = None
) -> list[Article]:
    """Published stories of the ``language`` edition of the last 48 hours,
    newest first (one query)."""
    since = (now or timezone.now()) - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(language=language, publish_at__gte=since)
        .select_related("section")
        .only("slug", "headline", "language", "publish_at", "section__slug")
        .latest()
    )
    return list(stories[:NEWS_LIMIT])


# What a sitemap needs of a story for its address and its translations'
# alternates (``Article.get_absolute_url``), and no more.
ADDRESS_FIELDS = (
    "slug",
    "language",
    "translation_group",
    "translated_from_id",
    "publish_at",
    "created_at",
    "section__slug",
)


def sitemap_articles(*, language: str) -> QuerySet[Article]:
    """Every published story of the ``language`` edition, oldest first,
    annotated with ``modified_at``.

    ``modified_at`` is the later of the last edit and the publish time, so a
    story written on Monday and scheduled for Tuesday is not reported as
    unchanged since Monday. Lazy: the sitemap reads it a range of ids at a time.
    """
    return (
        Article.objects.published()
        .filter(language=language)
        .select_related("section")
        .only(*ADDRESS_FIELDS, "updated_at")
        .annotate(modified_at=Greatest("updated_at", "publish_at"))
        .order_by("pk")
    )


def sitemap_article_pages(
    *,
    ids_per_page: int,
    language: str,
    numbers: list[int] | None = None,
    from_number: int | None = None,
) -> list[tuple[int, datetime]]:
    """The ``language`` edition's sitemap pages that list at least one of its
    stories, with the newest
    ``modified_at`` of each: page n holds the stories with ids
    ``(n - 1) * ids_per_page + 1`` to ``n * ids_per_page``. One query; given
    ``numbers`` or ``from_number``, only those pages and every page from
    ``from_number`` on, each a range of the primary key.
    """
    stories = Article.objects.published().filter(language=language)
    if numbers is not None or from_number is not None:
        ranges = Q(pk__in=[])
        for number in numbers or ():
            first = (number - 1) * ids_per_page + 1
            ranges |= Q(pk__range=(first, first + ids_per_page - 1))
        if from_number is not None:
            ranges |= Q(pk__gte=(from_number - 1) * ids_per_page + 1)
        stories = stories.filter(ranges)
    page = (F("pk") - 1) / ids_per_page + 1
    return list(
        stories.annotate(page=page)
        .values("page")
        .annotate(latest=Max(Greatest("updated_at", "publish_at")))
        .order_by("page")
        .values_list("page", "latest")
    )


def sitemap_translations(stories: list[Article]) -> dict[Any, list[Article]]:
    """The live language versions of each of ``stories``' translation groups,
    by group, for groups with more than one (one query)."""
    groups = {story.translation_group for story in stories}
    found: dict[Any, list[Article]] = {}
    versions = (
        Article.objects.published()
        .filter(translation_group__in=groups)
        .select_related("section")
        .only(*ADDRESS_FIELDS)
    )
    for version in versions:
        found.setdefault(version.translation_group, []).append(version)
    return {group: found for group, found in found.items() if len(found) > 1}


def _latest_story_at(**match: Any) -> Subquery:
    newest = Article.objects.published().filter(**match).latest()
    return Subquery(newest.values("publish_at")[:1], output_field=DateTimeField())


def sitemap_sections(*, language: str) -> QuerySet[Section]:
    """Sections with at least one published story in the ``language``
    edition, with ``latest_story_at``.

    The newest story's publish time comes from a correlated subquery, so a
    page of the sitemap costs one query however many sections it lists.
    """
    return (
        Section.objects.annotate(
            latest_story_at=_latest_story_at(section=OuterRef("pk"), language=language)
        )
        .filter(latest_story_at__isnull=False)
        .only("slug")
        .order_by("position", "name", "pk")
    )


def sitemap_authors(*, language: str) -> QuerySet[Author]:
    """Authors with at least one published story in the ``language``
    edition, with ``latest_story_at``."""
    return (
        Author.objects.annotate(
            latest_story_at=_latest_story_at(
                bylines__author=OuterRef("pk"), language=language
            )
        )
        .filter(latest_story_at__isnull=False)
        .only("slug")
        .order_by("name", "pk")
    )


def newest_story_at(*, language: str, bylined: bool = False) -> datetime | None:
    """The publish time of the ``language`` edition's newest published story
    (with ``bylined``, of the newest with a byline), None if there is none.

    The newest ``latest_story_at`` of ``sitemap_sections`` (every story has a
    section) and, with ``bylined``, of ``sitemap_authors``, without a
    subquery per section or author. One query, reading stories newest first
    until one fits: a row or two when stories carry bylines.
    """
    stories = Article.objects.published().filter(language=language)
    if bylined:
        stories = stories.filter(
            Exists(ArticleAuthor.objects.filter(article=OuterRef("pk")))
        )
    newest: datetime | None = (
        stories.order_by("-publish_at").values_list("publish_at", flat=True).first()
    )
    return newest


def latest_of(queryset: QuerySet, field: str) -> datetime | None:
    """The largest ``field`` over ``queryset`` (one query)."""
    latest: datetime | None = queryset.order_by().aggregate(latest=Max(field))["latest"]
    return latest


def most_read(*, language: str, days: int = 2, limit: int = 5) -> list[Article]:
    """The published stories of the ``language`` edition read most over the
    last ``days`` days. One query."""
    since = timezone.localdate() - timedelta(days=days - 1)
    return list(
        Article.objects.published()
        .filter(language=language, daily_reads__day__gte=since)
        .annotate(reads=Sum("daily_reads__count"))
        .select_related("section")
        .for_cards()
        .order_by("-reads", "-publish_at")[:limit]
    )


@page_extras.for_home_page
def home_page_most_read(request: HttpRequest) -> dict[str, list[Article]]:
    return {"most_read": most_read(language=get_language())}
