"""Editing a story safely: two editors at once, and addresses that last."""

from functools import partial

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory, save_in_admin

pytestmark = pytest.mark.django_db


def _form_values(response):
    tree = lxml.html.fromstring(response.content.decode())
    return {
        "loaded_version": tree.xpath("//input[@name='loaded_version']/@value")[0],
        "headline": tree.xpath("//input[@name='headline']/@value")[0],
        "errors": " ".join(
            tree.xpath("//ul[contains(@class,'errorlist')]")[0].itertext()
        )
        if tree.xpath("//ul[contains(@class,'errorlist')]")
        else "",
    }


def _working_headline(article):
    article.refresh_from_db()
    return article.working_copy.content["headline"]


def test_the_second_of_two_editors_is_refused_and_loses_nothing(
    client, admin_client, editor, published_article
):
    url = reverse("admin:articles_article_change", args=[published_article.pk])
    client.force_login(editor)
    opened = _form_values(client.get(url))
    first = admin_client.get(url)
    first_version = _form_values(first)["loaded_version"]
    saved = save_in_admin(
        admin_client,
        published_article,
        headline="Police commander confirmed dead",
        loaded_version=first_version,
    )
    assert saved.status_code == 302
    # The second editor's text; each save names the version it was made on.
    save_theirs = partial(
        save_in_admin,
        client,
        published_article,
        headline="Khalimov killed, officials say",
    )

    refused = save_theirs(loaded_version=opened["loaded_version"])

    assert refused.status_code == 200
    values = _form_values(refused)
    assert values["headline"] == "Khalimov killed, officials say"
    assert "Someone else saved this story" in values["errors"]
    assert "Police commander confirmed dead" in values["errors"]
    # A live story's edits wait in its working copy until an editor publishes.
    assert _working_headline(published_article) == "Police commander confirmed dead"

    merged = save_theirs(loaded_version=values["loaded_version"])

    assert merged.status_code == 302
    assert _working_headline(published_article) == "Khalimov killed, officials say"


def test_a_slug_change_on_a_published_story_leaves_a_301_behind(
    client, admin_client, published_article
):
    old_url = published_article.get_absolute_url()
    response = save_in_admin(
        admin_client, published_article, slug="khalimov-reported-killed"
    )
    assert response.status_code == 302
    published_article.refresh_from_db()

    moved = client.get(f"{old_url}?utm_source=x")

    assert moved.status_code == 301
    assert moved["Location"] == f"{published_article.get_absolute_url()}?utm_source=x"
    assert published_article.get_absolute_url().endswith("/khalimov-reported-killed/")
    assert client.get(moved["Location"]).status_code == 200


def test_a_section_change_redirects_the_old_address_too(client, published_article):
    old_url = published_article.get_absolute_url()
    published_article.section = SectionFactory(name="Security")
    published_article.save()

    moved = client.get(old_url)

    assert moved.status_code == 301
    assert moved["Location"].startswith("/security/")


def test_a_draft_slug_change_leaves_nothing_behind(client, admin_client):
    draft = ArticleFactory(headline="Working title")
    save_in_admin(admin_client, draft, slug="final-title")

    assert not draft.former_slugs.exists()
