"""A reader moves from an English story to its Russian translation."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.browser

HEADLINE = "Tajik police commander who defected to ISIS is reported killed"
# Russian dates name the month in the genitive: "1 декабря 2026".
MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()


def test_reader_switches_to_the_russian_edition_and_reads_the_translation(
    page, browser_settings, screenshot_dir
):
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(headline=HEADLINE)
    translation = Article.objects.published().get(
        translation_group=story.translation_group, language="ru"
    )

    page.goto(story.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Editions").locator("a[hreflang=ru]").click()
    page.wait_for_url(re.compile(r"/ru/terrorism/\d{4}/\d{2}/\d{2}/"))

    assert page.url.endswith(translation.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "ru"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == translation.headline
    assert re.search("[а-яё]", heading.inner_text())

    published = timezone.localtime(translation.publish_at)
    date = f"{published.day} {MONTHS[published.month - 1]} {published.year}"
    text = " ".join(page.locator("body").inner_text().split())
    for russian in (
        date,
        "Вам понравилась эта статья?",
        "Комментарии: 0",
        "Правила комментирования",
        "* Обязательное поле",
    ):
        assert russian in text, f"{russian!r} is not on the Russian story page"
    for english in ("Do you like this article?", "Comment Policy", "Required Field"):
        assert english not in text, f"{english!r} is left in English"

    counter = page.get_by_text("1500 / 1500")
    counter.scroll_into_view_if_needed()
    assert counter.is_visible()
    page.get_by_role("textbox", name=re.compile("Комментарий")).fill("Спасибо")
    assert page.get_by_text("1493 / 1500").is_visible()

    page.screenshot(path=screenshot_dir / "article-ru.png", full_page=True)
