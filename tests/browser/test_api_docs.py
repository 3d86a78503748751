"""The API's browsable docs work in a real browser under the site's
Content-Security-Policy, loading nothing from another origin."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser


def test_the_api_docs_load_from_this_site_alone_and_break_no_policy(
    page, live_server, screenshot_dir
):
    ArticleFactory(published=True, headline="Parliament dissolved")
    problems = []
    elsewhere = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )

    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/stories/{story_id}/").wait_for()
    page.screenshot(path=screenshot_dir / "api-docs.png", full_page=True)

    assert page.get_by_text("/api/v1/languages/").is_visible()
    assert problems == []
    assert elsewhere == []
