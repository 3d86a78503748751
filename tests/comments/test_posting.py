"""Sending a comment, and what readers see of comments under a story."""

from datetime import timedelta

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, CommentModeration
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    SectionFactory,
    comment_data,
)

pytestmark = pytest.mark.django_db


def _page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_after_posting_the_reader_is_thanked_on_the_story(
    client, post_comment, published_article
):
    response = post_comment(published_article)

    assert response.status_code == 302
    assert (
        response.url
        == f"{published_article.get_absolute_url()}?comment=received#comments"
    )
    thanks = client.get(response.url).content.decode()
    assert (
        "Thank you — your comment will appear once a moderator approves it." in thanks
    )


def test_a_new_comment_is_neither_shown_nor_counted_until_approved(
    client, post_comment, published_article
):
    post_comment(published_article, body="Waiting for a moderator.")

    html = _page(client, published_article)
    assert "0 Comment(s)" in html
    assert "Waiting for a moderator." not in html
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_approved_comments_are_listed_oldest_first_with_name_and_date_not_email(
    client, published_article
):
    now = timezone.now()
    for minutes, name in [(5, "Second"), (10, "First")]:
        CommentFactory(
            article=published_article,
            name=name,
            status=Comment.Status.APPROVED,
            created_at=now - timedelta(minutes=minutes),
        )
    CommentFactory(
        article=published_article, body="Buy now.", status=Comment.Status.SPAM
    )

    html = _page(client, published_article)

    assert "2 Comment(s)" in html
    tree = lxml.html.fromstring(html)
    names = tree.xpath("//li[@class='comment']//strong/text()")
    assert names == ["First", "Second"]
    assert tree.xpath("//li[@class='comment']//time/@datetime")
    assert "@example.org" not in html
    assert "Buy now." not in html


def test_a_comment_with_a_script_is_shown_as_text(client, published_article):
    CommentFactory(
        article=published_article,
        name="<b>Eve</b>",
        body='<script>alert("x")</script> <a href="http://x">link</a>',
        status=Comment.Status.APPROVED,
    )

    html = _page(client, published_article)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert '<a href="http://x">' not in html


def test_sending_the_same_comment_twice_stores_it_once(post_comment, published_article):
    first = post_comment(published_article)
    second = post_comment(published_article)

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Comment.objects.count() == 1


def test_under_post_moderation_a_comment_appears_at_once(
    client, post_comment, published_article
):
    published_article.comment_moderation = CommentModeration.POST
    published_article.save()

    response = post_comment(published_article, body="Straight onto the page.")

    assert response.url.endswith("?comment=published#comments")
    html = _page(client, published_article)
    assert "1 Comment(s)" in html
    assert "Straight onto the page." in html


def test_section_post_moderation_applies_unless_the_story_overrides_it(
    post_comment,
):
    section = SectionFactory(comment_moderation=CommentModeration.POST)
    open_story = ArticleFactory(published=True, section=section)
    strict_story = ArticleFactory(
        published=True, section=section, comment_moderation=CommentModeration.PRE
    )

    post_comment(open_story, body="On the first story.")
    post_comment(strict_story, body="On the second story.")

    assert Comment.objects.get(article=open_story).status == Comment.Status.APPROVED
    assert Comment.objects.get(article=strict_story).status == Comment.Status.PENDING


def test_comments_close_automatically_days_after_publication(client, post_comment):
    section = SectionFactory(comments_close_after_days=7)
    old = ArticleFactory(
        published=True, section=section, publish_at=timezone.now() - timedelta(days=8)
    )
    recent = ArticleFactory(
        published=True, section=section, publish_at=timezone.now() - timedelta(days=6)
    )

    assert "Comments on this story are closed." in _page(client, old)
    assert "data-comment-form" in _page(client, recent)
    refused = post_comment(old)
    assert refused.status_code == 403
    assert "Comments on this story are closed." in refused.content.decode()
    assert not Comment.objects.exists()


def test_a_story_can_reopen_comments_its_section_closed(client, post_comment):
    section = SectionFactory(comments_enabled=False)
    closed = ArticleFactory(published=True, section=section)
    reopened = ArticleFactory(
        published=True, section=section, commenting=Article.Commenting.OPEN
    )

    assert "data-comment-form" not in _page(client, closed)
    assert post_comment(reopened).status_code == 302
    assert post_comment(closed).status_code == 403


def test_comments_on_a_draft_are_refused(post_comment):
    draft = ArticleFactory()

    assert post_comment(draft).status_code == 404
    assert not Comment.objects.exists()


def test_without_script_the_reader_confirms_once_and_loses_nothing(published_article):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("comments:post", args=[published_article.pk])
    typed = comment_data(started="", body="Sent from a browser without script.")
    typed.pop("started")

    first = browser.post(url, typed)

    assert first.status_code == 200
    assert not Comment.objects.exists()
    page = lxml.html.fromstring(first.content.decode())
    [form] = page.xpath("//form[@data-comment-form]")
    assert "Please check your comment" in first.content.decode()
    fields = {
        element.get("name"): element.get("value") or element.text or ""
        for element in form.xpath(".//input[@name] | .//textarea[@name]")
    }
    assert fields["csrfmiddlewaretoken"]
    assert fields["started"]
    assert fields["body"].strip() == "Sent from a browser without script."
    assert fields["email"] == "farrukh@example.org"

    fields["body"] = fields["body"].strip()
    with_time = {**fields, "started": comment_data()["started"]}
    second = browser.post(url, with_time)

    assert second.status_code == 302
    assert Comment.objects.get().body == "Sent from a browser without script."


def test_state_endpoint_gives_the_page_its_tokens_and_is_never_cached(
    client, published_article
):
    response = client.get(reverse("comments:state", args=[published_article.pk]))

    assert response.status_code == 200
    state = response.json()
    assert state["csrfToken"]
    assert state["started"]
    assert state["poll"] is None
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("count", [1, 12])
def test_story_page_queries_do_not_grow_with_comments(
    client,
    site_settings_cached,
    published_article,
    django_assert_max_num_queries,
    count,
):
    Comment.objects.bulk_create(
        Comment(
            article=published_article,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body=f"Comment {n}",
            body_hash=f"{n:064d}",
            status=Comment.Status.APPROVED,
        )
        for n in range(count)
    )

    with django_assert_max_num_queries(10):
        response = client.get(published_article.get_absolute_url())

    assert f"{count} Comment(s)" in response.content.decode()


def test_the_email_rate_limit_holds_for_a_long_address(client, settings):
    settings.COMMENTS_RATE_LIMIT = (1, 600)
    story = ArticleFactory(published=True)
    email = f"{'r' * 230}@example.org"
    url = reverse("comments:post", args=[story.pk])
    client.post(url, comment_data(email=email, body="First."), REMOTE_ADDR="10.0.0.1")

    again = client.post(
        url, comment_data(email=email, body="Second."), REMOTE_ADDR="10.0.0.2"
    )

    assert again.status_code == 429
