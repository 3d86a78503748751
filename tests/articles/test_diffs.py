"""“See what changes”: words taken out and put in, as an editor reads them."""

import lxml.html
import pytest
from django.urls import reverse

from articles.diffs import words_diff
from tests.factories import story_with_revisions


def _as_read(html):
    """The text a reader of the comparison sees, tags and all markup gone."""
    return lxml.html.fromstring(f"<div>{html}</div>").text_content()


def test_a_replaced_word_is_not_glued_to_the_words_put_in_its_place():
    html = words_diff("rises in ISIL", "rises to the top of ISIL")

    assert html == "rises <del>in</del> <ins>to the top of</ins> ISIL"
    assert "into" not in _as_read(html)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Only taken out, or only put in: the spaces around them are the text's.
        ("rises in ISIL", "rises ISIL", "rises <del>in </del>ISIL"),
        ("rises ISIL", "rises in ISIL", "rises <ins>in </ins>ISIL"),
        # Punctuation already keeps the two apart.
        (
            "Talks stalled.",
            "Talks collapsed.",
            "Talks <del>stalled.</del><ins>collapsed.</ins>",
        ),
        # Words in any script.
        ("Дождь идёт", "Снег идёт", "<del>Дождь</del> <ins>Снег</ins> идёт"),
    ],
)
def test_runs_are_separated_only_where_they_would_read_as_one_word(old, new, expected):
    assert words_diff(old, new) == expected


def test_the_comparison_page_keeps_a_replaced_word_apart(client, editor):
    story = story_with_revisions(
        {
            "headline": "Recruitment rises in ISIL",
            "body": "<p>Recruitment rises in ISIL.</p>",
        },
        {"headline": "Recruitment rises to the top of ISIL"},
        by=editor,
    )
    client.force_login(editor)

    response = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"from": 1, "to": 2},
    )

    (headline,) = lxml.html.fromstring(response.content).xpath("//tr[th='Headline']/td")
    assert " ".join(headline.text_content().split()) == (
        "Recruitment rises in to the top of ISIL"
    )
