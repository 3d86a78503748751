"""“Do you like this article?”: one vote per reader, counted exactly."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import Poll

JSON = {"HTTP_ACCEPT": "application/json"}


def _vote_url(article):
    return reverse("comments:poll", args=[article.pk])


@pytest.mark.django_db
def test_a_vote_without_script_is_counted_and_the_results_shown(
    client, published_article
):
    response = client.post(_vote_url(published_article), {"answer": "yes"})

    assert response.status_code == 303
    results = client.get(response.url)
    html = results.content.decode()
    assert "Thank you for voting." in html
    assert "You answered Yes." in html
    assert "1 reader has answered." in html
    assert Poll.objects.get(article=published_article).yes == 1


@pytest.mark.django_db
def test_a_vote_with_script_answers_with_the_results(client, published_article):
    response = client.post(_vote_url(published_article), {"answer": "no"}, **JSON)

    assert response.status_code == 200
    assert response.json() == {
        "message": "Thank you for voting.",
        "voted": "no",
        "yes": 0,
        "no": 1,
        "total": 1,
        "yesShare": 0,
        "noShare": 100,
    }


@pytest.mark.django_db
def test_a_second_vote_from_the_same_reader_does_not_count(client, published_article):
    client.post(_vote_url(published_article), {"answer": "yes"}, **JSON)

    again = client.post(_vote_url(published_article), {"answer": "no"}, **JSON)

    assert again.json()["message"] == "You have already voted on this story."
    assert again.json()["voted"] == "yes"
    poll = Poll.objects.get(article=published_article)
    assert (poll.yes, poll.no) == (1, 0)
    state = client.get(reverse("comments:state", args=[published_article.pk]))
    assert state.json()["poll"]["voted"] == "yes"


@pytest.mark.django_db
def test_the_vote_cookie_stays_off_story_pages(client, published_article):
    response = client.post(_vote_url(published_article), {"answer": "yes"})

    cookie = response.cookies["newsroom_votes"]
    assert cookie["path"] == "/reader/"
    assert cookie["httponly"]


@pytest.mark.django_db
def test_many_votes_from_one_network_are_limited(published_article, settings):
    settings.POLL_RATE_LIMIT = (3, 3600)
    answers = [
        Client().post(_vote_url(published_article), {"answer": "yes"}, **JSON)
        for _ in range(4)
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert Poll.objects.get(article=published_article).yes == 3


@pytest.mark.django_db
def test_an_unknown_answer_is_refused(client, published_article):
    response = client.post(_vote_url(published_article), {"answer": "maybe"}, **JSON)

    assert response.status_code == 400
    assert not Poll.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_votes_at_once_are_all_counted(published_article, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them.")
    settings.POLL_RATE_LIMIT = (1000, 3600)
    start = threading.Barrier(50)
    statuses = []

    def vote():
        reader = Client()
        start.wait()
        try:
            response = reader.post(
                _vote_url(published_article), {"answer": "yes"}, **JSON
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 50
    assert Poll.objects.get(article=published_article).yes == 50
