"""A reader's way from the home page to the model story, in a real browser."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

HEADLINE = "Tajik police commander who defected to ISIS is reported killed"


def _top(locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not visible"
    return box["y"]


def test_reader_reaches_the_model_story_and_sees_its_whole_anatomy(
    page, browser_settings, screenshot_dir
):
    call_command("seed_demo", stdout=io.StringIO())

    page.goto("/")
    page.screenshot(path=screenshot_dir / "home.png", full_page=True)
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(re.compile(r"/terrorism/\d{4}/\d{2}/\d{2}/tajik-police-"))

    # What the page says, top to bottom, in the order a reader meets it.
    text = " ".join(page.locator("body").inner_text().split()).casefold()
    expected = [
        browser_settings.NEWSROOM_SITE_NAME,
        "Terrorism",
        HEADLINE,
        "By Nadin Bahrom",
        "Khalimov in Syria, May 2016.",
        "YouTube",
        "DUSHANBE --",
        "From Dushanbe to Raqqa",
        "Do you like this article?",
        "0 Comment(s)",
    ]
    position = 0
    for item in expected:
        found = text.find(item.casefold(), position)
        assert found != -1, f"{item!r} is missing, or out of order, on the page"
        position = found + len(item)

    # And where it sits on the page: each part below the one before.
    parts = [
        page.get_by_role("heading", level=1, name=HEADLINE),
        page.get_by_text("By Nadin Bahrom").first,
        page.get_by_text("Khalimov in Syria, May 2016.").first,
        page.get_by_text("DUSHANBE --").first,
        page.get_by_role("heading", level=2, name="From Dushanbe to Raqqa"),
        page.get_by_text("Do you like this article?").first,
        page.get_by_text("0 Comment(s)").first,
    ]
    tops = [_top(part) for part in parts]
    assert tops == sorted(tops), f"parts out of vertical order: {tops}"

    page.screenshot(path=screenshot_dir / "article.png", full_page=True)
    assert (screenshot_dir / "article.png").stat().st_size > 0
