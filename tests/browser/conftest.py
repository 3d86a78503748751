"""Fixtures for tests that drive Debian's Chromium through Playwright.

Chromium comes from the system (``apt-get install chromium``), never from
``playwright install``. Without it the browser tests are skipped, unless
NEWSROOM_REQUIRE_BROWSER=1 (as in CI), when they fail instead.
"""

import os
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session."""
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).is_file():
        reason = (
            f"Chromium not found at {executable}: install Debian's chromium "
            "package or point CHROMIUM_PATH at a Chromium binary."
        )
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread, and
    # Django refuses database calls next to a running loop unless told not to.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def browser_settings(settings, tmp_path):
    """Uploads in the test's directory, and served by the live server."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # DEBUG is off in tests, so newsroom.urls does not serve media/ itself.
    settings.ROOT_URLCONF = "tests.browser.urls"
    return settings


@pytest.fixture
def page(chromium, live_server, transactional_db, browser_settings):
    """A fresh browser tab (own cookies) pointed at the live server."""
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot_dir():
    """test-output/screenshots/ at the repository root (gitignored)."""
    path = REPO_ROOT / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
