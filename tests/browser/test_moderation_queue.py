"""The comment queue on a laptop's screen, in a real browser."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from comments.models import Comment
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
COLUMNS = ["Comment", "Name", "Story", "Posted", "Status", "Why", "Decided"]


@pytest.fixture
def queue(transactional_db, browser_settings):
    """A moderator's login, and comments held by each kind of reason."""
    browser_settings.COMMENTS_MIN_FILL_SECONDS = 3
    browser_settings.COMMENTS_MAX_LINKS = 2
    moderator = User.objects.create_user("mona", "mona@newsroom.test", "pw-123")
    moderator.is_staff = True
    moderator.save()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    story = ArticleFactory(
        published=True,
        section=SectionFactory(name="Terrorism"),
        authors=[AuthorFactory(name="Nadin Bahrom")],
        headline="Tajik police commander who defected to ISIS is reported killed",
    )
    held = [
        ("Zarina Nazarova", "A balanced piece. I hope you follow it up.", "", ""),
        (
            "Dilnoza",
            "I was there this morning and the checkpoint was already closed; "
            "nobody was let through until noon. The police said it was for our "
            "own safety, but nobody believed them.",
            "too_fast",
            "Sent 1.4 seconds after the form was shown.",
        ),
        (
            "Promo Bot",
            "Cheap flights www.a.example http://b.example https://c.example",
            "links",
            "Contains 3 links.",
        ),
        ("Aziz", "Expect a lawsuit over this.", "suspect_word", "Contains “lawsuit”."),
    ]
    for minutes, (name, body, rule, reason) in enumerate(held):
        Comment.objects.create(
            article=story,
            name=name,
            email=f"reader{minutes}@example.org",
            body=body,
            rule=rule,
            rule_reason=reason,
            created_at=timezone.now() - timedelta(minutes=30 - minutes),
        )
    return moderator


def test_the_queue_fits_a_laptop_with_every_column_that_matters(
    chromium, live_server, queue, screenshot_dir
):
    context = chromium.new_context(base_url=live_server.url, viewport=LAPTOP)
    tab = context.new_page()
    tab.goto("/admin/login/?next=/admin/comments/comment/")
    tab.get_by_label("Username").fill("mona")
    tab.get_by_label("Password").fill("pw-123")
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/admin/comments/comment/")

    headers = tab.locator("#result_list thead th")
    texts = [" ".join(text.split()) for text in headers.all_inner_texts()]
    assert [text.casefold() for text in texts[1:]] == [
        column.casefold() for column in COLUMNS
    ]
    for header in headers.all()[1:]:
        box = header.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= LAPTOP["width"], header.inner_text()
    # Nothing to scroll sideways, in the table or in the page.
    assert tab.evaluate(
        "document.querySelector('.results').scrollWidth"
        " <= document.querySelector('.results').clientWidth"
    )
    assert tab.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    why = tab.locator("#result_list td.field-why").all_inner_texts()
    assert why[1].startswith("Sent within 3 seconds of opening the page")
    rules = tab.locator("details[data-filter-title='rule'] li").all_inner_texts()
    assert all(rule.strip() for rule in rules)

    tab.screenshot(path=screenshot_dir / "moderation-queue-1366.png")
    context.close()
