"""The moderation queue: who may use it, what deciding does, the record it keeps."""

import json

import lxml.html
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from comments.models import BannedEmail, Comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def waiting(published_article):
    return [
        Comment.objects.create(
            article=published_article,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            body=f"Comment number {n}.",
        )
        for n in range(3)
    ]


def _act(client, action, comments, **extra):
    return client.post(
        QUEUE,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [comment.pk for comment in comments],
            **extra,
        },
    )


def test_the_queue_opens_on_pending_comments(client, moderator, waiting):
    Comment.objects.filter(pk=waiting[0].pk).update(status=Comment.Status.APPROVED)
    client.force_login(moderator)

    response = client.get(QUEUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Comment number 1." in html
    assert "Comment number 0." not in html


def test_a_moderator_approves_in_bulk_and_the_story_counts_them(
    client, moderator, waiting, published_article
):
    client.force_login(moderator)

    response = _act(client, "approve", waiting[:2])

    assert response.status_code == 302
    approved = Comment.objects.filter(status=Comment.Status.APPROVED)
    assert {c.pk for c in approved} == {waiting[0].pk, waiting[1].pk}
    for comment in approved:
        assert comment.moderated_by == moderator
        assert comment.moderated_at is not None
    assert (
        LogEntry.objects.filter(user=moderator, change_message="Approved").count() == 2
    )
    client.logout()
    page = client.get(published_article.get_absolute_url()).content.decode()
    assert "2 Comment(s)" in page
    assert "Comment number 0." in page
    assert "Comment number 2." not in page


def test_rejecting_asks_for_a_reason_then_records_it(client, moderator, waiting):
    client.force_login(moderator)

    asked = _act(client, "reject", waiting)

    assert asked.status_code == 200
    assert "Why are these comments rejected?" in asked.content.decode()
    assert not Comment.objects.filter(status=Comment.Status.REJECTED).exists()

    done = _act(client, "reject", waiting, apply="1", reason="off_topic")

    assert done.status_code == 302
    for comment in Comment.objects.all():
        assert comment.status == Comment.Status.REJECTED
        assert comment.rejection_reason == Comment.RejectionReason.OFF_TOPIC
        assert comment.moderated_by == moderator
    queue = client.get(f"{QUEUE}?status=rejected").content.decode()
    assert "Off topic" in queue
    assert "mona" in queue


def test_a_moderator_can_ban_the_sender_of_a_comment(client, moderator, waiting):
    client.force_login(moderator)

    _act(client, "ban_senders", waiting[:1])

    banned = BannedEmail.objects.get()
    assert banned.email == "reader0@example.org"
    assert banned.banned_by == moderator


@pytest.mark.parametrize("who", ["writer", "anonymous"])
def test_writers_and_strangers_cannot_reach_the_queue(client, request, who, waiting):
    if who == "writer":
        client.force_login(request.getfixturevalue("writer"))

    listing = client.get(QUEUE)
    crafted = _act(client, "approve", waiting)

    expected = 403 if who == "writer" else 302
    assert listing.status_code == expected
    assert crafted.status_code == expected
    if who == "anonymous":
        assert listing.url.startswith(reverse("admin:login"))
    assert not Comment.objects.exclude(status=Comment.Status.PENDING).exists()


def test_a_moderator_cannot_edit_or_add_articles(client, moderator, published_article):
    client.force_login(moderator)
    change = reverse("admin:articles_article_change", args=[published_article.pk])

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(change).status_code == 403
    crafted = client.post(change, {"headline": "Moderator was here"})
    assert crafted.status_code == 403
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    published_article.refresh_from_db()
    assert published_article.headline != "Moderator was here"


def test_an_editor_exports_and_deletes_a_readers_comments(client, editor, waiting):
    ArticleFactory(published=True)
    client.force_login(editor)
    url = reverse("admin:comments_comment_personal_data")

    export = client.post(url, {"email": "READER1@example.org", "export": "1"})

    assert export["Content-Disposition"].startswith("attachment")
    data = json.loads(export.content)
    assert [c["comment"] for c in data["comments"]] == ["Comment number 1."]

    asked = client.post(url, {"email": "reader1@example.org", "delete": "1"})
    assert "Delete 1 comment sent from reader1@example.org?" in asked.content.decode()
    assert Comment.objects.count() == 3

    client.post(url, {"email": "reader1@example.org", "confirm_delete": "1"})

    assert not Comment.objects.filter(email="reader1@example.org").exists()
    assert Comment.objects.count() == 2


def test_a_moderator_cannot_export_personal_data(client, moderator, waiting):
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_comment_personal_data"),
        {"email": "reader1@example.org", "export": "1"},
    )

    assert response.status_code == 403


def _filter_choices(html, title):
    """The entries of one of the queue's filters, as a moderator reads them."""
    tree = lxml.html.fromstring(html)
    (group,) = tree.xpath(
        f"//nav[@id='changelist-filter']//details[@data-filter-title='{title}']"
    )
    return [" ".join(a.text_content().split()) for a in group.xpath(".//li/a")]


def test_the_queue_names_the_rule_that_fired_in_plain_words(
    client, moderator, published_article, settings
):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    Comment.objects.create(
        article=published_article,
        name="Dilnoza",
        email="dilnoza@example.org",
        body="I was there this morning.",
        rule="too_fast",
        rule_reason="Sent 1.4 seconds after the form was shown.",
    )
    client.force_login(moderator)

    html = client.get(QUEUE).content.decode()

    tree = lxml.html.fromstring(html)
    (why,) = tree.xpath("//td[contains(@class, 'field-why')]")
    assert " ".join(why.text_content().split()) == (
        "Sent within 3 seconds of opening the page "
        "Sent 1.4 seconds after the form was shown."
    )
    assert "too_fast" not in " ".join(tree.xpath("//body//text()"))


def test_the_queue_shows_every_column_that_matters(client, moderator, waiting):
    client.force_login(moderator)

    tree = lxml.html.fromstring(client.get(QUEUE).content)

    headers = [
        " ".join(th.text_content().split()).lower()
        for th in tree.xpath("//table[@id='result_list']/thead//th")
    ]
    assert headers[1:] == [
        "comment",
        "name",
        "story",
        "posted",
        "status",
        "why",
        "decided",
    ]
    (why,) = tree.xpath("//tbody/tr[1]/td[contains(@class, 'field-why')]")
    assert why.text_content() == "Pre-moderated story"


def test_the_filters_have_no_empty_entry_and_rules_read_as_words(
    client, moderator, waiting, settings
):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    settings.COMMENTS_MAX_LINKS = 2
    Comment.objects.filter(pk=waiting[0].pk).update(rule="links")
    client.force_login(moderator)

    html = client.get(QUEUE).content.decode()

    assert _filter_choices(html, "status") == [
        "Pending",
        "Approved",
        "Rejected",
        "Spam",
        "All",
    ]
    assert _filter_choices(html, "rule") == [
        "All",
        "Filled in the field only robots see",
        "Sent from a banned address",
        "Contains a banned word",
        "Same text on another story",
        "Sent within 3 seconds of opening the page",
        "More than 2 links",
        "Contains a word to check",
    ]
    held_for_links = client.get(QUEUE, {"rule": "links"}).content.decode()
    assert "Comment number 0." in held_for_links
    assert "Comment number 1." not in held_for_links


def test_the_filters_count_when_asked(client, moderator, waiting):
    Comment.objects.filter(pk=waiting[0].pk).update(
        status=Comment.Status.SPAM, rule="honeypot"
    )
    client.force_login(moderator)

    html = client.get(QUEUE, {"_facets": "True"}).content.decode()

    assert _filter_choices(html, "status")[:4] == [
        "Pending (2)",
        "Approved (0)",
        "Rejected (0)",
        "Spam (1)",
    ]
    assert "Filled in the field only robots see (0)" in _filter_choices(html, "rule")


def test_a_comment_names_its_rule_in_plain_words(client, moderator, waiting):
    Comment.objects.filter(pk=waiting[0].pk).update(rule="suspect_word")
    client.force_login(moderator)

    page = client.get(reverse("admin:comments_comment_change", args=[waiting[0].pk]))

    assert "Contains a word to check" in page.content.decode()
    assert "suspect_word" not in page.content.decode()
