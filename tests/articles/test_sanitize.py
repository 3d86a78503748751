"""A story body is stored clean, whether it arrives through code or the admin."""

import html

import lxml.html
import pytest
from django.urls import reverse
from pytest_django.asserts import assertHTMLEqual

from articles.models import Article
from newsroom.sanitize import ALLOWED_TAGS
from tests.factories import ArticleFactory, SectionFactory, change_form_post

# Each payload hides ``alert(1)`` where a browser would run it, next to text a
# reader should still get.
HOSTILE_BODIES = {
    "script element": "<p>Read this.</p><script>alert(1)</script>",
    "uppercase script": "<p>Read this.</p><SCRIPT SRC=//evil.example/x.js>alert(1)"
    "</SCRIPT>",
    "img onerror": '<p>Read this.</p><img src="x" onerror="alert(1)">',
    "onclick on allowed tag": '<p onclick="alert(1)">Read this.</p>',
    "onmouseover on link": '<p><a href="https://example.org" '
    'onmouseover="alert(1)">Read this.</a></p>',
    "javascript link": '<p><a href="javascript:alert(1)">Read this.</a></p>',
    "mixed-case scheme": '<p><a href="JaVaScRiPt:alert(1)">Read this.</a></p>',
    "entity-encoded scheme": '<p><a href="&#106;&#97;vascript&#58;alert(1)">'
    "Read this.</a></p>",
    "hex-encoded scheme": '<p><a href="&#x6A;avascript:alert(1)">Read this.</a></p>',
    "tab inside scheme": '<p><a href="java&#x09;script:alert(1)">Read this.</a></p>',
    "leading space": '<p><a href="  javascript:alert(1)">Read this.</a></p>',
    "vbscript link": '<p><a href="vbscript:alert(1)">Read this.</a></p>',
    # The base64 reads <script>alert(1)</script>.
    "data url link": '<p><a href="data:text/html;base64,'
    'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Read this.</a></p>',
    "data url image": '<p>Read this.</p><img src="data:image/svg+xml,'
    '<svg onload=alert(1)>">',
    "style attribute": '<p style="background:url(javascript:alert(1))">Read this.</p>',
    "style element": "<style>p{background:url(javascript:alert(1))}</style>"
    "<p>Read this.</p>",
    "iframe": '<p>Read this.</p><iframe src="https://evil.example/?alert(1)"></iframe>',
    "svg onload": "<p>Read this.</p><svg onload=alert(1)></svg>",
    "object embed": '<p>Read this.</p><object data="javascript:alert(1)"></object>'
    '<embed src="javascript:alert(1)">',
    "form action": '<p>Read this.</p><form action="javascript:alert(1)">'
    "<button>Go</button></form>",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
    "<p>Read this.</p>",
    "comment hiding a script": "<p>Read this.</p><!--<script>alert(1)</script>-->",
}

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def assert_harmless(stored):
    """Nothing in ``stored`` can run: only allowed tags, no handlers, styles or
    script links, and the reader's text is still there."""
    assert "alert(1)" not in html.unescape(stored)
    assert "Read this." in stored
    for element in lxml.html.fragment_fromstring(stored, create_parent="div").iter():
        if element.tag == "div" and element.getparent() is None:
            continue
        assert element.tag in ALLOWED_TAGS, f"<{element.tag}> was kept"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{name}= was kept"
            assert name.lower() != "style"
            if name in {"href", "src", "cite"}:
                assert value.strip().lower().startswith(SAFE_SCHEMES), value


@pytest.mark.django_db
@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_markup_is_removed_before_the_body_is_stored(body):
    article = ArticleFactory(body=body)

    assert_harmless(Article.objects.get(pk=article.pk).body)


@pytest.mark.django_db
def test_body_is_cleaned_again_when_an_existing_story_is_edited():
    article = ArticleFactory(body="<p>Read this.</p>")

    article.body += '<p><a href="javascript:alert(1)">More</a></p>'
    article.save()

    stored = Article.objects.get(pk=article.pk).body
    assert_harmless(stored)
    assert "More" in stored


@pytest.mark.django_db
def test_allowed_newsroom_markup_survives_cleaning():
    body = (
        "<p>Officials <strong>confirmed</strong> the strike, <em>reports</em> say; "
        '<a href="https://example.org/report" title="The report">read the report</a>'
        ' or <a href="mailto:desk@example.org">write to us</a>.</p>'
        "<h2>Background</h2>"
        "<blockquote><p>We will not stop.</p></blockquote>"
        "<ul><li>First point</li><li>Second point</li></ul>"
        "<ol><li>Step one</li></ol>"
        "<h3>Sources</h3><p>Line one<br>line two</p>"
    )
    article = ArticleFactory(body=body)

    # Links leave with rel="noopener noreferrer"; everything else is kept as is.
    assertHTMLEqual(
        Article.objects.get(pk=article.pk).body,
        body.replace(
            '" title="The report">',
            '" title="The report" rel="noopener noreferrer">',
        ).replace(
            '"mailto:desk@example.org">',
            '"mailto:desk@example.org" rel="noopener noreferrer">',
        ),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        HOSTILE_BODIES["script element"],
        HOSTILE_BODIES["img onerror"],
        HOSTILE_BODIES["mixed-case scheme"],
        HOSTILE_BODIES["entity-encoded scheme"],
        HOSTILE_BODIES["style attribute"],
        HOSTILE_BODIES["iframe"],
        HOSTILE_BODIES["data url link"],
    ],
    ids=[
        "script",
        "onerror",
        "mixed-case javascript",
        "entity-encoded javascript",
        "style",
        "iframe",
        "data url",
    ],
)
def test_body_posted_through_the_admin_is_stored_clean(admin_client, body):
    article = ArticleFactory(section=SectionFactory(name="Terrorism"))

    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_post(article, body=body),
    )

    assert response.status_code == 302, response.context["errors"]
    assert_harmless(Article.objects.get(pk=article.pk).body)
