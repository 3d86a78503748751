"""A reader comments and votes under a story, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment, Poll
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def story(transactional_db, browser_settings):
    # A reader can type faster than the spam rule allows in a test.
    browser_settings.COMMENTS_MIN_FILL_SECONDS = 0
    return ArticleFactory(
        published=True,
        section=SectionFactory(name="Terrorism"),
        authors=[AuthorFactory(name="Nadin Bahrom")],
        headline="Tajik police commander reported killed",
        dateline="Dushanbe",
    )


def test_the_counter_counts_down_refuses_too_much_and_the_comment_is_received(
    page, story, screenshot_dir
):
    page.goto(story.get_absolute_url())
    counter = page.locator("#comment-counter")
    box = page.get_by_role("textbox", name=re.compile("^Comment"))
    expect(counter).to_have_text("1500 / 1500")

    box.press_sequentially("Thank you 😀")
    expect(counter).to_have_text("1489 / 1500")

    box.fill("x" * 1501)  # as a paste arrives
    expect(counter).to_have_text("0 / 1500")
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("1 over the 1500-character limit")
    page.get_by_role("textbox", name=re.compile("^Name")).fill("Farrukh")
    page.get_by_role("textbox", name=re.compile("^Email")).fill("farrukh@example.org")
    page.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(re.escape(story.get_absolute_url()) + "$"))
    assert not Comment.objects.exists()
    page.screenshot(path=screenshot_dir / "comment-too-long.png", full_page=True)

    box.fill("His family deserve to be heard.\nAnd the police too.")
    expect(counter).to_have_text("1449 / 1500")
    expect(warning).to_be_hidden()
    page.get_by_role("button", name="Post comment").click()

    expect(
        page.get_by_text(
            "Thank you — your comment will appear once a moderator approves it."
        )
    ).to_be_visible()
    expect(page.get_by_text("0 Comment(s)")).to_be_visible()
    page.screenshot(path=screenshot_dir / "comment-thanks.png", full_page=True)
    comment = Comment.objects.get()
    assert comment.body == "His family deserve to be heard.\nAnd the police too."
    assert comment.status == Comment.Status.PENDING


def test_the_poll_shows_results_after_a_vote_without_reloading(
    page, story, screenshot_dir
):
    page.goto(story.get_absolute_url())
    poll = page.locator("#poll")
    url = page.url

    poll.get_by_role("button", name="Yes").click()

    expect(poll.get_by_text("Thank you for voting.")).to_be_visible()
    expect(poll.locator('[data-poll-share="yes"]')).to_have_text("100")
    assert page.url == url
    page.screenshot(path=screenshot_dir / "poll-results.png", full_page=True)

    page.reload()
    expect(poll.locator('[data-poll-count="yes"]')).to_have_text("1")
    expect(poll.get_by_role("button", name="Yes")).to_be_hidden()
    assert Poll.objects.get(article=story).yes == 1


def test_a_vote_pressed_before_the_readers_tokens_arrive_waits_for_them(page, story):
    held = []
    page.route("**/reader/state/**", lambda route: held.append(route))
    page.goto(story.get_absolute_url())
    poll = page.locator("#poll")
    url = page.url

    poll.get_by_role("button", name="Yes").click()
    page.wait_for_timeout(300)
    assert held, "the page asked for the reader's tokens"
    assert not Poll.objects.exists()
    held[0].continue_()

    expect(poll.get_by_text("Thank you for voting.")).to_be_visible()
    assert page.url == url
    assert Poll.objects.get(article=story).yes == 1


def test_a_comment_sent_before_the_readers_tokens_arrive_needs_no_confirmation(
    page, story
):
    held = []
    page.route("**/reader/state/**", lambda route: held.append(route))
    page.goto(story.get_absolute_url())
    page.get_by_role("textbox", name=re.compile("^Name")).fill("Farrukh")
    page.get_by_role("textbox", name=re.compile("^Email")).fill("farrukh@example.org")
    page.get_by_role("textbox", name=re.compile("^Comment")).fill("Quick reader.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_timeout(300)
    assert held
    held[0].continue_()

    expect(
        page.get_by_text("your comment will appear once a moderator approves it")
    ).to_be_visible()
    assert Comment.objects.get().body == "Quick reader."


def test_when_the_readers_tokens_cannot_be_had_a_vote_takes_one_confirmation(
    page, story
):
    page.route("**/reader/state/**", lambda route: route.abort())
    page.goto(story.get_absolute_url())

    page.locator("#poll").get_by_role("button", name="No").click()
    expect(page.get_by_text("Please press your answer once more")).to_be_visible()
    assert not Poll.objects.exists()
    page.get_by_role("button", name="No").click()

    expect(page.get_by_text("Thank you for voting.")).to_be_visible()
    expect(page.get_by_text("You answered No.")).to_be_visible()
    assert Poll.objects.get(article=story).no == 1


def test_without_javascript_a_comment_goes_through_after_one_confirmation(
    chromium, live_server, story
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(story.get_absolute_url())
        page.get_by_role("textbox", name=re.compile("^Name")).fill("Dilnoza")
        page.get_by_role("textbox", name=re.compile("^Email")).fill(
            "dilnoza@example.org"
        )
        page.get_by_role("textbox", name=re.compile("^Comment")).fill(
            "Read without script."
        )
        page.get_by_role("button", name="Post comment").click()

        expect(page.get_by_text("Please check your comment")).to_be_visible()
        expect(page.get_by_role("textbox", name=re.compile("^Comment"))).to_have_value(
            "Read without script."
        )
        page.get_by_role("button", name="Post comment").click()

        expect(
            page.get_by_text("your comment will appear once a moderator approves it")
        ).to_be_visible()
        assert Comment.objects.get().name == "Dilnoza"
    finally:
        context.close()
