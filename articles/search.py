"""Full-text search over published stories.

On PostgreSQL: the stored, weighted ``search_vector`` (GIN-indexed), the
reader's words parsed by ``websearch_to_tsquery`` (quotes, ``or`` and ``-word``
work; nothing the reader types is ever a regular expression), ranking, and
snippets from ``ts_headline``. On SQLite, for the demo: every word must appear
in the headline, standfirst or body, and headline matches come first.

Either way the work is bounded: the query is capped at ``MAX_QUERY_LENGTH``,
only the ``MAX_CANDIDATES`` newest matches are ranked (looking back three
days, then further back only while too few match), and PostgreSQL stops a
search after ``STATEMENT_TIMEOUT_MS``.
"""

import html
import re
from dataclasses import dataclass
from datetime import UTC, timedelta

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    ArticleAuthor,
    Section,
    Tag,
    body_text,
    search_config,
)
from articles.selectors import StoryPage, paginate
from newsroom import params

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_CANDIDATES = 500
ENOUGH_CANDIDATES = 100
RECENT_DAYS = 3
OLDER_DAYS = (30, 90, 365, None)  # each further back, while too few match
# Past this many days the edition's matches are first read all at once, up to
# RARE_MATCHES: a query that got this far is rare of late, and usually rare,
# and the day index would read every day's stories to find its few (or none).
INDEXED_DAYS = 30
RARE_MATCHES = 2000
STATEMENT_TIMEOUT_MS = 2000
START, STOP = "\x02", "\x03"  # marks around matches, made into <mark> after escaping
SNIPPET_WORDS = 30


class SearchTimeout(Exception):
    """The database gave up on a search that was taking too long."""


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters.")
        },
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned_data


@dataclass
class SearchResults:
    page: StoryPage[Article]  # counted: it knows how many stories match
    capped: bool  # more stories matched than were ranked


def _words(query):
    return re.findall(r"\w+", query.casefold())[:MAX_WORDS]


def _filtered(queryset, *, section, since, until):
    if section is not None:
        queryset = queryset.filter(section=section)
    if since is not None:
        queryset = queryset.filter(publish_at__date__gte=since)
    if until is not None:
        queryset = queryset.filter(publish_at__date__lte=until)
    return queryset


def _marked(text):
    """Escape ``text`` and turn the match markers into ``<mark>``."""
    escaped = escape(html.unescape(text))
    return mark_safe(  # noqa: S308 - escaped above; only our markers become tags
        escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    )


def _python_snippet(article, words):
    """A snippet around the first matching word, for databases without ts_headline."""
    # Tags become spaces, so paragraphs do not run into each other.
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.body)).split())
    tokens = text.split(" ")
    prefixes = tuple(words)
    matches = [
        re.sub(r"\W", "", token.casefold()).startswith(prefixes) for token in tokens
    ]
    first = matches.index(True) if True in matches else 0
    start = max(0, first - SNIPPET_WORDS // 3)
    marked = [
        f"{START}{token}{STOP}" if match else token
        for token, match in zip(
            tokens[start : start + SNIPPET_WORDS],
            matches[start : start + SNIPPET_WORDS],
            strict=True,
        )
    ]
    return _marked(("… " if start else "") + " ".join(marked) + " …")


def search_stories(
    *, query, language=None, section=None, since=None, until=None, page_number=None
) -> SearchResults:
    """Published stories of the ``language`` edition (the default edition's
    if None) matching ``query``, best first, one page of them.

    On PostgreSQL the query is read with the edition's text search
    configuration, the one its stories' vectors were made with, so a Russian
    reader's "террористы" finds "террористов".

    Each result has ``snippet``: safe HTML with the matches in ``<mark>``.
    ``page_number`` is read by ``newsroom.params.page_number`` (Http404 if it is
    not a page number); past the last page, the last page is shown.
    On PostgreSQL at most thirteen queries however many stories match: two
    settings, one to six for the candidates (one for common words, three for
    rare ones, six for words common long ago), the ranking, the page's
    stories with bylines and renditions, and the snippets. Raises
    ``SearchTimeout``.
    """
    number = params.page_number(page_number)
    language = language or settings.LANGUAGE_CODE
    stories = _filtered(
        Article.objects.published().filter(language=language),
        section=section,
        since=since,
        until=until,
    )
    if connection.vendor == "postgresql":
        return _postgres_search(stories, query, number, config=search_config(language))
    return _simple_search(stories, query, number)


def _candidate_ids(stories, ts_query):
    """Ids of the newest matches, at most ``MAX_CANDIDATES + 1``.

    The last ``RECENT_DAYS`` first, then further back (``OLDER_DAYS``) only
    while fewer than ``ENOUGH_CANDIDATES`` match. Up to ``INDEXED_DAYS`` each
    look asks the GIN index on (search vector, publication day) for the
    matches of those days alone, so the stories it reads are the window's
    matches, never the archive's. Further back, where the index would read
    months of days, the edition's matches are read all at once if there are
    fewer than ``RARE_MATCHES`` (one query), else each window's as before.

    The planner may not choose otherwise: it guesses how many stories match
    several words as if the words were unrelated (130 where 12,500 match),
    and on such a guess it would read every match in the archive through
    the words alone, or walk a year of stories newest first looking for
    matches that are not there. Plain and ordered index scans and sequential
    scans are off for these queries (``SET LOCAL``, this transaction only),
    which leaves it the bitmap scans that the day condition bounds.
    """
    matching = stories.filter(search_vector=ts_query).order_by("-publish_at")
    now = timezone.now()
    ids: list[int] = []
    for days in (RECENT_DAYS, *OLDER_DAYS):
        if days is None or days > INDEXED_DAYS:
            break
        ids = _newest(_within(matching, now - timedelta(days=days)))
        if len(ids) >= ENOUGH_CANDIDATES:
            return ids
    older = [days for days in OLDER_DAYS if days is None or days > INDEXED_DAYS]
    rare = list(matching.order_by().values_list("pk", "publish_at")[:RARE_MATCHES])
    if len(rare) < RARE_MATCHES:  # every match: the windows are cut from them
        rare.sort(key=lambda match: match[1], reverse=True)
    for days in older:
        start = None if days is None else now - timedelta(days=days)
        if len(rare) < RARE_MATCHES:
            ids = [pk for pk, at in rare if start is None or at >= start]
            ids = ids[: MAX_CANDIDATES + 1]
        else:
            ids = _newest(matching if start is None else _within(matching, start))
        if len(ids) >= ENOUGH_CANDIDATES:
            break
    return ids


def _within(matching, start):
    # The day condition is the index's; the exact time is checked on the
    # stories it finds (a day more, at most).
    return matching.annotate(day=TruncDate("publish_at", tzinfo=UTC)).filter(
        day__gte=start.astimezone(UTC).date(), publish_at__gte=start
    )


def _newest(matching):
    return list(matching.values_list("pk", flat=True)[: MAX_CANDIDATES + 1])


def _postgres_search(stories, query, page_number, *, config):
    ts_query = SearchQuery(query, search_type="websearch", config=config)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS:d};"
                " SET LOCAL enable_indexscan = off; SET LOCAL enable_seqscan = off"
            )
            ids = _candidate_ids(stories, ts_query)
            cursor.execute(
                "SET LOCAL enable_indexscan TO DEFAULT;"
                " SET LOCAL enable_seqscan TO DEFAULT"
            )
            capped = len(ids) > MAX_CANDIDATES
            # Rank only these: news search favours the recent, and a word in
            # half the archive must not make the database rank half the archive.
            ranked = list(
                Article.objects.filter(pk__in=ids[:MAX_CANDIDATES])
                .annotate(rank=SearchRank(F("search_vector"), ts_query))
                .order_by("-rank", "-publish_at", "-pk")
                .values_list("pk", flat=True)
            )
            ids = paginate(ranked, page_number, count=len(ranked))
            stories_by_id = Article.objects.for_listing().in_bulk(ids.object_list)
            snippets = dict(
                Article.objects.filter(pk__in=ids.object_list)
                .annotate(
                    snippet=SearchHeadline(
                        body_text(),
                        ts_query,
                        config=config,
                        start_sel=START,
                        stop_sel=STOP,
                        max_words=SNIPPET_WORDS,
                        min_words=SNIPPET_WORDS // 2,
                    )
                )
                .values_list("pk", "snippet")
            )
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout from error
        raise
    page = StoryPage(
        object_list=[stories_by_id[pk] for pk in ids.object_list],
        number=ids.number,
        has_next=ids.has_next,
        count=ids.count,
        num_pages=ids.num_pages,
    )
    for article in page:
        article.snippet = _marked(snippets.get(article.pk, ""))
    return SearchResults(page=page, capped=capped)


def _simple_search(stories, query, page_number):
    words = _words(query)
    if not words:
        return SearchResults(page=paginate([], 1, count=0), capped=False)
    for word in words:
        stories = stories.filter(
            Q(headline__icontains=word)
            | Q(standfirst__icontains=word)
            | Q(body__icontains=word)
            | Exists(Tag.objects.filter(articles=OuterRef("pk"), name__icontains=word))
            | Exists(
                ArticleAuthor.objects.filter(
                    article=OuterRef("pk"), author__name__icontains=word
                )
            )
        )
    in_headline = Q()
    for word in words:
        in_headline &= Q(headline__icontains=word)
    ranked = (
        stories.annotate(
            rank=Case(
                When(in_headline, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-publish_at", "-pk")
        .for_listing(body=True)  # the snippet is cut from it
    )
    page = paginate(ranked, page_number, count=ranked.count())
    for article in page:
        article.snippet = _python_snippet(article, words)
    return SearchResults(page=page, capped=False)


def admin_search(queryset, term):
    """The admin list's search: every story, by the stored search vector.

    ``None`` where there is no vector (SQLite): the admin then matches words in
    the headline and standfirst itself. On PostgreSQL the GIN index answers, so
    a search stays fast in a million stories, drafts included.
    """
    term = term.strip()[:MAX_QUERY_LENGTH] if term else ""
    if not term or connection.vendor != "postgresql":
        return None
    # Stories of every edition: the words as each language's stemmer reads them.
    matches = Q()
    for config in sorted(set(settings.NEWSROOM_SEARCH_CONFIGS.values())):
        matches |= Q(
            search_vector=SearchQuery(term, search_type="websearch", config=config)
        )
    return queryset.filter(matches)
