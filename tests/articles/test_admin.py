"""The editorial desk: the admin lists, edits and publishes stories."""

from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    change_form_post,
    save_in_admin,
)

pytestmark = pytest.mark.django_db


def _with_bylines(data, *bylines):
    """Add byline rows to a change-form post: (author, position) pairs."""
    data = dict(data, **{"bylines-TOTAL_FORMS": str(len(bylines))})
    for i, (author, position) in enumerate(bylines):
        data[f"bylines-{i}-author"] = author.pk
        data[f"bylines-{i}-position"] = position
    return data


@pytest.mark.parametrize("model", ["article", "section", "author", "tag"])
def test_superuser_can_open_each_changelist(admin_client, published_article, model):
    response = admin_client.get(reverse(f"admin:articles_{model}_changelist"))

    assert response.status_code == 200


def test_article_changelist_shows_bylines_in_order(admin_client):
    ArticleFactory(
        headline="Border talks resume",
        authors=[AuthorFactory(name="Zarina Ergasheva"), AuthorFactory(name="Ali K")],
    )

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    assertContains(response, "Border talks resume")
    assertContains(response, "Zarina Ergasheva, Ali K")


def test_article_changelist_tells_scheduled_stories_from_live_ones(admin_client):
    ArticleFactory(headline="Live now", published=True)
    ArticleFactory(headline="Tomorrow's story", scheduled=True)

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    rows = {
        row[0]: row[2]
        for row in (
            [cell.text_content().strip() for cell in tr.xpath("./th|./td")][1:]
            for tr in lxml.html.fromstring(response.content).xpath(
                "//table[@id='result_list']/tbody/tr"
            )
        )
    }
    assert rows["Live now"] == "Published"
    assert rows["Tomorrow's story"] == "Scheduled"


def test_article_changelist_finds_stories_by_headline(admin_client):
    ArticleFactory(headline="Border talks resume")
    ArticleFactory(headline="Cotton harvest falls short")

    response = admin_client.get(
        reverse("admin:articles_article_changelist"), {"q": "cotton"}
    )

    assertContains(response, "Cotton harvest falls short")
    assert "Border talks resume" not in response.content.decode()


def test_article_change_form_loads_with_a_view_on_site_link(
    admin_client, published_article
):
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[published_article.pk])
    )

    assert response.status_code == 200
    assertContains(response, published_article.headline)
    assertContains(response, "View on site")
    assertContains(response, "Nadin Bahrom")


def test_article_add_form_loads(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    assert response.status_code == 200
    assertContains(response, 'name="bylines-TOTAL_FORMS"')


def test_two_bylines_saved_through_the_admin_keep_their_order(admin_client):
    # Created second, named later in the alphabet, yet first in the byline.
    second = AuthorFactory(name="Aziz Sattorov")
    first = AuthorFactory(name="Nadin Bahrom")
    article = ArticleFactory()

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _with_bylines(change_form_post(article), (second, 1), (first, 0)),
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.ordered_authors == [first, second]


def test_new_article_added_through_the_admin_keeps_its_byline_order(admin_client):
    first = AuthorFactory(name="Nadin Bahrom")
    second = AuthorFactory(name="Aziz Sattorov")
    section = SectionFactory(name="Terrorism")
    data = change_form_post(
        Article(headline="Recruiters target migrant workers", section=section),
        slug="",
        body="<p>DUSHANBE -- Recruiters have moved online.</p>",
    )

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        _with_bylines(data, (first, 0), (second, 1)),
    )

    assert response.status_code == 302
    article = Article.objects.get(headline="Recruiters target migrant workers")
    assert article.slug == "recruiters-target-migrant-workers"
    assert article.ordered_authors == [first, second]


def test_publishing_in_the_change_form_records_the_first_publication(admin_client):
    article = ArticleFactory()
    when = timezone.now().replace(microsecond=0, second=0) - timedelta(minutes=5)
    local = timezone.localtime(when)

    response = save_in_admin(
        admin_client,
        article,
        _publish="Publish or schedule",
        publish_at_0=local.strftime("%Y-%m-%d"),
        publish_at_1=local.strftime("%H:%M:%S"),
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.publish_at == when
    assert article.first_published_at == when
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_publish_time_publishes_now(admin_client):
    article = ArticleFactory()

    with time_machine.travel("2026-03-08 09:30 +05:00", tick=False):
        response = save_in_admin(
            admin_client, article, _publish="Publish or schedule", follow=True
        )

    assertContains(response, "Published: readers see it now.")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at.isoformat() == "2026-03-08T04:30:00+00:00"


def test_a_save_without_a_button_of_the_workflow_leaves_the_status_alone(
    admin_client,
):
    article = ArticleFactory()

    save_in_admin(admin_client, article, status="published")

    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_unpublishing_in_the_change_form_takes_the_story_off_the_site(
    admin_client, client, published_article
):
    url = published_article.get_absolute_url()

    response = save_in_admin(admin_client, published_article, _unpublish="Unpublish")

    assert response.status_code == 302
    assert client.get(url).status_code == 404
    published_article.refresh_from_db()
    assert published_article.status == Article.Status.UNPUBLISHED


def test_publish_now_action_puts_selected_drafts_on_the_site(admin_client):
    drafts = ArticleFactory.create_batch(2)
    untouched = ArticleFactory()

    with time_machine.travel("2026-03-08 09:30 +05:00", tick=False):
        response = admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [a.pk for a in drafts]},
            follow=True,
        )

    assertContains(response, "2 stories published.")
    published = Article.objects.published()
    assert set(published) == set(drafts)
    assert untouched not in published
    for article in published:
        assert article.first_published_at.isoformat() == "2026-03-08T04:30:00+00:00"


def test_publish_now_action_leaves_a_live_story_at_its_address(
    admin_client, client, published_article
):
    url = published_article.get_absolute_url()

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = admin_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [published_article.pk]},
            follow=True,
        )

    assertContains(response, "0 stories published.")
    assert client.get(url).status_code == 200


def test_unpublish_action_takes_a_story_off_the_site(
    admin_client, client, published_article
):
    url = published_article.get_absolute_url()

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [published_article.pk]},
        follow=True,
    )

    assertContains(response, "1 story taken off the site.")
    assert not Article.objects.published().exists()
    assert client.get(url).status_code == 404


def test_unpublish_action_leaves_a_draft_in_the_selection_alone(
    admin_client, published_article
):
    draft = ArticleFactory()

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [draft.pk, published_article.pk]},
        follow=True,
    )

    assertContains(response, "1 story taken off the site.")
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    published_article.refresh_from_db()
    assert published_article.status == Article.Status.UNPUBLISHED


def test_section_positions_are_edited_in_the_list(admin_client):
    news = SectionFactory(name="News", position=0)
    terrorism = SectionFactory(name="Terrorism", position=1)

    response = admin_client.post(
        reverse("admin:articles_section_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": news.pk,
            "form-0-position": "5",
            "form-1-id": terrorism.pk,
            "form-1-position": "1",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    news.refresh_from_db()
    assert news.position == 5


def test_tags_set_in_the_change_form_file_the_story_on_their_pages(
    admin_client, client, published_article
):
    old = published_article.tags.first()
    new = TagFactory(name="Floods", slug="floods")

    response = admin_client.get(
        reverse("admin:articles_article_change", args=[published_article.pk])
    )
    assertContains(response, 'name="tags"')
    assertContains(response, "admin-autocomplete")
    response = save_in_admin(admin_client, published_article, tags=[new.pk])

    assert response.status_code == 302
    assert list(published_article.tags.all()) == [new]
    assert published_article.headline in client.get("/tag/floods/").content.decode()
    assert (
        published_article.headline
        not in client.get(old.get_absolute_url()).content.decode()
    )
