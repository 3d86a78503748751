"""Refusals and failures on the reader site: the site's own pages, in plain words."""

import lxml.html
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _error_urls(settings):
    settings.ROOT_URLCONF = "tests.newsroom.error_urls"


def _page(response):
    tree = lxml.html.fromstring(response.content)
    return {
        "brand": " ".join(tree.xpath("string(//header//a[@class='brand'])").split()),
        "heading": " ".join(tree.xpath("string(//main//h1)").split()),
        "says": " ".join(tree.xpath("string(//main//p)").split()),
        "links": tree.xpath("//main//a/@href"),
        "stylesheets": tree.xpath("//link[@rel='stylesheet']/@href"),
        "robots": tree.xpath("//meta[@name='robots']/@content"),
        "canonical": tree.xpath("//link[@rel='canonical']"),
    }


def _site_page(response, status, *, unlisted=False):
    """The site's own page for a refusal or a fault: its brand and style, and a
    way back to the front page; ``unlisted``, kept out of search engines."""
    assert response.status_code == status
    page = _page(response)
    assert page["brand"] == "The Newsroom"
    assert page["links"] == ["/"]
    assert page["stylesheets"] == ["/static/css/site.css"]
    if unlisted:
        assert page["robots"] == ["noindex"]
        assert page["canonical"] == []
    return page


def test_a_missing_page_says_so_and_leads_back(client):
    response = client.get("/no-such-page/")

    page = _site_page(response, 404)
    assert page["heading"] == "We couldn’t find that page"


def test_a_refusal_says_so_and_leads_back(client):
    response = client.get("/test/refused/")

    page = _site_page(response, 403, unlisted=True)
    assert page["heading"] == "This page isn’t open to you"
    assert "You don’t have permission to see it" in page["says"]


def test_a_fault_gets_the_sites_own_page_without_the_database(
    client, django_assert_num_queries
):
    client.raise_request_exception = False

    with django_assert_num_queries(0):
        response = client.get("/test/broken/")

    page = _site_page(response, 500, unlisted=True)
    assert page["heading"] == "Something went wrong on our side"
    assert "not because of anything you did" in page["says"]
    assert "no-store" in response["Cache-Control"]


def test_a_fault_while_the_database_is_out_still_gets_the_page(client, stop_database):
    client.raise_request_exception = False
    stop_database()

    response = client.get("/test/broken/")

    assert response.status_code == 500
    assert _page(response)["heading"] == "Something went wrong on our side"


def test_if_the_styled_page_fails_too_a_plain_one_is_sent(client, monkeypatch):
    client.raise_request_exception = False

    def broken_template(*args, **kwargs):
        raise RuntimeError("the template fails too")

    monkeypatch.setattr("newsroom.errors.loader.render_to_string", broken_template)

    response = client.get("/test/broken/")

    assert response.status_code == 500
    assert _page(response)["heading"] == "Something went wrong on our side"
    assert _page(response)["links"] == ["/"]
