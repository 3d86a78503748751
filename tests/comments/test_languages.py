"""Comments per edition: word rules limited to a language, and the moderation
queue by the story's language."""

import lxml.html
import pytest
from django.urls import reverse

from articles.models import CommentModeration
from comments.models import Comment, WordRule
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def _open_story(language):
    """A live, post-moderated story: a comment held back was held by a rule."""
    return ArticleFactory(
        published=True,
        language=language,
        comment_moderation=CommentModeration.POST,
    )


@pytest.fixture
def russian_only_rule():
    return WordRule.objects.create(
        phrase="блин", action=WordRule.Action.HOLD, language="ru"
    )


def test_a_russian_only_rule_holds_russian_comments(post_comment, russian_only_rule):
    post_comment(_open_story("ru"), body="Ну блин, опять дороги закрыли.")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.rule == "suspect_word"


def test_a_russian_only_rule_does_not_hold_english_comments(
    post_comment, russian_only_rule
):
    post_comment(_open_story("en"), body="Блин is a pancake, and the road is shut.")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.rule == ""


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_rule_for_every_language_holds_comments_in_each(post_comment, language):
    WordRule.objects.create(phrase="lawsuit", action=WordRule.Action.HOLD)

    post_comment(_open_story(language), body="Expect a lawsuit over this.")

    assert Comment.objects.get().rule == "suspect_word"


def test_a_moderator_limits_a_rule_to_a_language_in_the_admin(client, moderator):
    client.force_login(moderator)
    add = reverse("admin:comments_wordrule_add")
    page = lxml.html.fromstring(client.get(add).content)
    options = page.xpath("//select[@name='language']/option")
    assert [(o.get("value"), o.text) for o in options] == [
        ("", "Every language"),
        ("en", "English"),
        ("ru", "Russian"),
    ]

    response = client.post(
        add, {"phrase": "Блин", "action": WordRule.Action.HOLD, "language": "ru"}
    )

    assert response.status_code == 302
    rule = WordRule.objects.get()
    assert (rule.phrase, rule.language) == ("блин", "ru")
    listing = lxml.html.fromstring(
        client.get(reverse("admin:comments_wordrule_changelist")).content
    )
    assert listing.xpath("//td[contains(@class, 'field-languages')]")[0].text == (
        "Russian"
    )


def test_a_rule_for_a_language_the_site_has_no_edition_in_is_refused(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_wordrule_add"),
        {"phrase": "merde", "action": WordRule.Action.HOLD, "language": "fr"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not WordRule.objects.exists()


def test_the_queue_filters_by_the_storys_language(client, moderator):
    CommentFactory(article=_open_story("en"), body="An English comment.")
    CommentFactory(article=_open_story("ru"), body="Русский комментарий.")
    client.force_login(moderator)

    everything = client.get(QUEUE).content.decode()
    russian = client.get(QUEUE, {"language": "ru"}).content.decode()

    assert "An English comment." in everything
    assert "Русский комментарий." in everything
    assert "Русский комментарий." in russian
    assert "An English comment." not in russian
    tree = lxml.html.fromstring(everything)
    (group,) = tree.xpath(
        "//nav[@id='changelist-filter']//details[@data-filter-title='language']"
    )
    assert [a.text_content().strip() for a in group.xpath(".//li/a")] == [
        "All",
        "English",
        "Russian",
    ]
