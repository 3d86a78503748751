"""Translations on the desk: "Translate into…", the out-of-date marker on the
list and the form with the source's changes, and "Mark up to date"."""

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles import services
from articles.models import Article, ArticleEvent
from tests.factories import ArticleFactory, save_in_admin, story_with_revisions

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
OUT_OF_DATE = f"{CHANGELIST}?translation=out_of_date"


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _translate(article):
    return reverse("admin:articles_article_translate", args=[article.pk])


def _up_to_date(article):
    return reverse("admin:articles_article_up_to_date", args=[article.pk])


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _page(response):
    return lxml.html.fromstring(response.content)


@pytest.fixture
def source(editor):
    """An English story saved twice: revisions 1 and 2."""
    return story_with_revisions(
        {
            "headline": "Floods close the Pamir highway",
            "standfirst": "Mudslides cut the road near Khorog.",
            "body": "<p>The road is shut.</p>",
            "language": "en",
        },
        {"body": "<p>The road is shut for a week.</p>"},
        by=editor,
    )


def _edit_source(client, source, **changes):
    source.refresh_from_db()
    response = save_in_admin(client, source, follow=True, **changes)
    assert response.status_code == 200
    return response


def test_the_form_offers_to_translate_into_each_edition_the_group_lacks(
    client, editor, source
):
    client.force_login(editor)

    page = _page(client.get(_change(source)))

    buttons = page.xpath("//section[@class='desk-editions']//button[@name='into']")
    assert [(b.get("value"), b.text) for b in buttons] == [
        ("ru", "Translate into Russian")
    ]
    assert buttons[0].get("formaction") == _translate(source)
    # Inside the story's form, which carries the CSRF token.
    assert buttons[0].xpath("ancestor::form//input[@name='csrfmiddlewaretoken']")


def test_translate_into_makes_the_draft_and_opens_it(client, editor, source):
    client.force_login(editor)

    response = client.post(_translate(source), {"into": "ru"}, follow=True)

    translation = Article.objects.get(language="ru")
    assert response.redirect_chain[-1][0] == _change(translation)
    assert _messages(response) == [
        "A draft in Russian, made from revision 2 of “Floods close the Pamir "
        "highway”. It starts with the source's text: write the translation over it."
    ]
    assertContains(response, "Translated from")
    assertContains(response, f'href="{_change(source)}"')
    assertContains(response, "Translation up to date")
    # Each story links the other's form; no button for a language it has.
    source_page = _page(client.get(_change(source)))
    assert not source_page.xpath("//button[@name='into']")
    links = source_page.xpath("//section[@class='desk-editions']//a/@href")
    assert links == [_change(translation)]


def test_translate_needs_a_post_with_the_csrf_token(editor, source):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.get(_translate(source)).status_code == 405
    assert client.post(_translate(source), {"into": "ru"}).status_code == 403
    assert not Article.objects.filter(language="ru").exists()


def test_translating_into_a_language_the_group_has_says_so_and_links_it(
    client, editor, source
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)

    response = client.post(_translate(source), {"into": "ru"}, follow=True)

    assert response.redirect_chain[-1][0] == _change(source)
    [message] = response.context["messages"]
    assert "already has a translation in Russian" in str(message)
    assert f'<a href="{_change(translation)}">Open it</a>' in str(message)
    assertContains(response, f'<a href="{_change(translation)}">Open it</a>', html=True)
    assert Article.objects.filter(language="ru").count() == 1


def test_a_language_that_is_no_edition_is_refused_in_words(client, editor, source):
    client.force_login(editor)

    response = client.post(_translate(source), {"into": "de"}, follow=True)

    assert _messages(response) == ["The site has no edition in this language."]
    assert Article.objects.count() == 1


def test_a_writer_who_may_not_translate_sees_no_button_and_is_refused(
    client, writer, source
):
    client.force_login(writer)

    page = _page(client.get(_change(source)))
    assert not page.xpath("//button[@name='into']")
    assert "no translation yet" in page.text_content()

    response = client.post(_translate(source), {"into": "ru"})

    assert response.status_code == 403
    assert not Article.objects.filter(language="ru").exists()


def test_a_writer_translates_a_published_story_from_its_read_only_form(client, writer):
    published = ArticleFactory(
        published=True, language="en", headline="Talks resume in Dushanbe"
    )
    client.force_login(writer)

    page = _page(client.get(_change(published)))
    [button] = page.xpath("//button[@name='into']")
    assert button.xpath("ancestor::form//input[@name='csrfmiddlewaretoken']")
    response = client.post(button.get("formaction"), {"into": "ru"}, follow=True)

    translation = Article.objects.get(language="ru")
    assert translation.created_by == writer
    assert response.redirect_chain[-1][0] == _change(translation)
    # The translation is the writer's own: they may edit and save it.
    translation.refresh_from_db()
    saved = save_in_admin(client, translation, headline="Переговоры возобновились")
    assert saved.status_code == 302
    translation.refresh_from_db()
    assert translation.headline == "Переговоры возобновились"


def test_a_moderator_may_not_translate(client, moderator, source):
    client.force_login(moderator)

    assert client.post(_translate(source), {"into": "ru"}).status_code == 403
    assert not Article.objects.filter(language="ru").exists()


def test_editing_the_source_marks_the_translation_out_of_date_everywhere(
    client, editor, source
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)
    listing = client.get(CHANGELIST)
    assertNotContains(listing, "translation out of date")

    _edit_source(
        client,
        source,
        headline="Floods close the Pamir highway for a week",
        body="<p>The road is shut until Friday.</p>",
    )

    # The list: a marker on the translation's row, and the filter finds it.
    rows = _page(client.get(CHANGELIST)).xpath("//table[@id='result_list']//tr")
    marked = [row for row in rows if "translation out of date" in row.text_content()]
    assert len(marked) == 1
    assert marked[0].xpath(f".//a[@href='{_change(translation)}']")
    filtered = client.get(OUT_OF_DATE)
    assert [story.pk for story in filtered.context["cl"].result_list] == [
        translation.pk
    ]
    # The form: the marker, and the source's changes since revision 2.
    form = client.get(_change(translation))
    assertContains(form, "Translation out of date")
    assertContains(
        form, "The source has changed since revision 2: it is at revision 3 now."
    )
    diff = _page(form).xpath("//section[contains(@class, 'desk-translation')]")[0]
    cells = {
        row.xpath("th")[0].text: lxml.html.tostring(row.xpath("td")[0], encoding=str)
        for row in diff.xpath(".//table//tr")
    }
    assert set(cells) == {"Headline", "Body"}
    assert "<ins> for a week</ins>" in cells["Headline"]
    assert cells["Body"].endswith(
        "The road is shut <del>for</del> <ins>until</ins> "
        "<del>a week.</del><ins>Friday.</ins></td>"
    )


def test_mark_up_to_date_clears_the_marker_and_is_logged(client, editor, source):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)
    _edit_source(client, source, headline="Floods close the Pamir highway for a week")

    page = _page(client.get(_change(translation)))
    [button] = page.xpath("//button[text()='Mark up to date']")
    assert button.get("formaction") == _up_to_date(translation)
    response = client.post(_up_to_date(translation), follow=True)

    assert _messages(response) == ["Marked up to date with revision 3 of the source."]
    assertContains(response, "Translation up to date")
    assertNotContains(response, "The source has changed")
    translation.refresh_from_db()
    assert translation.translated_from_revision == 3
    assert translation.events.filter(
        action=ArticleEvent.Action.TRANSLATION_UPDATED, actor=editor
    ).exists()
    assert client.get(OUT_OF_DATE).context["cl"].result_list.count() == 0
    up_to_date = client.get(f"{CHANGELIST}?translation=up_to_date")
    assert [s.pk for s in up_to_date.context["cl"].result_list] == [translation.pk]
    assertNotContains(client.get(CHANGELIST), "translation out of date")


def test_mark_up_to_date_pressed_twice_says_it_already_is(client, editor, source):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)

    response = client.post(_up_to_date(translation), follow=True)

    assert _messages(response) == [
        "This translation is already up to date with its source."
    ]


def test_a_writer_who_may_not_edit_the_translation_cannot_mark_it(
    client, editor, writer, source
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)
    _edit_source(client, source, headline="Floods close the Pamir highway for a week")
    client.force_login(writer)

    page = _page(client.get(_change(translation)))
    assert "Translation out of date" in page.text_content()
    assert not page.xpath("//button[text()='Mark up to date']")
    assert client.post(_up_to_date(translation)).status_code == 403
    translation.refresh_from_db()
    assert translation.translated_from_revision == 2


def test_the_list_filters_by_language(client, editor):
    ArticleFactory(headline="English story", language="en")
    ArticleFactory(headline="Русская история", language="ru")
    client.force_login(editor)

    response = client.get(f"{CHANGELIST}?language=ru")

    assert [s.headline for s in response.context["cl"].result_list] == [
        "Русская история"
    ]
    assertContains(response, "Russian")


@pytest.mark.parametrize("query", ["", "translation=out_of_date", "language=ru"])
def test_the_lists_query_count_does_not_grow_with_translations(
    client, editor, django_assert_max_num_queries, query
):
    def translated_pairs(count):
        for _ in range(count):
            story = ArticleFactory(language="en")
            services.article_save(article=story, by=editor, created=True)
            services.article_translate(source=story, language="ru", by=editor)
            story.headline += " (updated)"
            services.article_save(article=story, by=editor)

    translated_pairs(2)
    client.force_login(editor)
    url = f"{CHANGELIST}?{query}"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    translated_pairs(10)

    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("(translation out of date)") == 12


def test_the_desk_counts_translations_out_of_date_and_links_the_list(
    client, editor, source
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)
    panel = "//section[@aria-labelledby='desk-translations']"

    up_to_date = _page(client.get(reverse("admin:index"))).xpath(panel)[0]
    assert up_to_date.xpath(".//p[@class='desk-panel__count']")[0].text == "0"
    assert not up_to_date.xpath(".//a")

    _edit_source(client, source, headline="Floods close the Pamir highway for a week")

    behind = _page(client.get(reverse("admin:index"))).xpath(panel)[0]
    assert behind.xpath("h2")[0].text == "Translations out of date"
    assert behind.xpath(".//p[@class='desk-panel__count']")[0].text == "1"
    [link] = behind.xpath(".//a/@href")
    assert link == OUT_OF_DATE
    listed = client.get(link).context["cl"].result_list
    assert [story.pk for story in listed] == [translation.pk]


def test_a_desk_of_one_edition_says_nothing_of_translations(client, editor, settings):
    settings.LANGUAGES = [("en", "English")]
    client.force_login(editor)

    assertNotContains(client.get(reverse("admin:index")), "Translations out of date")


def test_a_moderators_desk_says_nothing_of_translations(client, moderator):
    client.force_login(moderator)

    assertNotContains(client.get(reverse("admin:index")), "Translations out of date")


def test_a_translation_moved_into_its_sources_language_is_refused_in_words(
    client, editor, source
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    client.force_login(editor)

    response = save_in_admin(client, translation, language="en", headline="Typed")

    assert response.status_code == 200
    assertContains(
        response,
        "Its translation “Floods close the Pamir highway” is in this language "
        "already: a story has one version per language.",
    )
    assertContains(response, 'value="Typed"')
    translation.refresh_from_db()
    assert (translation.language, translation.headline) == (
        "ru",
        "Floods close the Pamir highway",
    )
