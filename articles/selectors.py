"""Reads for reader pages. Each runs a fixed number of queries, whatever the data."""

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from articles import cards
from articles.models import (
    Article,
    ArticleQuerySet,
    ArticleTag,
    Author,
    Section,
    Tag,
    bylines_prefetch,
)
from images.models import Image
from newsroom import pagecache, params

T = TypeVar("T")

TOP_STORIES = 4
STORIES_PER_SECTION = 4


@dataclass
class HomePage:
    lead: Article | None
    top: list[Article]
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)


def navigation_sections() -> list[Section]:
    """Sections in navigation order: from the fragment cache (kept per version
    of the ``site`` tag and language), else one query."""
    sections: list[Section] = cards.navigation(
        lambda: list(Section.objects.only("name", "slug", "position"))
    )
    return sections


def edition(language: str | None) -> str:
    """``language``, or the default edition's if None."""
    return language or settings.LANGUAGE_CODE


def home_page_stories(
    *, section_ids: Sequence[int], language: str | None = None
) -> HomePage:
    """The lead story, the top stories, then the latest stories of each
    section, all of the ``language`` edition.

    Two queries: the front stories and the per-section stories (one query for
    all ``section_ids``); two more, the bylines and renditions for both at
    once, when a card is not in the fragment cache (``cards.Batch``).
    """
    language = edition(language)
    front = list(
        Article.objects.published()
        .filter(language=language)
        .latest()
        .select_related("section", "lead_image")
        .for_cards()[: 1 + TOP_STORIES]
    )
    front_ids = [article.pk for article in front]
    ranked = (
        _newest_per_section(section_ids, language=language, exclude=front_ids)
        .select_related("section", "lead_image")
        .for_cards()
        .order_by("section__position", "section__name", "-publish_at", "-pk")
    )
    by_section = list(ranked)
    # Bylines and renditions only if a card is not in the fragment cache.
    cards.Batch(front + by_section, _prefetch_cards)

    sections: dict[int, tuple[Section, list[Article]]] = {}
    for article in by_section:
        sections.setdefault(article.section_id, (article.section, []))[1].append(
            article
        )
    return HomePage(
        lead=front[0] if front else None,
        top=front[1:],
        sections=list(sections.values()),
    )


def _newest_per_section(
    section_ids: Sequence[int], *, language: str, exclude: list[int]
) -> ArticleQuerySet:
    """The newest ``STORIES_PER_SECTION`` published stories of each section.

    On PostgreSQL, a UNION of one small index scan per section: the cost stays
    flat however large the archive grows. Elsewhere (SQLite, the demo), a
    window function over the published stories.
    """
    published = (
        Article.objects.published().filter(language=language).exclude(pk__in=exclude)
    )
    if not section_ids:
        return Article.objects.none()
    if connection.features.supports_slicing_ordering_in_compound:
        newest = [
            published.filter(section=section_id)
            .latest()
            .values("pk")[:STORIES_PER_SECTION]
            for section_id in section_ids
        ]
        return Article.objects.filter(pk__in=newest[0].union(*newest[1:], all=True))
    ranked = published.annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("section_id"),
            order_by=[F("publish_at").desc(), F("pk").desc()],
        )
    ).filter(rank__lte=STORIES_PER_SECTION)
    return Article.objects.filter(pk__in=ranked.values("pk"))


def _prefetch_cards(articles: list[Article]) -> None:
    """Attach bylines and lead-image renditions to ``articles`` in two queries."""
    prefetch_related_objects(articles, bylines_prefetch(), "lead_image__renditions")


@dataclass
class StoryPage(Generic[T]):
    """One page of stories (or search results), ``NEWSROOM_PAGE_SIZE`` long.

    Made by ``paginate``. ``count`` and ``num_pages`` are known only where the
    rows were counted.
    """

    object_list: list[T]
    number: int
    has_next: bool
    count: int | None = None
    num_pages: int | None = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(
    rows: QuerySet[Any, T] | Sequence[T],
    page_number: str | int | None,
    *,
    count: int | None = None,
    listing: str | None = None,
    key: str = "publish_at",
) -> StoryPage[T]:
    """Page ``page_number`` of ``rows`` (1 if missing); 404 if it is not a page
    number (``newsroom.params.page_number``).

    Without ``count``, nothing is counted (a section with 200,000 stories must
    not make every page load count them): one more row than the page holds
    tells whether there is a next page, and a page past the end is a 404.
    Given ``count`` (search, which says how many stories match), a page past
    the end is the last page, and the page knows how many pages there are.

    ``listing`` (the cache tag of a list of stories newest first, as
    ``latest()`` orders them) makes deep pages cost what the first does:
    each page keeps in the cache where the next one starts (keyset
    pagination behind the same page-number addresses), so a reader or a
    crawler paging through a tag of 5,000 stories never makes the database
    skip rows. A page reached another way skips rows once (OFFSET) and keeps
    its own start. A purge of the listing's tag starts afresh. ``key`` names
    the publish time ``rows`` are ordered by (``listed_at`` for
    ``filed_under()``).
    """
    number = params.page_number(page_number)
    size = settings.NEWSROOM_PAGE_SIZE
    num_pages = None
    if count is not None:
        num_pages = max(1, math.ceil(count / size))
        number = min(number, num_pages)
    start = (number - 1) * size
    version = pagecache.tag_version(listing) if listing else None
    boundary = _page_start(listing, version, number) if listing and number > 1 else None
    if boundary is not None and isinstance(rows, QuerySet):
        at, pk = boundary
        # "publish_at <= at" lets PostgreSQL start its index scan there.
        after = Q(**{f"{key}__lte": at}) & ~Q(**{key: at, "pk__gt": pk})
        found = list(rows.filter(after)[: size + 1])
    else:
        found = list(rows[start : start + size + 1])
    if number > 1 and not found:
        raise Http404
    if listing:
        starts = {number: found[0]} if number > 1 and boundary is None else {}
        if len(found) > size:
            starts[number + 1] = found[size]
        _keep_page_starts(listing, version, starts)
    return StoryPage(
        object_list=found[:size],
        number=number,
        has_next=len(found) > size,
        count=count,
        num_pages=num_pages,
    )


PAGE_START_PREFIX = "pagestart"


def _page_start_key(listing: str, version: Any, number: int) -> str:
    language = translation.get_language() or "-"
    return f"{PAGE_START_PREFIX}:{listing}:{language}:{version}:{number}"


def _page_start(listing: str, version: Any, number: int) -> tuple[Any, int] | None:
    try:
        start: tuple[Any, int] | None = cache.get(
            _page_start_key(listing, version, number)
        )
    except Exception:  # the cache's own errors differ by backend
        return None
    return start


def _keep_page_starts(listing: str, version: Any, starts: dict[int, Any]) -> None:
    if not starts:
        return
    try:
        cache.set_many(
            {
                _page_start_key(listing, version, number): (
                    story.publish_at,
                    story.pk,
                )
                for number, story in starts.items()
            },
            # A story going live by itself (no purge) shifts the pages: the
            # starts are kept no longer than a cached page.
            timeout=settings.NEWSROOM_PAGE_CACHE_SECONDS,
        )
    except Exception:  # the next page skips rows once more
        return


def _listing(kind: str, slug: str, language: str) -> str:
    # The listing's page-cache tag: purged whenever a story on it changes.
    from articles import cache_tags  # it reads this module's schedule

    tag: str = getattr(cache_tags, kind)(slug, language)
    return tag


def section_front(
    *, slug: str, page_number: str | None = None, language: str | None = None
) -> tuple[Section, StoryPage[Article]]:
    """A section and one page of its published stories in the ``language``
    edition, newest first."""
    section = get_object_or_404(Section, slug=slug)
    stories = (
        Article.objects.published()
        .filter(section=section, language=edition(language))
        .latest()
    )
    return section, paginate(
        stories.for_listing(),
        page_number,
        listing=_listing("section", slug, edition(language)),
    )


def author_page(
    *, slug: str, page_number: str | None = None, language: str | None = None
) -> tuple[Author, StoryPage[Article]]:
    """An author and one page of the published stories they wrote in the
    ``language`` edition."""
    author: Author = get_object_or_404(
        Author.objects.select_related("photo"), slug=slug
    )
    stories = Article.objects.published().filed_under(
        author=author, language=edition(language)
    )
    return author, paginate(
        stories.for_listing(),
        page_number,
        listing=_listing("author", slug, edition(language)),
        key="listed_at",
    )


def tag_page(
    *, slug: str, page_number: str | None = None, language: str | None = None
) -> tuple[Tag, StoryPage[Article]]:
    """A tag and one page of the published stories of the ``language``
    edition that carry it."""
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().filed_under(
        tag=tag, language=edition(language)
    )
    return tag, paginate(
        stories.for_listing(),
        page_number,
        listing=_listing("tag", slug, edition(language)),
        key="listed_at",
    )


def article_for_reader(*, slug: str) -> Article:
    """A published story with everything its page shows, or 404.

    ``live_translations`` holds the published stories of its translation
    group, itself included, in the order of the site's editions: read in the
    same queries as the story (the group's rows come with it, and its
    prefetches cover them), so a story in several languages costs its page
    no query more than one in a single language.
    """
    published = Article.objects.published()
    group = published.filter(slug=slug).values("translation_group")[:1]
    stories = list(
        _for_story_page(
            published.filter(Q(slug=slug) | Q(translation_group=Subquery(group)))
        )
    )
    article = next((story for story in stories if story.slug == slug), None)
    if article is None:
        raise Http404
    article.live_translations = in_edition_order(stories)
    return article


def live_translations(*, article: Article) -> list[Article]:
    """The published stories of ``article``'s translation group, ``article``
    included if it is live, in the order of the site's editions. One query."""
    group = (
        Article.objects.published()
        .filter(translation_group=article.translation_group)
        .select_related("section")
    )
    return in_edition_order(group)


def in_edition_order(stories: Iterable[Article]) -> list[Article]:
    """``stories`` in the order of the site's editions (``LANGUAGES``)."""
    order = {
        code: position for position, (code, _name) in enumerate(settings.LANGUAGES)
    }
    return sorted(stories, key=lambda story: order.get(story.language, len(order)))


@dataclass
class Preview:
    article: Article
    # The page shows exactly what readers see now: a live story, as it is.
    is_live_version: bool


def article_for_preview(*, pk: int, revision_number: int | None = None) -> Preview:
    """Any story, as it will read: a revision's text, or its latest, or 404.

    The latest is the working copy of a live story if it has one.
    """
    article = get_object_or_404(
        _for_story_page(Article.objects.select_related("working_copy")), pk=pk
    )
    live_content = article.content() if article.is_live else None
    if revision_number is None:
        article.apply_working_copy()
    else:
        revision = get_object_or_404(article.revisions, number=revision_number)
        article.apply_content(revision.content)
    return Preview(article, is_live_version=article.content() == live_content)


def _for_story_page(stories: ArticleQuerySet) -> ArticleQuerySet:
    return stories.for_listing(body=True).prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name")), "corrections"
    )


RELATED_STORIES = 4
# How many of each tag's newest stories "related stories" weighs. A tag that
# has run for years can be on 100,000 stories; counting shared tags over all
# of them took 0.6 s at a million stories. The newest 50 per tag are read
# from an index, so the cost stays the same as the archive grows.
RELATED_CANDIDATES_PER_TAG = 50


def related_stories(*, article: Article, limit: int = RELATED_STORIES) -> list[Article]:
    """Other stories sharing the most tags with ``article``, newest first among
    equals, then the newest of its section. One or two queries.

    Only each tag's ``RELATED_CANDIDATES_PER_TAG`` newest stories compete, so
    the cost does not grow with the archive. Expects ``article.tags``
    prefetched (``article_for_reader`` does).
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    others = (
        Article.objects.published()
        .filter(language=article.language)
        .exclude(pk=article.pk)
        .select_related("section")
        .for_cards()
    )
    related: list[Article] = []
    if tag_ids:
        related = list(
            others.filter(pk__in=_newest_tagged(tag_ids, language=article.language))
            .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared", "-publish_at", "-pk")[:limit]
        )
    if len(related) < limit:
        related += list(
            others.filter(section=article.section_id)
            .exclude(pk__in=[story.pk for story in related])
            .latest()[: limit - len(related)]
        )
    return related


def _newest_tagged(tag_ids: list[int], *, language: str) -> QuerySet[Any, Any]:
    """Ids of the newest stories of the ``language`` edition filed under each
    of ``tag_ids``, ``RELATED_CANDIDATES_PER_TAG`` per tag, as a subquery.

    Read from the tags' rows (``FiledStory``): a story in an edition where its
    tag is rare still finds that tag's stories in its own language. On
    PostgreSQL, a UNION of one index scan per tag (``tagged_listing_idx``);
    elsewhere, a window function over the tags' rows.
    """
    tagged = ArticleTag.objects.filter(
        language=language,
        status=Article.Status.PUBLISHED,
        publish_at__lte=timezone.now(),
    )
    per_tag = RELATED_CANDIDATES_PER_TAG
    if connection.features.supports_slicing_ordering_in_compound:
        newest = [
            tagged.filter(tag_id=tag_id)
            .order_by("-publish_at", "-article_id")
            .values("article_id")[:per_tag]
            for tag_id in tag_ids
        ]
        return newest[0].union(*newest[1:], all=True)
    ranked = tagged.filter(tag_id__in=tag_ids).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("tag_id"),
            order_by=[F("publish_at").desc(), F("article_id").desc()],
        )
    )
    newest_ranked: QuerySet[Any, Any] = ranked.filter(rank__lte=per_tag)
    return newest_ranked.values("article_id")


def seconds_until_next_scheduled() -> float | None:
    """Seconds until a story next goes live or comes down by itself, or None.

    One query.
    """
    due = Article.objects.next_change_at()
    return (due - timezone.now()).total_seconds() if due else None


def story_formerly_at(*, slug: str) -> Article | None:
    """The published story that used to have ``slug``, if any. One query."""
    return (
        Article.objects.published()
        .filter(former_slugs__slug=slug)
        .select_related("section")
        .first()
    )


def stories_led_by(image: Image) -> ArticleQuerySet:
    """The published stories ``image`` leads, with what their pages' and API
    responses' cache tags name (section, authors, tags)."""
    return (
        Article.objects.published()
        .filter(lead_image=image)
        .select_related("section")
        .prefetch_related("authors", "tags")
    )
