"""The editorial workflow: who may do what, working copies, revisions, previews."""

import json
from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles import previews, services
from articles.admin.stories import ArchivePaginator
from articles.models import Article, ArticleEvent, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    change_form_post,
    story_with_revisions,
)

pytestmark = pytest.mark.django_db


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _local(when):
    local = timezone.localtime(when)
    return {
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
    }


@pytest.fixture
def stories(writer, editor):
    """The writer's own draft (with a first revision), an editor's draft and a
    live story."""
    own = ArticleFactory(headline="Writer's own draft")
    services.article_save(article=own, by=writer, created=True)
    other = ArticleFactory(headline="Someone else's draft")
    services.article_save(article=other, by=editor, created=True)
    live = ArticleFactory(headline="Live story", published=True)
    return {"own": own, "other": other, "live": live}


def _try(action, client, stories):
    """Do ``action`` through the admin as ``client``'s user; the response."""
    own, other, live = stories["own"], stories["other"], stories["live"]
    if action == "create":
        data = change_form_post(
            Article(headline="A brand new story", section=SectionFactory()), slug=""
        )
        return client.post(reverse("admin:articles_article_add"), data)
    if action == "edit own":
        return client.post(_change(own), change_form_post(own, headline="Edited"))
    if action == "edit other's":
        return client.post(_change(other), change_form_post(other, headline="Mine"))
    if action == "submit":
        return client.post(_change(own), change_form_post(own, _submit="Submit"))
    if action == "publish":
        return client.post(_change(own), change_form_post(own, _publish="Publish"))
    if action == "schedule":
        tomorrow = timezone.now() + timedelta(days=1)
        return client.post(
            _change(own),
            change_form_post(own, _publish="Publish", **_local(tomorrow)),
        )
    if action == "unpublish":
        return client.post(
            _change(live), change_form_post(live, _unpublish="Unpublish")
        )
    if action == "revert":
        return client.post(reverse("admin:articles_article_revert", args=[own.pk, 1]))
    if action == "delete":
        return client.post(
            reverse("admin:articles_article_delete", args=[own.pk]), {"post": "yes"}
        )
    raise AssertionError(action)


def _happened(action, stories):
    """Whether ``action`` left its mark in the database."""
    own = Article.objects.filter(pk=stories["own"].pk).first()
    return {
        "create": Article.objects.filter(headline="A brand new story").exists(),
        "edit own": own is not None and own.headline == "Edited",
        "edit other's": Article.objects.get(pk=stories["other"].pk).headline == "Mine",
        "submit": own is not None and own.status == Article.Status.REVIEW,
        "publish": own is not None and own.is_live,
        "schedule": own is not None and own.is_scheduled,
        "unpublish": Article.objects.get(pk=stories["live"].pk).status
        == Article.Status.UNPUBLISHED,
        "revert": own is not None and own.revisions.count() == 2,
        "delete": own is None,
    }[action]


ALLOWED = {
    "writer": {"create", "edit own", "submit", "revert"},
    "editor": {
        "create",
        "edit own",
        "edit other's",
        "submit",
        "publish",
        "schedule",
        "unpublish",
        "revert",
        "delete",
    },
    "moderator": set(),
}
ACTIONS = ALLOWED["editor"]


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ["writer", "editor", "moderator"])
def test_each_role_gets_exactly_what_the_rules_say(
    client, request, stories, role, action
):
    user = request.getfixturevalue(role)
    # "Own" means the writer's; for the others it is a story they may see.
    client.force_login(user)

    response = _try(action, client, stories)

    if action in ALLOWED[role]:
        assert response.status_code == 302, (role, action)
        assert _happened(action, stories), (role, action)
    else:
        assert response.status_code == 403, (role, action)
        assert not _happened(action, stories), (role, action)


def test_a_writer_cannot_schedule_by_posting_a_publish_time(client, writer, stories):
    own = stories["own"]
    client.force_login(writer)

    response = client.post(
        _change(own),
        change_form_post(own, **_local(timezone.now() + timedelta(days=1))),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.publish_at is None
    assert own.status == Article.Status.DRAFT


def test_a_writer_cannot_publish_through_the_list_actions(client, writer, stories):
    client.force_login(writer)

    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [stories["own"].pk]},
    )

    assert not Article.objects.published().filter(pk=stories["own"].pk).exists()


def test_a_writer_sees_someone_elses_story_read_only(client, writer, stories):
    client.force_login(writer)

    response = client.get(_change(stories["other"]))

    assert response.status_code == 200
    assertNotContains(response, 'name="headline"')
    assertNotContains(response, 'name="_publish"')


def test_a_writer_cannot_edit_their_story_once_published(client, writer, stories):
    own = stories["own"]
    services.article_publish(article=own)
    client.force_login(writer)

    response = client.post(_change(own), change_form_post(own, headline="Later"))

    assert response.status_code == 403


def test_the_moderator_sees_no_article_editing(client, moderator):
    client.force_login(moderator)

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


@pytest.fixture
def in_review(client, writer, editor, stories):
    """The writer's draft, submitted; the client logged in as the editor."""
    own = stories["own"]
    services.article_submit(article=own, by=writer)
    client.force_login(editor)
    return own


def test_an_editor_sends_a_story_back_with_a_note_the_writer_sees(
    client, writer, in_review
):
    own = in_review

    response = client.post(
        _change(own),
        change_form_post(
            own,
            _send_back="Send back",
            workflow_note="Needs a second source for the casualty figure.",
        ),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Article.Status.DRAFT
    client.force_login(writer)
    page = client.get(_change(own))
    assertContains(page, "sent back to the writer")
    assertContains(page, "Needs a second source for the casualty figure.")


def test_sending_back_without_a_note_is_refused_and_keeps_the_text(client, in_review):
    own = in_review

    response = client.post(
        _change(own),
        change_form_post(own, headline="Sharper headline", _send_back="Send back"),
    )

    assert response.status_code == 200
    assertContains(response, "Tell the writer what to change")
    assertContains(response, 'value="Sharper headline"')
    own.refresh_from_db()
    assert own.status == Article.Status.REVIEW
    assert own.headline == "Writer's own draft"


def test_the_audit_log_records_who_did_what(client, writer, editor, stories):
    own = stories["own"]
    services.article_submit(article=own, by=writer, note="Ready")
    services.article_publish(article=own, by=editor)

    actions = list(own.events.order_by("pk").values_list("action", "actor__username"))

    assert actions == [
        (ArticleEvent.Action.CREATED, "wendy"),
        (ArticleEvent.Action.SUBMITTED, "wendy"),
        (ArticleEvent.Action.PUBLISHED, "eddie"),
    ]


def test_editing_a_live_story_changes_nothing_for_readers_until_published(
    client, editor, published_article, django_capture_on_commit_callbacks
):
    url = published_article.get_absolute_url()
    original = published_article.headline
    assertContains(client.get(url), original)
    editors = type(client)()
    editors.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        saved = editors.post(
            _change(published_article),
            change_form_post(
                published_article,
                headline="Khalimov confirmed dead",
                body="<p>New first paragraph.</p>",
            ),
            follow=True,
        )

    assertContains(saved, "Saved as unpublished changes")
    reader_page = client.get(url)
    assertContains(reader_page, original)
    assertNotContains(reader_page, "Khalimov confirmed dead")
    form = editors.get(_change(published_article))
    assertContains(form, 'value="Khalimov confirmed dead"')
    assertContains(form, "unpublished changes")

    with django_capture_on_commit_callbacks(execute=True):
        editors.post(
            _change(published_article),
            change_form_post(
                published_article,
                headline="Khalimov confirmed dead",
                body="<p>New first paragraph.</p>",
                loaded_version=lxml.html.fromstring(form.content).xpath(
                    "//input[@name='loaded_version']/@value"
                )[0],
                _publish="Publish changes",
            ),
        )

    reader_page = client.get(url)
    assertContains(reader_page, "Khalimov confirmed dead")
    assertContains(reader_page, "New first paragraph.")
    published_article.refresh_from_db()
    assert published_article.working_copy is None
    assert published_article.get_absolute_url() == url


def test_revert_brings_back_an_old_revision_as_a_new_one(client, editor):
    story = story_with_revisions(
        {"headline": "Dam talks stall", "body": "<p>Talks stalled.</p>"},
        {"headline": "Dam talks collapse", "body": "<p>Talks collapsed on Monday.</p>"},
        by=editor,
    )
    client.force_login(editor)

    compare = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"from": 1, "to": 2},
    )
    response = client.post(reverse("admin:articles_article_revert", args=[story.pk, 1]))

    assertContains(compare, "<del>stall</del>", html=True)
    assertContains(compare, "<ins>collapse</ins>", html=True)
    assertContains(compare, "<del>stalled.</del><ins>collapsed on Monday.</ins>")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Dam talks stall"
    assert list(story.revisions.values_list("number", "content__headline")) == [
        (3, "Dam talks stall"),
        (2, "Dam talks collapse"),
        (1, "Dam talks stall"),
    ]


def test_the_story_page_lists_its_history_and_compares_only_revisions_it_has(
    client, editor
):
    story = story_with_revisions(
        {"headline": "Dam talks stall"}, {"headline": "Dam talks collapse"}, by=editor
    )
    client.force_login(editor)

    change_page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    compare_url = reverse("admin:articles_article_compare", args=[story.pk])

    assertContains(change_page, "<td>Dam talks stall</td>", html=True)
    assertContains(change_page, "<td>Dam talks collapse</td>", html=True)
    assertContains(client.get(compare_url), "<ins>collapse</ins>", html=True)
    assert client.get(compare_url, {"from": 1, "to": 9}).status_code == 404
    assert client.get(compare_url, {"from": "x", "to": 2}).status_code == 404


NOT_NUMBERS = ["abc", "²", "-1", "0", " 1", "1_0", "99999999999999999999999"]


@pytest.mark.parametrize("junk", NOT_NUMBERS)
def test_the_story_tools_answer_not_found_for_a_story_that_is_not_a_number(
    client, editor, junk
):
    client.force_login(editor)
    base = f"/admin/articles/article/{junk}"

    assert client.get(f"{base}/preview/").status_code == 404
    assert client.get(f"{base}/revisions/compare/").status_code == 404
    assert client.post(f"{base}/revisions/1/revert/").status_code == 404
    assert client.post(f"{base}/discard-changes/").status_code == 404


@pytest.mark.parametrize("junk", NOT_NUMBERS)
def test_the_story_tools_answer_not_found_for_a_revision_that_is_not_a_number(
    client, editor, junk
):
    story = ArticleFactory(headline="Dam talks stall")
    services.article_save(article=story, by=editor, created=True)
    client.force_login(editor)
    compare_url = reverse("admin:articles_article_compare", args=[story.pk])
    preview_url = reverse("admin:articles_article_preview", args=[story.pk])

    assert client.get(compare_url, {"to": junk}).status_code == 404
    assert client.get(compare_url, {"from": junk, "to": 1}).status_code == 404
    assert client.get(preview_url, {"revision": junk}).status_code == 404
    assert client.get(compare_url, {"from": 1, "to": 1}).status_code == 200
    assert client.get(preview_url, {"revision": 1}).status_code == 302


def test_the_author_filter_sends_a_huge_number_back_to_the_list(admin_client):
    ArticleFactory(authors=[AuthorFactory(name="Ben Reporter")])
    changelist = reverse("admin:articles_article_changelist")

    crafted = admin_client.get(changelist, {"author": "9" * 30})

    assert crafted.status_code == 302
    assert crafted["Location"].endswith("?e=1")


def test_a_share_link_preview_works_without_login_until_it_expires(client, editor):
    draft = ArticleFactory(headline="Embargoed budget story")
    services.article_save(article=draft, by=editor, created=True)
    url = previews.preview_url(article=draft)

    response = client.get(url)

    assertContains(response, "Embargoed budget story")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">')
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert (
        "private" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        expired = client.get(url)
    assert expired.status_code == 410
    assertContains(expired, "This preview link has expired", status_code=410)
    assertNotContains(expired, "Embargoed budget story", status_code=410)


def test_a_tampered_preview_link_is_not_found(client):
    draft = ArticleFactory()
    url = previews.preview_url(article=draft)

    assert client.get(url.replace(url[-6:-1], "AAAAA")).status_code == 404


def test_the_admin_preview_shows_the_working_copy_of_a_live_story(
    client, editor, published_article
):
    client.force_login(editor)
    client.post(
        _change(published_article),
        change_form_post(published_article, headline="Working copy headline"),
    )

    response = client.get(
        reverse("admin:articles_article_preview", args=[published_article.pk]),
        follow=True,
    )

    assertContains(response, "Working copy headline")
    assertContains(response, "Preview")


def test_an_unpublish_time_takes_the_story_down_with_no_worker(client):
    story = ArticleFactory(published=True, headline="Offer ends tonight")
    story.unpublish_at = timezone.now() + timedelta(seconds=2)
    story.save()
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    # The cached page says until when it is fresh, by the app's clock.
    with time_machine.travel(timedelta(seconds=4)):
        assert client.get(url).status_code == 404
        assert not Article.objects.published().filter(pk=story.pk).exists()


def test_corrections_appear_at_the_end_and_in_the_structured_data(
    client, editor, published_article
):
    client.force_login(editor)
    data = change_form_post(
        published_article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-published_at_0": "2026-11-20",
            "corrections-0-published_at_1": "10:00:00",
            "corrections-0-text": "An earlier version misspelled Khalimov.",
        },
    )
    assert client.post(_change(published_article), data).status_code == 302
    client.logout()

    response = client.get(published_article.get_absolute_url())

    page = lxml.html.fromstring(response.content)
    notes = page.xpath("//section[@class='corrections']//li")
    assert [" ".join(li.text_content().split()) for li in notes] == [
        "Correction, 20 November 2026: An earlier version misspelled Khalimov."
    ]
    body_end = page.xpath("//div[@class='story__body']")[0]
    assert body_end.getnext().get("class") == "corrections"
    structured = json.loads(
        page.xpath("//script[@type='application/ld+json']/text()")[0]
    )
    assert structured["correction"][0]["@type"] == "CorrectionComment"
    assert "misspelled Khalimov" in structured["correction"][0]["text"]
    assert Correction.objects.get().created_by == editor
    assert published_article.events.filter(action="corrected").exists()


def test_the_admin_front_page_is_a_desk(client, editor, writer, moderator, stories):
    services.article_submit(article=stories["own"], by=writer)
    scheduled = ArticleFactory(headline="Budget at nine", scheduled=True)
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    desk = lxml.html.fromstring(response.content)
    panel = {
        section.xpath("string(h2)"): " ".join(section.text_content().split())
        for section in desk.xpath("//section[@class='desk-panel']")
    }
    assert "Writer's own draft" in panel["In review"]
    assert scheduled.headline in panel["Scheduled"]
    assert "Live story" in panel["Recently published"]
    assert "Comments waiting" in panel
    client.force_login(moderator)
    moderators = lxml.html.fromstring(client.get(reverse("admin:index")).content)
    assert [h.text for h in moderators.xpath("//section[@class='desk-panel']/h2")] == [
        "Comments waiting"
    ]


@pytest.mark.parametrize("query", ["", "q=budget", "status__exact=draft"])
def test_the_article_list_never_counts_the_whole_archive(
    admin_client, django_assert_max_num_queries, query
):
    ArticleFactory.create_batch(3, headline="Budget vote delayed", published=True)
    url = f"{reverse('admin:articles_article_changelist')}?{query}"

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(url)

    assert response.status_code == 200
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts, "the list says how many stories match"
    assert all("LIMIT" in sql.upper() for sql in counts), counts
    ArticleFactory.create_batch(20, published=True, headline="Budget again")
    with django_assert_max_num_queries(len(captured)):
        admin_client.get(url)


def test_the_article_list_says_more_than_when_the_count_is_capped(
    admin_client, monkeypatch
):
    monkeypatch.setattr(ArchivePaginator, "limit", 2)
    ArticleFactory.create_batch(3)

    response = admin_client.get(reverse("admin:articles_article_changelist"))

    assertContains(response, "More than 2 stories: search or filter")


def test_a_scheduled_story_saved_without_its_time_gets_a_clear_error(client, editor):
    story = ArticleFactory(scheduled=True, headline="Budget at nine")
    client.force_login(editor)

    response = client.post(
        _change(story),
        change_form_post(
            story, headline="Budget at ten", publish_at_0="", publish_at_1=""
        ),
    )

    assert response.status_code == 200
    assertContains(response, "needs its publish time")
    assertContains(response, 'value="Budget at ten"')
    story.refresh_from_db()
    assert story.is_scheduled


def test_a_scheduled_story_goes_out_now_when_published_without_a_time(client, editor):
    story = ArticleFactory(scheduled=True)
    client.force_login(editor)

    client.post(
        _change(story),
        change_form_post(story, publish_at_0="", publish_at_1="", _publish="Publish"),
    )

    story.refresh_from_db()
    assert story.is_live
    assert story.events.filter(action=ArticleEvent.Action.PUBLISHED).exists()


def test_the_article_list_filters_by_publish_date(admin_client):
    ArticleFactory(headline="Out this week", published=True)
    old = ArticleFactory(headline="Out last year", published=True)
    old.publish_at = timezone.now() - timedelta(days=400)
    old.save()
    changelist = reverse("admin:articles_article_changelist")
    links = lxml.html.fromstring(admin_client.get(changelist).content)
    past_week = links.xpath("//a[normalize-space()='Past 7 days']/@href")[0]

    response = admin_client.get(f"{changelist}{past_week}")

    assertContains(response, "Out this week")
    assertNotContains(response, "Out last year")


def test_the_article_list_filters_by_author_listing_each_story_once(admin_client):
    ada, ben = AuthorFactory(name="Ada Reporter"), AuthorFactory(name="Ben Reporter")
    ArticleFactory(headline="Written together", authors=[ada, ben])
    ArticleFactory(headline="Ben alone", authors=[ben])
    changelist = reverse("admin:articles_article_changelist")
    links = lxml.html.fromstring(admin_client.get(changelist).content)

    def listed(author):
        query = links.xpath(f"//a[normalize-space()='{author}']/@href")[0]
        page = lxml.html.fromstring(admin_client.get(f"{changelist}{query}").content)
        return page.xpath("//th[@class='field-headline']/a/text()")

    assert sorted(listed("Ben Reporter")) == ["Ben alone", "Written together"]
    assert listed("Ada Reporter") == ["Written together"]
    crafted = admin_client.get(changelist, {"author": "Ben"})
    assert crafted.status_code == 302
    assert crafted["Location"].endswith("?e=1")


def test_a_writer_finds_their_own_stories(client, writer, stories):
    client.force_login(writer)

    response = client.get(
        reverse("admin:articles_article_changelist"), {"whose": "mine"}
    )

    assertContains(response, "Writer&#x27;s own draft")
    assertNotContains(response, "Someone else&#x27;s draft")
    assertNotContains(response, "Live story")


def test_reverting_a_live_story_waits_in_its_working_copy(
    client, editor, published_article
):
    services.article_save(article=published_article, by=editor)
    live_headline = published_article.headline
    published_article.headline = "A headline that went too far"
    services.article_save(article=published_article, by=editor)
    client.force_login(editor)

    client.post(
        reverse("admin:articles_article_revert", args=[published_article.pk, 1])
    )

    published_article.refresh_from_db()
    assert published_article.headline == live_headline
    assert published_article.working_copy.number == 3
    assert published_article.working_copy.content["headline"] == live_headline


def test_an_editor_discards_a_working_copy_and_history_keeps_it(
    client, editor, writer, published_article
):
    published_article.headline = "Draft change"
    services.article_save(article=published_article, by=editor)
    client.force_login(writer)
    refused = client.post(
        reverse("admin:articles_article_discard", args=[published_article.pk])
    )
    client.force_login(editor)

    client.post(reverse("admin:articles_article_discard", args=[published_article.pk]))

    assert refused.status_code == 403
    published_article.refresh_from_db()
    assert published_article.working_copy is None
    assert published_article.revisions.filter(content__headline="Draft change").exists()


def test_discarding_with_no_unpublished_changes_says_so_and_changes_nothing(
    client, editor, published_article
):
    client.force_login(editor)
    events = published_article.events.count()

    response = client.post(
        reverse("admin:articles_article_discard", args=[published_article.pk]),
        follow=True,
    )

    assert response.redirect_chain == [(_change(published_article), 302)]
    assertContains(response, "This story has no unpublished changes to discard.")
    assert published_article.events.count() == events


def test_the_working_copy_is_compared_with_what_readers_see(
    client, editor, published_article
):
    client.force_login(editor)
    client.post(
        _change(published_article),
        change_form_post(
            published_article,
            headline="Tajik police commander confirmed killed",
        ),
    )
    form = client.get(_change(published_article))
    link = lxml.html.fromstring(form.content).xpath(
        "//a[normalize-space()='See what changes']/@href"
    )[0]

    response = client.get(link)

    assertContains(response, "What readers see now against revision")
    assertContains(response, "<ins>confirmed</ins>", html=True)
    assertNotContains(response, "Bring back revision")


def test_a_preview_offers_no_comment_form_or_poll_and_asks_the_site_nothing(
    client, editor
):
    draft = ArticleFactory(headline="Embargoed budget story")
    services.article_save(article=draft, by=editor, created=True)

    response = client.get(previews.preview_url(article=draft))

    page = response.content.decode()
    assert "Embargoed budget story" in page
    assert "data-comment-form" not in page
    assert 'id="poll"' not in page
    assert "reader.js" not in page  # so no /reader/state/ call, no cookie
    assert "once the story is published" in page
    assert "Not what readers see yet" in page
    assert not response.cookies


def test_a_preview_of_a_live_story_as_it_is_says_readers_see_it(
    client, published_article
):
    response = client.get(previews.preview_url(article=published_article))

    assertContains(response, "This is what readers see now.")
    assertNotContains(response, "Not what readers see yet")


def test_a_preview_of_unpublished_changes_says_readers_do_not_see_them_yet(
    client, editor, published_article
):
    client.force_login(editor)
    client.post(
        _change(published_article),
        change_form_post(published_article, headline="Working copy headline"),
    )
    client.logout()

    response = client.get(previews.preview_url(article=published_article))

    assertContains(response, "Working copy headline")
    assertContains(response, "Not what readers see yet")
