"""What the desk tells an editor after each save and step, and what it refuses."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import previews, services
from articles.models import Article
from newsroom import errors
from tests.factories import ArticleFactory, change_form_post, save_in_admin

pytestmark = pytest.mark.django_db

WORKING_COPY_NOTICE = "Saved as unpublished changes"
CHANGELIST = reverse("admin:articles_article_changelist")


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("changes", [{"slug": "khalimov-moves"}, {}])
def test_a_live_story_saved_without_a_text_change_is_not_called_unpublished_changes(
    client, editor, published_article, changes
):
    client.force_login(editor)

    response = save_in_admin(
        client, published_article, follow=True, _continue="1", **changes
    )

    assert response.redirect_chain[-1][0] == _change(published_article)
    assertNotContains(response, WORKING_COPY_NOTICE)
    assertNotContains(response, "unpublished changes")
    published_article.refresh_from_db()
    assert published_article.working_copy_id is None
    assertNotContains(client.get(CHANGELIST), "unpublished changes")


def test_a_slug_change_beside_waiting_changes_makes_no_new_working_copy(
    client, editor, published_article
):
    client.force_login(editor)
    save_in_admin(
        client, published_article, follow=True, headline="Khalimov confirmed dead"
    )
    published_article.refresh_from_db()
    waiting = published_article.working_copy_id

    response = save_in_admin(
        client,
        published_article.apply_working_copy(),
        follow=True,
        _continue="1",
        slug="khalimov-confirmed-dead",
    )

    assert WORKING_COPY_NOTICE not in " ".join(_messages(response))
    published_article.refresh_from_db()
    assert published_article.working_copy_id == waiting
    assert published_article.slug == "khalimov-confirmed-dead"


def test_a_text_change_on_a_live_story_says_it_waits_for_an_editor(
    client, editor, published_article
):
    client.force_login(editor)

    response = save_in_admin(
        client, published_article, follow=True, headline="Khalimov confirmed dead"
    )

    assertContains(response, WORKING_COPY_NOTICE)
    assertContains(response, "unpublished changes")


def test_a_writer_posting_the_publish_action_is_refused_by_role(client, writer):
    draft = ArticleFactory(headline="Writer's own draft", created_by=writer)
    client.force_login(writer)

    for action in ["publish_now", "unpublish"]:
        response = client.post(
            CHANGELIST, {"action": action, "_selected_action": [draft.pk]}
        )

        assert response.status_code == 403
        assertContains(response, "Only an editor can do this.", status_code=403)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_unpublish_action_says_why_it_left_a_draft_alone(client, editor):
    draft = ArticleFactory(headline="Still a draft")
    client.force_login(editor)

    response = client.post(
        CHANGELIST,
        {"action": "unpublish", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert "“Still a draft”: Only a published or scheduled story can be " in (
        " ".join(_messages(response))
    )
    assertContains(response, "0 stories taken off the site.")


def test_a_refused_button_says_why_and_saves_nothing(client, editor, published_article):
    client.force_login(editor)

    # Unpublish pressed on a page older than the story being taken down.
    services.article_unpublish(article=published_article, by=editor)
    response = save_in_admin(
        client,
        published_article,
        follow=True,
        headline="Not saved",
        _unpublish="Unpublish",
    )

    assertContains(response, "Only a published or scheduled story can be unpublished.")
    published_article.refresh_from_db()
    assert published_article.headline != "Not saved"


def test_a_writer_pressing_publish_on_the_form_is_told_the_role(client, writer):
    draft = ArticleFactory(headline="Writer's own draft", created_by=writer)
    client.force_login(writer)

    response = save_in_admin(client, draft, headline="Changed", _publish="Publish")

    assertContains(response, "Only an editor can do this.", status_code=403)
    draft.refresh_from_db()
    assert draft.headline == "Writer's own draft"
    assert draft.status == Article.Status.DRAFT


def _view_on_site(client, article):
    """Where the change form's "View on site" leads."""
    response = client.get(_change(article))
    assertContains(response, "View on site")
    return response.context["absolute_url"]


def test_view_on_site_opens_the_preview_of_a_story_readers_cannot_see(
    client, admin_client
):
    draft = ArticleFactory(headline="Not out yet")

    link = _view_on_site(admin_client, draft)

    # The same signed story (the signature carries the second it was made).
    assert link.split(":")[0] == previews.preview_url(article=draft).split(":")[0]
    assertContains(client.get(link), "Not out yet")


def test_view_on_site_opens_the_readers_page_of_a_live_story(
    admin_client, published_article
):
    link = _view_on_site(admin_client, published_article)

    assert link == published_article.get_absolute_url()


@pytest.mark.parametrize(
    ("who", "button", "message"),
    [
        ("writer", "_submit", "Submitted for review"),
        ("editor", "_publish", "Published: readers see it now."),
    ],
)
def test_after_a_step_the_editor_stays_on_the_story(
    client, request, who, button, message
):
    person = request.getfixturevalue(who)
    draft = ArticleFactory(headline="A draft", created_by=person)
    client.force_login(person)

    response = save_in_admin(client, draft, follow=True, **{button: "1"})

    assert response.redirect_chain == [(_change(draft), 302)]
    assert message in " ".join(_messages(response))


def test_a_refusal_in_the_admin_looks_like_the_admin_and_links_back(client, writer):
    draft = ArticleFactory(created_by=writer)
    client.force_login(writer)

    response = client.post(
        _change(draft),
        change_form_post(draft, _publish="Publish"),
        headers={"referer": f"http://testserver{_change(draft)}"},
    )

    assertContains(response, 'id="site-name"', status_code=403)  # the admin's header
    assertContains(response, "Only an editor can do this.", status_code=403)
    assertContains(response, "Nothing was changed.", status_code=403)
    assertContains(
        response, f'href="http://testserver{_change(draft)}"', status_code=403
    )


def test_a_refusal_on_the_reader_site_keeps_the_sites_page(rf):
    response = errors.permission_denied(rf.get("/search/"), PermissionDenied())

    assertContains(response, "This page isn’t open to you", status_code=403)
    assertNotContains(response, 'id="site-name"', status_code=403)


def test_a_writer_is_told_who_adds_sections_and_authors(client, writer, editor):
    client.force_login(writer)
    form = client.get(reverse("admin:articles_article_add"))

    assertContains(form, "Only editors can add sections: ask an editor.")
    assertContains(form, "Only editors can add authors: ask an editor.")

    client.force_login(editor)
    form = client.get(reverse("admin:articles_article_add"))

    assertNotContains(form, "Only editors can add")


@pytest.mark.parametrize("warn_at", [110, 80])
def test_the_headline_field_warns_past_the_newsrooms_length(
    admin_client, settings, warn_at
):
    settings.NEWSROOM_HEADLINE_WARN_LENGTH = warn_at

    form = admin_client.get(reverse("admin:articles_article_add"))

    # desk.js counts as it is typed; the form only says where the warning starts.
    assertContains(form, f'data-warn-length="{warn_at}"')


def test_enter_in_the_story_form_saves_and_never_discards(client, editor):
    story = ArticleFactory(
        published=True, publish_at=timezone.now() - timedelta(hours=1)
    )
    story.headline = "Unpublished change"
    services.article_save(article=story, by=editor)
    client.force_login(editor)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    # The browser's implicit submission presses the first submit button.
    form = page.content.decode().split('id="article_form"', 1)[1]
    first = re.search(r"<(?:button|input)[^>]*type=\"submit\"[^>]*>", form).group(0)
    assert 'name="_continue"' in first
    assert "Discard the changes" in form
