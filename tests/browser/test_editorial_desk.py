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
    page.get_by_label("Dateline:").fill("Khujand")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Households will get water for four hours a day.")
    _pick(page, "section", "Society")
    assert page.locator("input[name=_publish]").count() == 0
    page.locator("input[name=_submit]").click()
    page.wait_for_url("**/admin/articles/article/")
    assert "Submitted for review" in page.locator(".messagelist").inner_text()
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.REVIEW

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
    desk.wait_for_url("**/admin/articles/article/")
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
    desk.wait_for_url("**/admin/articles/article/")
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

    # A new visitor (browsers may keep a page for 30 seconds).
    later_context = chromium.new_context(base_url=live_server.url)
    reader = later_context.new_page()
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert "Households will get water for four hours a day." in (
        reader.locator(".story__body").inner_text()
    )
    # Let the page's own requests (poll state, read count) finish first.
    reader.wait_for_load_state("networkidle")
    desk.wait_for_load_state("networkidle")
    later_context.close()
    editor_context.close()
