"""Search at /search/: found, ranked, highlighted and filtered, on either database."""

from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.services import article_unpublish
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

URL = reverse("articles:search")


def _results(response):
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    return [
        " ".join(link.text_content().split())
        for link in tree.xpath("//li[@class='search-result']//h2/a")
    ]


@pytest.fixture
def stories():
    politics = SectionFactory(name="Politics")
    economy = SectionFactory(name="Economy")
    return {
        "body": ArticleFactory(
            published=True,
            section=economy,
            headline="Cotton harvest ends early",
            body="<p>Farmers near Kulob said the <b>glacier</b> melt came early.</p>",
        ),
        "headline": ArticleFactory(
            published=True,
            section=politics,
            headline="Glacier shrinks faster than forecast",
            body="<p>Scientists measured the ice this summer.</p>",
        ),
        "draft": ArticleFactory(
            headline="Glacier draft nobody may read",
            body="<p>Not yet published: glacier.</p>",
        ),
        "scheduled": ArticleFactory(
            scheduled=True, headline="Glacier story for tomorrow"
        ),
    }


def test_search_finds_a_story_by_a_word_in_its_body(client, stories):
    headlines = _results(client.get(URL, {"q": "Kulob"}))

    assert headlines == ["Cotton harvest ends early"]


def test_a_headline_match_ranks_above_a_body_match(client, stories):
    headlines = _results(client.get(URL, {"q": "glacier"}))

    assert headlines == [
        "Glacier shrinks faster than forecast",
        "Cotton harvest ends early",
    ]


def test_unpublished_and_scheduled_stories_never_appear(client, stories):
    html = client.get(URL, {"q": "glacier draft tomorrow"}).content.decode()
    headlines = _results(client.get(URL, {"q": "glacier"}))

    assert "Glacier draft nobody may read" not in headlines
    assert "Glacier story for tomorrow" not in headlines
    assert "No published story matches" in html


def test_the_matching_word_is_highlighted_and_the_snippet_is_escaped(client, stories):
    ArticleFactory(
        published=True,
        headline="Dam talks",
        body="<p>The Rogun dam &amp; the &lt;script&gt; of the river talks.</p>",
    )

    response = client.get(URL, {"q": "Rogun"})

    tree = lxml.html.fromstring(response.content.decode())
    [snippet] = tree.xpath("//p[@class='search-result__snippet']")
    assert [mark.text for mark in snippet.xpath(".//mark")] == ["Rogun"]
    assert not snippet.xpath(".//script")
    assert "dam & the <script> of the river" in snippet.text_content()


def test_results_can_be_narrowed_to_a_section_and_dates(client, stories):
    in_politics = _results(client.get(URL, {"q": "glacier", "section": "politics"}))
    next_year = _results(client.get(URL, {"q": "glacier", "since": "2099-01-01"}))

    assert in_politics == ["Glacier shrinks faster than forecast"]
    assert next_year == []


def test_tags_and_authors_are_searched_too(client):
    story = ArticleFactory(published=True, headline="Border reopens")
    story.tags.add(TagFactory(name="Fergana Valley"))

    assert _results(client.get(URL, {"q": "fergana"})) == ["Border reopens"]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "a" * 200, "'; DROP TABLE x; --", '"unclosed', "-", "or or"],
)
def test_odd_queries_get_a_page_not_an_error(client, stories, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert b'name="robots" content="noindex' in response.content


def test_an_over_long_query_is_refused_with_a_message(client):
    response = client.get(URL, {"q": "x" * 201})

    assert response.status_code == 200
    assert "Please use at most 200 characters." in response.content.decode()


def test_an_end_date_before_the_start_is_explained(client):
    response = client.get(
        URL, {"q": "glacier", "since": "2026-02-01", "until": "2026-01-01"}
    )

    assert "The end date is before the start date." in response.content.decode()


def test_pages_of_results_keep_the_query(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for n in range(3):
        ArticleFactory(published=True, headline=f"Glacier report {n}")

    html = client.get(URL, {"q": "glacier"}).content.decode()

    assert 'href="?q=glacier&amp;page=2"' in html


@pytest.mark.parametrize(
    "number", ["²", "abc", "0", "-1", " 2", "9223372036854775807", "9" * 30]
)
def test_a_page_of_results_that_is_not_a_page_number_is_not_found(
    client, stories, number
):
    response = client.get(URL, {"q": "glacier", "page": number})

    assert response.status_code == 404


def test_a_page_past_the_last_shows_the_last(client, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    for n in range(3):
        ArticleFactory(published=True, headline=f"Glacier report {n}")

    assert len(_results(client.get(URL, {"q": "glacier", "page": "2"}))) == 1
    assert len(_results(client.get(URL, {"q": "glacier", "page": "999"}))) == 1


def test_results_say_how_many_stories_match_and_how_many_pages_they_fill(
    client, settings
):
    settings.NEWSROOM_PAGE_SIZE = 2
    for n in range(3):
        ArticleFactory(published=True, headline=f"Glacier report {n}")

    first = client.get(URL, {"q": "glacier"}).content.decode()
    past_the_end = client.get(URL, {"q": "glacier", "page": "999"}).content.decode()

    assert "3 stories match." in first
    assert "Page 1 of 2" in first
    assert "3 stories match." in past_the_end
    assert "Page 2 of 2" in past_the_end


@pytest.mark.parametrize("count", [2, 8])
def test_search_query_count_does_not_grow_with_results(
    client, site_settings_cached, django_assert_max_num_queries, count
):
    section = SectionFactory(name="Economy")
    for n in range(count):
        ArticleFactory(published=True, section=section, headline=f"Glacier {n}")

    # Navigation, the section filter's choices, then the search: on SQLite the
    # count, page, bylines and renditions; on PostgreSQL also the savepoint, the
    # statement timeout and planner settings and their reset, three looks for
    # candidates (three days, a month, then all of a rare query's matches: few
    # stories here), the ranking and the snippets.
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"q": "glacier"})

    assert len(_results(response)) == count


# On PostgreSQL, past a month a rare query's matches are read at once, and one
# with more matches than that is looked for a window at a time: both ways here.
@pytest.mark.parametrize("rare_matches", [search.RARE_MATCHES, 2])
def test_rare_words_are_looked_for_across_the_whole_archive(
    client, monkeypatch, rare_matches
):
    monkeypatch.setattr(search, "RARE_MATCHES", rare_matches)
    for days in (500, 200, 40, 1):
        with time_machine.travel(timezone.now() - timedelta(days=days)):
            ArticleFactory(published=True, headline=f"Glacier {days} days ago")

    headlines = _results(client.get(URL, {"q": "glacier"}))

    assert headlines == [
        "Glacier 1 days ago",
        "Glacier 40 days ago",
        "Glacier 200 days ago",
        "Glacier 500 days ago",
    ]


def test_a_search_that_times_out_explains_itself(client, stories, monkeypatch):
    def too_slow(**kwargs):
        raise search.SearchTimeout

    monkeypatch.setattr("articles.views.search_stories", too_slow)

    response = client.get(URL, {"q": "glacier"})

    assert response.status_code == 200
    assert "That search took too long" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_stops_a_slow_search(stories, monkeypatch):
    monkeypatch.setattr(search, "STATEMENT_TIMEOUT_MS", 1)
    # A ranking that takes a second per story, where the limit is 1 ms.
    monkeypatch.setattr(
        search,
        "SearchRank",
        lambda vector, query: RawSQL(
            "(pg_sleep(1) IS NULL)::int", [], output_field=IntegerField()
        ),
    )

    with pytest.raises(search.SearchTimeout):
        search.search_stories(query="glacier")


def test_an_edit_is_found_by_its_new_words_and_a_status_change_costs_no_reindex(
    client, stories
):
    story = Article.objects.get(pk=stories["headline"].pk)
    story.headline = "Glacier shrinks near Murghob"
    story.save()
    assert _results(client.get(URL, {"q": "Murghob"})) == [story.headline]

    with CaptureQueriesContext(connection) as unpublishing:
        article_unpublish(article=story)

    # The stemmer runs over a story only when its words change.
    assert not [
        query
        for query in unpublishing.captured_queries
        if "search_vector" in query["sql"] or "to_tsvector" in query["sql"]
    ]
    assert _results(client.get(URL, {"q": "Murghob"})) == []
