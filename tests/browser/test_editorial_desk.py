"""A story's way through the newsroom, in a real browser: a writer files it, an
editor previews, schedules and publishes it, and readers find it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.browser

HEADLINE = "Water rationing begins in Khujand as reservoir runs low"
SUBHEADINGS = ["Four hours a day", "What the city says"]
BODY = [
    "Households will get water for four hours a day.",
    f"## {SUBHEADINGS[0]}",
    "Tankers will serve the districts on the hills.",
    f"## {SUBHEADINGS[1]}",
    "The mayor's office blames a dry winter.",
]
STORY_FORM = re.compile(r"/admin/articles/article/\d+/change/$")


def _staff(username, role):
    user = User.objects.create_user(username, f"{username}@newsroom.test", "pw-123")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def _log_in(tab, username):
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill("pw-123")
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/admin/")


def _pick(tab, field, text):
    """Choose ``text`` in one of the admin's autocomplete (select2) fields."""
    tab.locator(f"[aria-labelledby='select2-id_{field}-container']").click()
    tab.locator(
        f".select2-search__field[aria-controls='select2-id_{field}-results']"
    ).fill(text)
    tab.locator(".select2-results__option", has_text=text).click()


def test_a_story_goes_from_writer_to_editor_to_the_home_page(
    chromium, live_server, page, screenshot_dir
):
    SectionFactory(name="Society")
    writer = _staff("wendy", "Writers")
    _staff("eddie", "Editors")
    AuthorFactory(name="Wendy Writer", user=writer)

    # The writer files the story and submits it.
    _log_in(page, "wendy")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline:").fill(HEADLINE)
    assert (
        page.locator(".desk-count")
        .inner_text()
        .startswith(f"{len(HEADLINE)} characters")
    )
    page.get_by_label("Dateline:").fill("Khujand")
    page.locator(".ProseMirror[contenteditable=true]").click()
    # Two subheadings, typed as a writer types them ("## " starts one).
    for line in BODY:
        page.keyboard.type(line)
        page.keyboard.press("Enter")
    _pick(page, "section", "Society")
    # A writer adds no section, and is told who can.
    assert page.get_by_text(
        "Only editors can add sections: ask an editor."
    ).is_visible()
    editor = page.locator(".ProseMirror[contenteditable=true]")
    assert editor.locator("h2").all_inner_texts() == SUBHEADINGS
    page.locator(".prose-editor").first.scroll_into_view_if_needed()
    page.locator("fieldset").first.screenshot(path=screenshot_dir / "editor.png")
    assert page.locator("input[name=_publish]").count() == 0
    page.locator("input[name=_submit]").click()
    page.wait_for_url(STORY_FORM)
    assert "Submitted for review" in page.locator(".messagelist").inner_text()
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.REVIEW
    assert story.body.count("<h2>") == 2

    # The editor finds it on the desk, previews it, then schedules it.
    editor_context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    desk = editor_context.new_page()
    _log_in(desk, "eddie")
    desk.screenshot(path=screenshot_dir / "desk.png", full_page=True)
    desk.locator("#desk-review").locator("..").get_by_role(
        "link", name=HEADLINE
    ).click()
    desk.wait_for_url(re.compile(rf"/admin/articles/article/{story.pk}/change/"))
    with editor_context.expect_page() as opened:
        desk.get_by_role("link", name="Preview", exact=True).first.click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert "Preview" in preview.locator(".preview-banner").inner_text()
    assert "KHUJAND --" in preview.locator(".story__body").inner_text()
    preview.screenshot(path=screenshot_dir / "preview.png", full_page=True)
    preview.wait_for_load_state("networkidle")
    preview.close()

    later = timezone.localtime() + timedelta(hours=3)
    desk.locator("#id_publish_at_0").fill(later.strftime("%Y-%m-%d"))
    desk.locator("#id_publish_at_1").fill(later.strftime("%H:%M:%S"))
    desk.locator("input[name=_publish]").click()
    desk.wait_for_url(STORY_FORM)
    assert "Scheduled for" in desk.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert story.is_scheduled
    early = chromium.new_context(base_url=live_server.url)
    reader = early.new_page()
    reader.goto("/")
    assert reader.get_by_text(HEADLINE).count() == 0
    reader.wait_for_load_state("networkidle")
    early.close()

    # Then news breaks early: the editor publishes it now.
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    desk.locator("#id_publish_at_0").fill("")
    desk.locator("#id_publish_at_1").fill("")
    desk.locator("input[name=_publish]").click()
    desk.wait_for_url(STORY_FORM)
    assert "Published" in desk.locator(".messagelist").inner_text()
    story.refresh_from_db()
    assert story.is_live
    # Publishing it now changed nothing else in the form: no second save logged.
    assert list(story.events.order_by("pk").values_list("action", flat=True)) == [
        "created",
        "submitted",
        "saved",
        "scheduled",
        "published",
    ]

    # A new address, nothing else: no working copy, and the desk says none.
    desk.get_by_label("Slug:").fill("water-rationing-khujand")
    desk.locator("input[name=_continue]").click()
    desk.wait_for_url(STORY_FORM)
    assert "unpublished changes" not in desk.locator("#content").inner_text()
    story.refresh_from_db()
    assert story.slug == "water-rationing-khujand"
    assert story.working_copy_id is None
    desk.goto("/admin/articles/article/")
    assert "unpublished changes" not in desk.locator("#result_list").inner_text()

    # A new visitor (browsers may keep a page for 30 seconds).
    later_context = chromium.new_context(base_url=live_server.url)
    reader = later_context.new_page()
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    body = reader.locator(".story__body")
    assert "Households will get water for four hours a day." in body.inner_text()
    assert body.locator("h2").all_inner_texts() == SUBHEADINGS
    # Let the page's own requests (poll state, read count) finish first.
    reader.wait_for_load_state("networkidle")
    desk.wait_for_load_state("networkidle")
    later_context.close()
    editor_context.close()
