"""The automatic rules a new comment meets, and what the moderator is told."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import CommentModeration
from comments.models import BannedEmail, Comment, WordRule
from tests.factories import ArticleFactory, comment_data, shown_seconds_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_story(published_article):
    """A post-moderated story, so any comment held back was held by a rule."""
    published_article.comment_moderation = CommentModeration.POST
    published_article.save()
    return published_article


def _only_comment():
    return Comment.objects.get()


def test_a_filled_honeypot_files_the_comment_as_spam(post_comment, open_story):
    response = post_comment(open_story, website="http://cheap.example")

    assert response.status_code == 302  # the robot learns nothing
    comment = _only_comment()
    assert comment.status == Comment.Status.SPAM
    assert comment.rule == "honeypot"


def test_a_form_sent_faster_than_a_person_types_waits_for_a_moderator(
    post_comment, open_story
):
    # A browser that fills in the form is as fast as a robot: a person decides.
    response = post_comment(open_story, started=shown_seconds_ago(1))

    assert response.status_code == 302
    assert response.url.endswith("?comment=received#comments")
    comment = _only_comment()
    assert comment.status == Comment.Status.PENDING
    assert comment.rule == "too_fast"
    assert comment.rule_reason.startswith("Sent 1.")


def test_a_fast_form_with_a_banned_word_is_still_rejected(post_comment, open_story):
    WordRule.objects.create(phrase="slur", action=WordRule.Action.REJECT)

    post_comment(open_story, started=shown_seconds_ago(1), body="What a slur.")

    comment = _only_comment()
    assert comment.status == Comment.Status.REJECTED
    assert comment.rule == "banned_word"


def test_a_forged_start_time_is_not_trusted(post_comment, open_story):
    response = post_comment(open_story, started="1700000000")

    assert response.status_code == 200
    assert "Please check your comment" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("phrase", "action", "body", "status", "rule"),
    [
        pytest.param(
            "Slur Word",
            WordRule.Action.REJECT,
            "You are a SLUR   word, frankly.",
            Comment.Status.REJECTED,
            "banned_word",
            id="a banned word rejects the comment",
        ),
        pytest.param(
            "lawsuit",
            WordRule.Action.HOLD,
            "Expect a lawsuit over this.",
            Comment.Status.PENDING,
            "suspect_word",
            id="a suspect word holds it for a moderator",
        ),
    ],
)
def test_a_word_rule_decides_the_comment_and_says_which(
    post_comment, open_story, phrase, action, body, status, rule
):
    WordRule.objects.create(phrase=phrase, action=action)

    post_comment(open_story, body=body)

    comment = _only_comment()
    assert comment.status == status
    assert comment.rule == rule
    assert phrase.casefold() in comment.rule_reason


def test_a_banned_word_inside_another_word_does_not_fire(post_comment, open_story):
    WordRule.objects.create(phrase="ass", action=WordRule.Action.REJECT)

    post_comment(open_story, body="The assessment was fair.")

    assert _only_comment().status == Comment.Status.APPROVED


def test_more_links_than_allowed_hold_the_comment(post_comment, open_story, settings):
    settings.COMMENTS_MAX_LINKS = 2

    post_comment(
        open_story,
        body="See https://a.example, http://b.example and www.c.example",
    )

    comment = _only_comment()
    assert comment.status == Comment.Status.PENDING
    assert comment.rule == "links"
    assert comment.rule_reason == "Contains 3 links."


def test_a_banned_address_is_rejected(post_comment, open_story):
    BannedEmail.objects.create(email="Troll@Example.org")

    post_comment(open_story, email="troll@example.ORG")

    comment = _only_comment()
    assert comment.status == Comment.Status.REJECTED
    assert comment.rule == "banned_email"


def test_the_same_text_on_another_story_is_caught_as_a_duplicate(
    post_comment, open_story
):
    other = ArticleFactory(published=True, comment_moderation=CommentModeration.POST)
    post_comment(other, body="Visit my channel for the truth!")

    post_comment(open_story, body="visit my  channel for the TRUTH!")

    comment = Comment.objects.get(article=open_story)
    assert comment.status == Comment.Status.SPAM
    assert comment.rule == "duplicate"


def test_too_many_comments_from_one_address_get_a_friendly_429(
    client, open_story, settings
):
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    url = reverse("comments:post", args=[open_story.pk])
    for n in range(2):
        assert client.post(url, comment_data(body=f"Comment {n}")).status_code == 302

    response = client.post(url, comment_data(body="One too many."))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a few minutes" in html
    assert "One too many." in html
    assert Comment.objects.count() == 2


def test_the_email_limit_holds_across_addresses(open_story, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    url = reverse("comments:post", args=[open_story.pk])
    for n in range(2):
        reader = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        assert reader.post(url, comment_data(body=f"From {n}")).status_code == 302

    third = Client(REMOTE_ADDR="203.0.113.99").post(url, comment_data(body="Again"))

    assert third.status_code == 429


def test_the_limit_does_not_reset_on_the_hour(client, open_story, settings):
    """A window opens at the sender's first comment: one aligned to the clock
    would let a burst on either side of its boundary through twice."""
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    url = reverse("comments:post", args=[open_story.pk])
    hour = (timezone.now() + timedelta(hours=1)).replace(
        minute=0, second=0, microsecond=0
    )
    with time_machine.travel(hour - timedelta(seconds=2)):
        started = shown_seconds_ago(60)
        for n in range(2):
            sent = client.post(url, comment_data(body=f"Before {n}", started=started))
            assert sent.status_code == 302
            started = shown_seconds_ago(60)

    with time_machine.travel(hour + timedelta(seconds=2)):
        third = client.post(
            url, comment_data(body="Just after.", started=shown_seconds_ago(60))
        )

    assert third.status_code == 429
    assert Comment.objects.count() == 2


def test_the_ip_address_is_stored_only_as_a_salted_hash(
    client, post_comment, open_story
):
    post_comment(open_story)

    comment = _only_comment()
    assert len(comment.ip_hash) == 64
    assert "127.0.0.1" not in comment.ip_hash


def test_a_form_token_sends_one_comment_only(post_comment, open_story):
    token = shown_seconds_ago(60)
    post_comment(open_story, started=token)

    again = post_comment(
        open_story, started=token, body="A second comment on the same token."
    )

    assert again.status_code == 200
    assert "Please check your comment" in again.content.decode()
    assert "A second comment on the same token." in again.content.decode()
    assert Comment.objects.count() == 1


def test_a_form_token_expires(post_comment, open_story, settings):
    token = shown_seconds_ago(60)

    with time_machine.travel(timedelta(seconds=settings.COMMENTS_FORM_MAX_AGE + 1)):
        response = post_comment(open_story, started=token)

    assert response.status_code == 200
    assert "Please check your comment" in response.content.decode()
    assert not Comment.objects.exists()
    assert settings.COMMENTS_FORM_MAX_AGE <= 2 * 60 * 60
