"""“Discard the changes” on a live story asks before it throws work away."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.browser

HEADLINE = "Water rationing begins in Khujand"


@pytest.fixture
def editing(page, live_server, transactional_db):
    """An editor on a live story's form, with unpublished changes saved."""
    editor = User.objects.create_user("eddie", "eddie@newsroom.test", "pw-123")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    story = ArticleFactory(
        published=True, section=SectionFactory(name="Society"), headline=HEADLINE
    )
    page.goto(f"/admin/login/?next=/admin/articles/article/{story.pk}/change/")
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill("pw-123")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Headline:").fill(f"{HEADLINE} for the summer")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/")
    story.refresh_from_db()
    assert story.working_copy_id is not None
    return story


def _press_discard(page, answer):
    """Press the button, answer its question; the question asked."""
    asked = []

    def reply(dialog):
        asked.append(dialog.message)
        dialog.accept() if answer else dialog.dismiss()

    page.once("dialog", reply)
    page.get_by_role("button", name="Discard the changes").click()
    page.wait_for_load_state()
    return asked


def test_discarding_asks_first_and_no_keeps_the_changes(page, editing):
    asked = _press_discard(page, answer=False)

    assert asked == [
        "Discard the unpublished changes? The story goes back to what readers see "
        "now; the changes stay in its history as a revision."
    ]
    assert Article.objects.get(pk=editing.pk).working_copy_id is not None
    assert page.get_by_role("button", name="Discard the changes").is_visible()


def test_discarding_goes_ahead_once_confirmed(page, editing):
    asked = _press_discard(page, answer=True)

    assert len(asked) == 1
    page.wait_for_url(f"**/admin/articles/article/{editing.pk}/change/")
    assert page.get_by_role("button", name="Discard the changes").count() == 0
    assert Article.objects.get(pk=editing.pk).working_copy_id is None
