"""An editor translates a story in a real browser, the source changes, and the
translation says so until the editor marks it up to date."""

import pytest
from django.contrib.auth.models import Group, User

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.browser

HEADLINE = "Water rationing begins in Khujand"


def test_translate_then_mark_up_to_date_after_the_source_changes(
    page, live_server, transactional_db, screenshot_dir
):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    editor = User.objects.create_user("eddie", "eddie@newsroom.test", "pw-123")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    story = ArticleFactory(
        language="en", section=SectionFactory(name="Society"), headline=HEADLINE
    )
    services.article_save(article=story, by=editor, created=True)
    page.goto(f"/admin/login/?next=/admin/articles/article/{story.pk}/change/")
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill("pw-123")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("button", name="Translate into Russian").click()

    translation = Article.objects.get(language="ru")
    page.wait_for_url(f"**/admin/articles/article/{translation.pk}/change/")
    assert page.get_by_role("heading", name="Translation up to date").is_visible()
    page.get_by_label("Headline:").fill("В Худжанде вводят нормы на воду")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(f"**/admin/articles/article/{translation.pk}/change/")

    story.refresh_from_db()
    story.headline = f"{HEADLINE} for the summer"
    services.article_save(article=story, by=editor)
    page.reload()

    assert page.get_by_role("heading", name="Translation out of date").is_visible()
    assert page.locator(".desk-translation ins").first.inner_text() == " for the summer"
    page.screenshot(path=screenshot_dir / "translation-out-of-date.png", full_page=True)
    page.get_by_role("button", name="Mark up to date").click()
    page.wait_for_url(f"**/admin/articles/article/{translation.pk}/change/")

    assert page.get_by_role("heading", name="Translation up to date").is_visible()
    translation.refresh_from_db()
    assert translation.translated_from_revision == 2
    assert translation.headline == "В Худжанде вводят нормы на воду"
    assert refused == []
