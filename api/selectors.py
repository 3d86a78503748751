"""Reads for the content API. Each runs a fixed number of queries, whatever
the data and the page size."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404

from articles.models import Article, ArticleQuerySet, Author, Section, Tag
from comments.selectors import approved_comment_count


@dataclass
class StoryList:
    stories: list[Article]
    # (publish time, id) of the last story, if there are more after it.
    next_after: tuple[datetime, int] | None


def _with_filing(stories: ArticleQuerySet) -> ArticleQuerySet:
    """What a story in the API names: section, byline, picture, tags."""
    return stories.prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def story_list(
    *,
    limit: int,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    language: str | None = None,
    published_after: datetime | None = None,
    updated_after: datetime | None = None,
    after: tuple[datetime, int] | None = None,
) -> StoryList:
    """Up to ``limit`` published stories, newest first, after the story
    ``after`` names (a keyset: its publish time and id). Five queries, and
    as fast on the last page as on the first: the index on publish time is
    entered at ``after``, never counted from the top.
    """
    stories = Article.objects.published().latest()
    key = "publish_at"
    if section:
        stories = stories.filter(section__slug=section)
    if language and (tag or author):
        # In one edition, from the tag's or author's own rows, newest first:
        # the walk never checks the other editions' stories one by one.
        stories = stories.filed_under(
            language=language,
            tag=_pk_of(Tag, tag),
            author=None if tag else _pk_of(Author, author),
        )
        key = "listed_at"
        if tag and author:
            stories = stories.filter(bylines__author__slug=author)
    else:
        if tag:
            stories = stories.filter(tags__slug=tag)
        if author:
            stories = stories.filter(bylines__author__slug=author)
        if language:
            stories = stories.filter(language=language)
    if published_after:
        stories = stories.filter(publish_at__gt=published_after)
    if updated_after:
        stories = stories.filter(updated_at__gt=updated_after)
    if after:
        when, pk = after
        # The first condition alone is what an index can start from; the
        # second breaks ties between stories published at the same moment.
        stories = stories.filter(**{f"{key}__lte": when}).filter(
            Q(**{f"{key}__lt": when}) | Q(pk__lt=pk)
        )
    found = list(_with_filing(stories.for_listing())[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    last = found[-1] if more else None
    return StoryList(
        stories=found,
        next_after=(last.publish_at, last.pk) if last and last.publish_at else None,
    )


def _pk_of(model: type[Tag] | type[Author], slug: str | None) -> Subquery | None:
    # A subquery, not a join: the tag's rows are then entered by its id, in
    # the index's order.
    if not slug:
        return None
    return Subquery(model.objects.filter(slug=slug).values("pk")[:1])


@dataclass
class Story:
    article: Article
    comment_count: int
    translations: list[Article]


def story_detail(*, pk: int) -> Story:
    """A published story with all its page shows, or 404. Eight queries."""
    article = get_object_or_404(
        _with_filing(
            Article.objects.published().for_listing(body=True)
        ).prefetch_related("corrections"),
        pk=pk,
    )
    translations = list(
        Article.objects.published()
        .filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .select_related("section")
        .for_cards()
        .order_by("language")
    )
    return Story(
        article=article,
        comment_count=approved_comment_count(article=article),
        translations=translations,
    )


def sections() -> list[Section]:
    """Every section, in navigation order. One query."""
    return list(Section.objects.order_by("position", "name"))


def authors(*, after: str | None, limit: int) -> list[Author]:
    """Up to ``limit`` + 1 authors in slug order, after the slug ``after``
    (the extra one tells there is a next page), with their portraits'
    renditions. Three queries, whatever the page."""
    found = Author.objects.select_related("photo").prefetch_related("photo__renditions")
    if after:
        found = found.filter(slug__gt=after)
    return list(found.order_by("slug")[: limit + 1])


def tags(*, after: str | None, limit: int) -> list[Tag]:
    """Up to ``limit`` + 1 tags in slug order, after the slug ``after``. One
    query, whatever the page (the slug's unique index)."""
    found = Tag.objects.all()
    if after:
        found = found.filter(slug__gt=after)
    return list(found.order_by("slug")[: limit + 1])
