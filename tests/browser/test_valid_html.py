"""The reader pages are valid HTML (the Nu Html Checker) and pass axe-core.

Both tools come from npm, pinned in package.json: ``npm ci --ignore-scripts``
puts them in node_modules/ (gitignored); the checker also needs Java (Debian's
default-jre-headless). NEWSROOM_VNU_JAR and NEWSROOM_AXE_JS point elsewhere.
Without them the tests are skipped, unless NEWSROOM_REQUIRE_BROWSER=1 (as in
CI), when they fail instead.

The pages are served by a live test server with the model story (picture,
byline, tags, subheadings, a correction and a comment) and a few more stories
around it, so every part of each page is there to be checked.
"""

import json
import os
import shutil
import subprocess
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation

from articles.models import Correction
from comments.models import Comment, CommentPolicy
from tests.factories import (
    MODEL_STORY,
    MODEL_STORY_PICTURE,
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.browser

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VNU_JAR = Path(
    os.environ.get("NEWSROOM_VNU_JAR", NODE_MODULES / "vnu-jar/build/dist/vnu.jar")
)
AXE_JS = Path(os.environ.get("NEWSROOM_AXE_JS", NODE_MODULES / "axe-core/axe.min.js"))
PAGES = [
    "home",
    "section",
    "story",
    "author",
    "tag",
    "search",
    "comment policy",
    "Russian home",
    "Russian section",
    "Russian story",
]


def _missing(what):
    reason = f"{what}; install the checkers with `npm ci --ignore-scripts`."
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def vnu():
    """The command that runs the Nu Html Checker."""
    java = shutil.which("java")
    if java is None:
        _missing("Java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        _missing(f"The Nu Html Checker is not at {VNU_JAR}")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def axe():
    """axe-core's script, to put in a page."""
    if not AXE_JS.is_file():
        _missing(f"axe-core is not at {AXE_JS}")
    return AXE_JS


@pytest.fixture
def pages(live_server, transactional_db, browser_settings):
    """Each reader page's address on the live server, by name."""
    terrorism = SectionFactory(name="Terrorism", description="Militant groups.")
    security = SectionFactory(name="Security")
    nadin = AuthorFactory(
        name="Nadin Bahrom",
        bio="Covers security from Dushanbe.",
        photo=ImageFactory(alt_text="Nadin Bahrom"),
    )
    islamic_state = TagFactory(name="Islamic State")
    tajikistan = TagFactory(name="Tajikistan")
    story = ArticleFactory(
        published=True,
        publish_at=timezone.now() - timedelta(hours=2, microseconds=123457),
        section=terrorism,
        authors=[nadin, AuthorFactory(name="Daniel Whitmore")],
        tags=[islamic_state, tajikistan],
        **MODEL_STORY,
        lead_image=ImageFactory(**MODEL_STORY_PICTURE),
    )
    for n, section in enumerate([terrorism, terrorism, security, security]):
        ArticleFactory(
            published=True,
            publish_at=timezone.now() - timedelta(hours=3 + n, microseconds=5),
            section=section,
            authors=[nadin],
            tags=[tajikistan],
            headline=f"Police in Khujand arrest suspected recruiters, part {n + 1}",
            standfirst="" if n % 2 else "Four men were held after a raid.",
            with_image=n < 2,
        )
    Correction.objects.create(article=story, text="An earlier version misspelt it.")
    CommentFactory(
        article=story,
        name="Farrukh",
        body="The article leaves out what his family said.\nThey spoke on Monday.",
        status=Comment.Status.APPROVED,
    )
    CommentPolicy.objects.update_or_create(
        pk=1,
        defaults={
            "title": "Comment policy",
            "body": "<p>Be civil.</p><h2>What we remove</h2><ul><li>Abuse</li></ul>",
        },
    )
    russian = ArticleFactory(
        published=True,
        publish_at=timezone.now() - timedelta(hours=1),
        section=terrorism,
        authors=[nadin],
        tags=[tajikistan],
        language="ru",
        translation_group=story.translation_group,
        translated_from=story,
        headline="Сообщается о гибели таджикского командира ОМОН",
        standfirst="Источники в Сирии сообщают о его гибели при авиаударе.",
        dateline="Душанбе",
        body="<p>Полковник исчез в 2015 году.</p><h2>Из Душанбе в Ракку</h2>"
        "<p>Его побег потряс силовые структуры страны.</p>",
        lead_image=story.lead_image,
    )
    with translation.override("ru"):
        russian_section = terrorism.get_absolute_url()
    return {
        "Russian home": "/ru/",
        "Russian section": russian_section,
        "Russian story": russian.get_absolute_url(),
        "home": "/",
        "section": terrorism.get_absolute_url(),
        "story": story.get_absolute_url(),
        "author": nadin.get_absolute_url(),
        "tag": tajikistan.get_absolute_url(),
        "search": "/search/?q=police",
        "comment policy": "/comment-policy/",
    }


def test_every_reader_page_is_valid_html(vnu, live_server, pages, tmp_path):
    files = {}  # each page's HTML as served, saved to a file: the page's name
    for name in PAGES:
        url = f"{live_server.url}{pages[name]}"
        with urllib.request.urlopen(url) as response:  # noqa: S310 - our test server
            assert response.status == 200, name
            path = tmp_path / f"{name.replace(' ', '-')}.html"
            path.write_bytes(response.read())
        files[path] = name

    checked = subprocess.run(  # noqa: S603 - our own arguments
        [*vnu, "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    messages = json.loads(checked.stdout)["messages"]
    names = {path.name: name for path, name in files.items()}
    # "non-document-error" too: a file the checker could not read is no pass.
    errors = [
        f"{names.get(m.get('url', '').rpartition('/')[2], m.get('url'))}, "
        f"line {m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] != "info"
    ]
    assert errors == [], "\n".join(errors)
    # The checker fails on any error, whether or not its report named it.
    assert checked.returncode == 0, checked.stderr


def test_every_reader_page_passes_axe(axe, chromium, live_server, pages):
    # The site's Content-Security-Policy would refuse the checker's script.
    context = chromium.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
    )
    tab = context.new_page()
    found = []
    for name in PAGES:
        tab.goto(pages[name])
        tab.wait_for_load_state("networkidle")
        tab.add_script_tag(path=axe)
        results = tab.evaluate("axe.run(document)")
        for violation in results["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            found.append(
                f"{name}: {violation['id']} ({violation['help']}) at {targets}"
            )
    context.close()

    assert found == [], "\n".join(found)
