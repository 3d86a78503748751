"""The workflow's steps as services, for each role: allowed and refused.

Not through HTTP: a service refuses on its own what the table in
articles/workflow.py does not allow, whoever calls it.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import services, workflow
from articles.models import Article, ArticleEvent, Author, Correction
from articles.workflow import Step, StepRefused
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def people(writer, editor, moderator):
    return {"writer": writer, "editor": editor, "moderator": moderator}


def _author_of(user):
    return Author.objects.filter(user=user).first() or AuthorFactory(user=user)


def _story(status, *, by=None, live=False, working_copy=False):
    """A story in ``status``; ``by``'s own (in its byline) if given."""
    story = ArticleFactory(
        status=status,
        publish_at=timezone.now() - timedelta(hours=1) if live else None,
        first_published_at=timezone.now() - timedelta(hours=1) if live else None,
        authors=[_author_of(by)] if by else [],
    )
    if working_copy:
        story.headline = "A better headline"
        services.article_save(article=story, by=None)
        story.refresh_from_db()
    return story


def _take(step, story, user):
    if step == Step.SUBMIT:
        return services.article_submit(article=story, by=user)
    if step == Step.SEND_BACK:
        return services.article_send_back(article=story, by=user, note="Sources?")
    if step == Step.PUBLISH:
        return services.article_publish(article=story, by=user)
    if step == Step.UNPUBLISH:
        return services.article_unpublish(article=story, by=user)
    if step == Step.DISCARD_CHANGES:
        return services.article_discard_changes(article=story, by=user)
    if step == Step.REVERT:
        revision = story.revisions.order_by("number").first()
        return services.article_revert(article=story, revision=revision, by=user)
    correction = Correction.objects.create(article=story, text="A date was wrong.")
    return services.corrections_added(article=story, corrections=[correction], by=user)


# (step, the story it is taken on, who may take it)
CASES = [
    (Step.SUBMIT, {"status": Status.DRAFT}, {"writer", "editor"}),
    # Writers edit their stories until first published; then editors do.
    (Step.SUBMIT, {"status": Status.UNPUBLISHED}, {"editor"}),
    (Step.SEND_BACK, {"status": Status.REVIEW}, {"editor"}),
    (Step.PUBLISH, {"status": Status.REVIEW}, {"editor"}),
    (Step.PUBLISH, {"status": Status.DRAFT}, {"editor"}),
    (
        Step.PUBLISH,
        {"status": Status.PUBLISHED, "live": True, "working_copy": True},
        {"editor"},
    ),
    (Step.UNPUBLISH, {"status": Status.PUBLISHED, "live": True}, {"editor"}),
    (
        Step.DISCARD_CHANGES,
        {"status": Status.PUBLISHED, "live": True, "working_copy": True},
        {"editor"},
    ),
    (Step.REVERT, {"status": Status.DRAFT}, {"writer", "editor"}),
    (Step.CORRECT, {"status": Status.PUBLISHED, "live": True}, {"editor"}),
]


@pytest.mark.parametrize("role", ["writer", "editor", "moderator"])
@pytest.mark.parametrize(("step", "state", "allowed"), CASES)
def test_each_step_is_taken_by_its_roles_and_refused_to_the_others(
    people, role, step, state, allowed
):
    user = people[role]
    story = _story(**state, by=people["writer"])
    if story.revisions.count() == 0:
        services.article_save(article=story, by=None)
    events = story.events.count()

    if role in allowed:
        _take(step, story, user)
        assert story.events.count() > events
    else:
        with pytest.raises(PermissionDenied) as refused:
            _take(step, story, user)
        assert "Only " in str(refused.value)
        assert story.events.count() == events


def test_a_writer_may_not_submit_someone_elses_draft(people):
    story = _story(Status.DRAFT, by=people["editor"])

    with pytest.raises(PermissionDenied):
        services.article_submit(article=story, by=people["writer"])

    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    ("step", "state"),
    [
        (Step.SUBMIT, {"status": Status.REVIEW}),
        (Step.SUBMIT, {"status": Status.PUBLISHED, "live": True}),
        (Step.SEND_BACK, {"status": Status.DRAFT}),
        (Step.PUBLISH, {"status": Status.PUBLISHED, "live": True}),
        (Step.UNPUBLISH, {"status": Status.DRAFT}),
        (Step.UNPUBLISH, {"status": Status.REVIEW}),
        (Step.DISCARD_CHANGES, {"status": Status.PUBLISHED, "live": True}),
    ],
)
def test_a_step_the_story_does_not_allow_is_refused_with_why(people, step, state):
    story = _story(**state)
    before = (story.status, story.events.count())

    with pytest.raises(StepRefused) as refused:
        _take(step, story, people["editor"])

    assert str(workflow.RULES[step].not_now) in refused.value.messages
    story.refresh_from_db()
    assert (story.status, story.events.count()) == before


def test_unpublishing_a_draft_changes_nothing_and_logs_nothing(people):
    draft = _story(Status.DRAFT)

    with pytest.raises(StepRefused):
        services.article_unpublish(article=draft, by=people["editor"])

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not draft.events.filter(action=ArticleEvent.Action.UNPUBLISHED).exists()


def test_the_buttons_are_the_steps_each_role_may_take(people):
    in_review = _story(Status.REVIEW, by=people["writer"])
    live = _story(Status.PUBLISHED, live=True, by=people["writer"])

    assert workflow.allowed(people["editor"], in_review) == [
        Step.SEND_BACK,
        Step.PUBLISH,
    ]
    assert workflow.allowed(people["writer"], in_review) == []
    assert workflow.allowed(people["editor"], live) == [Step.UNPUBLISH]
    assert workflow.allowed(people["moderator"], live) == []


def _revisions(story):
    return list(story.revisions.order_by("number").values_list("number", flat=True))


def test_saving_a_live_story_with_nothing_changed_makes_nothing(people):
    story = _story(Status.PUBLISHED, live=True)
    services.article_save(article=story, by=None)  # its text as history
    before = (_revisions(story), story.events.count())

    services.article_save(article=story, by=people["editor"])

    story.refresh_from_db()
    assert story.working_copy is None
    assert (_revisions(story), story.events.count()) == before


def test_changing_only_the_slug_of_a_live_story_makes_no_working_copy(people):
    story = _story(Status.PUBLISHED, live=True)
    services.article_save(article=story, by=None)
    revisions = _revisions(story)

    story.slug = "a-new-address"
    services.article_save(article=story, by=people["editor"])

    story.refresh_from_db()
    assert story.slug == "a-new-address"
    assert story.working_copy is None
    assert _revisions(story) == revisions


def test_saving_a_draft_twice_unchanged_keeps_one_revision(people):
    draft = _story(Status.DRAFT)
    services.article_save(article=draft, by=people["editor"])

    services.article_save(article=draft, by=people["editor"])

    assert len(_revisions(draft)) == 1


def test_editing_a_live_story_back_to_what_readers_see_drops_the_working_copy(
    people,
):
    story = _story(Status.PUBLISHED, live=True, working_copy=True)
    story.refresh_from_db()
    story.headline = Article.objects.get(pk=story.pk).headline  # the live one

    services.article_save(article=story, by=people["editor"])

    story.refresh_from_db()
    assert story.working_copy is None


def test_publishing_changes_writes_no_second_revision(people):
    story = _story(Status.PUBLISHED, live=True, working_copy=True)
    revisions = _revisions(story)

    services.article_publish(article=story, by=people["editor"])

    story.refresh_from_db()
    assert story.headline == "A better headline"
    assert story.working_copy is None
    assert _revisions(story) == revisions


# One save with its step: what the admin's story form does -----------------


def test_a_save_with_a_step_the_person_may_not_take_writes_nothing(people):
    draft = _story(Status.DRAFT, by=people["writer"])
    draft.headline = "Written, then refused"

    with pytest.raises(PermissionDenied, match="Only an editor"):
        services.article_save(article=draft, by=people["writer"], step=Step.PUBLISH)

    draft.refresh_from_db()
    assert draft.headline != "Written, then refused"
    assert draft.status == Status.DRAFT
    assert not draft.revisions.exists()


def test_a_save_with_a_step_the_story_does_not_allow_writes_nothing(people):
    draft = _story(Status.DRAFT)
    draft.headline = "Not saved"

    with pytest.raises(StepRefused):
        services.article_save(article=draft, by=people["editor"], step=Step.UNPUBLISH)

    draft.refresh_from_db()
    assert draft.headline != "Not saved"


def test_a_writer_saves_and_submits_in_one_call(people):
    draft = _story(Status.DRAFT, by=people["writer"])
    related = []

    saved = services.article_save(
        article=draft,
        by=people["writer"],
        step=Step.SUBMIT,
        note="Ready",
        save_related=lambda: related.append(draft.status),
    )

    assert saved.step == Step.SUBMIT
    assert related == [Status.DRAFT]  # bylines and tags saved before the step
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert draft.events.filter(action=ArticleEvent.Action.SUBMITTED, note="Ready")


def test_a_scheduled_story_saved_without_its_time_and_published_goes_out_now(
    people,
):
    story = _story(Status.DRAFT)
    services.article_publish(
        article=story,
        by=people["editor"],
        publish_at=timezone.now() + timedelta(days=1),
    )
    story.publish_at = None  # emptied in the form

    services.article_save(article=story, by=people["editor"], step=Step.PUBLISH)

    story.refresh_from_db()
    assert story.is_live


def test_a_save_says_whether_it_made_a_working_copy(people):
    story = _story(Status.PUBLISHED, live=True)
    services.article_save(article=story, by=None)

    story.slug = "moved"
    assert not services.article_save(
        article=story, by=people["editor"]
    ).working_copy_made
    story.headline = "A new headline"
    assert services.article_save(article=story, by=people["editor"]).working_copy_made
    # Opened again, as the form opens it: with its working copy's text.
    story = Article.objects.get(pk=story.pk).apply_working_copy()
    waiting = story.working_copy_id
    story.slug = "moved-again"
    assert not services.article_save(
        article=story, by=people["editor"]
    ).working_copy_made
    story.refresh_from_db()
    assert story.working_copy_id == waiting
