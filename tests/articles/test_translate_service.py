"""Making a translation, and bringing one up to date, as services: allowed,
refused, and never half-done."""

import importlib
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError

from articles import services
from articles.models import Article, ArticleAuthor, ArticleEvent, Revision
from articles.workflow import StepRefused
from tests.factories import (
    MODEL_STORY_PICTURE,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    TagFactory,
    story_with_revisions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(editor):
    """An English story saved three times (revisions 1-3), with a full filing."""
    first, second = AuthorFactory(name="Nadin Bahrom"), AuthorFactory(name="Ali Vali")
    story = story_with_revisions(
        {
            "headline": "Floods close the Pamir highway",
            "standfirst": "Mudslides cut the road near Khorog.",
            "body": "<p>The road is shut.</p><h2>Detours</h2><p>None yet.</p>",
            "kicker": "Weather",
            "dateline": "Khorog",
            "language": "en",
            "lead_image": ImageFactory(**MODEL_STORY_PICTURE),
            "commenting": Article.Commenting.CLOSED,
        },
        {"standfirst": "Mudslides cut the road near Khorog on Monday."},
        {"body": "<p>The road is shut for a week.</p><h2>Detours</h2><p>None.</p>"},
        by=editor,
    )
    story.tags.set([TagFactory(name="Pamir"), TagFactory(name="Roads")])
    ArticleAuthor.objects.create(article=story, author=second, position=1)
    ArticleAuthor.objects.create(article=story, author=first, position=0)
    return story


def test_a_translation_is_a_draft_linked_to_the_source_and_its_newest_revision(
    source, writer, editor
):
    translation = services.article_translate(source=source, language="ru", by=editor)

    translation.refresh_from_db()
    assert translation.status == Article.Status.DRAFT
    assert translation.language == "ru"
    assert translation.translation_group == source.translation_group
    assert translation.translated_from == source
    assert translation.translated_from_revision == 3
    assert translation.created_by == editor
    assert translation.slug == f"{source.slug}-ru"


def test_a_translation_starts_from_the_sources_text_and_filing(source, editor):
    translation = services.article_translate(source=source, language="ru", by=editor)

    translation.refresh_from_db()
    assert translation.headline == "Floods close the Pamir highway"
    assert translation.standfirst == "Mudslides cut the road near Khorog on Monday."
    assert translation.body == (
        "<p>The road is shut for a week.</p><h2>Detours</h2><p>None.</p>"
    )
    assert (translation.kicker, translation.dateline) == ("Weather", "Khorog")
    assert translation.section == source.section
    assert set(translation.tags.values_list("name", flat=True)) == {"Pamir", "Roads"}
    assert [a.name for a in translation.ordered_authors] == ["Nadin Bahrom", "Ali Vali"]
    assert translation.commenting == Article.Commenting.CLOSED
    assert translation.lead_image_id == source.lead_image_id
    # The picture's own words become the story's, for the translator.
    assert translation.lead_image_caption == MODEL_STORY_PICTURE["caption"]
    assert translation.lead_image_credit == MODEL_STORY_PICTURE["credit"]


def test_a_translation_has_its_own_first_revision_and_both_logs_say_so(source, editor):
    translation = services.article_translate(source=source, language="ru", by=editor)

    assert list(translation.revisions.values_list("number", flat=True)) == [1]
    assert translation.revisions.get().content["headline"] == source.headline
    made = translation.events.get()
    assert made.action == ArticleEvent.Action.CREATED
    assert made.actor == editor
    assert "revision 3" in made.note
    assert source.headline in made.note
    told = source.events.filter(action=ArticleEvent.Action.TRANSLATED).get()
    assert told.actor == editor
    assert "Russian" in told.note


def test_a_writer_translates_a_published_story_of_someone_else(writer):
    published = ArticleFactory(published=True, language="en")

    translation = services.article_translate(source=published, language="ru", by=writer)

    assert translation.created_by == writer
    assert translation.translated_from == published


def test_a_writer_translates_their_own_draft(writer):
    draft = ArticleFactory(language="en", created_by=writer)

    translation = services.article_translate(source=draft, language="ru", by=writer)

    assert translation.translated_from == draft


def test_a_writer_may_not_translate_someone_elses_unpublished_draft(writer, editor):
    draft = ArticleFactory(language="en", created_by=editor)

    with pytest.raises(PermissionDenied, match="Only a writer of this story"):
        services.article_translate(source=draft, language="ru", by=writer)

    assert Article.objects.filter(language="ru").count() == 0


def test_a_moderator_may_not_translate(moderator):
    published = ArticleFactory(published=True, language="en")

    with pytest.raises(PermissionDenied):
        services.article_translate(source=published, language="ru", by=moderator)

    assert not Article.objects.filter(language="ru").exists()
    assert not published.events.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "The site has no edition in this language."),
        ("en", "This story is already in English."),
    ],
)
def test_a_language_that_is_no_edition_or_the_sources_own_is_refused(
    source, editor, language, message
):
    with pytest.raises(ValidationError) as refused:
        services.article_translate(source=source, language=language, by=editor)

    assert refused.value.messages == [message]
    assert Article.objects.count() == 1


def test_translating_into_a_language_the_group_has_is_refused_naming_that_story(
    source, editor
):
    first = services.article_translate(source=source, language="ru", by=editor)

    with pytest.raises(services.TranslationExists) as refused:
        services.article_translate(source=source, language="ru", by=editor)

    assert refused.value.existing == first
    assert refused.value.messages == [
        "This story already has a translation in Russian: "
        "“Floods close the Pamir highway”."
    ]
    # Nor from the translation back into the source's language.
    with pytest.raises(services.TranslationExists) as back:
        services.article_translate(source=first, language="en", by=editor)
    assert back.value.existing == source
    assert Article.objects.filter(language="ru").count() == 1


def test_a_failure_half_way_stores_nothing(source, editor):
    revisions, events = Revision.objects.count(), ArticleEvent.objects.count()
    with (
        mock.patch.object(
            ArticleAuthor.objects, "bulk_create", side_effect=RuntimeError("disk")
        ),
        pytest.raises(RuntimeError),
    ):
        services.article_translate(source=source, language="ru", by=editor)

    assert Article.objects.count() == 1
    assert Revision.objects.count() == revisions
    assert ArticleEvent.objects.count() == events


def test_a_story_with_no_revision_gets_one_to_be_translated_from(editor):
    imported = ArticleFactory(published=True, language="en")

    translation = services.article_translate(source=imported, language="ru", by=editor)

    assert translation.translated_from_revision == 1
    assert imported.revisions.get().content["headline"] == imported.headline


def _edit(story, by, **changes):
    for name, value in changes.items():
        setattr(story, name, value)
    services.article_save(article=story, by=by)


def test_editing_the_sources_text_puts_the_translation_out_of_date(source, editor):
    translation = services.article_translate(source=source, language="ru", by=editor)
    assert not Article.objects.translations_out_of_date().exists()

    _edit(source, editor, headline="Floods close the Pamir highway for a week")

    assert list(Article.objects.translations_out_of_date()) == [translation]
    states = dict(
        Article.objects.with_translation_state().values_list(
            "pk", "translation_out_of_date"
        )
    )
    assert states == {source.pk: False, translation.pk: True}


def test_filing_changes_to_the_source_leave_the_translation_up_to_date(source, editor):
    services.article_translate(source=source, language="ru", by=editor)

    _edit(source, editor, slug="pamir-floods")

    assert not Article.objects.translations_out_of_date().exists()


def test_marking_up_to_date_records_the_sources_newest_revision(source, editor):
    translation = services.article_translate(source=source, language="ru", by=editor)
    _edit(source, editor, headline="Floods close the Pamir highway for a week")
    _edit(source, editor, standfirst="The road reopens next week.")
    saved_at = Article.objects.get(pk=translation.pk).updated_at

    services.translation_mark_up_to_date(article=translation, by=editor)

    translation.refresh_from_db()
    assert translation.translated_from_revision == 5
    assert translation.updated_at == saved_at
    assert not Article.objects.translations_out_of_date().exists()
    event = translation.events.get(action=ArticleEvent.Action.TRANSLATION_UPDATED)
    assert event.note == "Up to date with revision 5 of the source (was 3)."


def test_an_up_to_date_translation_is_not_marked_again(source, editor):
    translation = services.article_translate(source=source, language="ru", by=editor)

    with pytest.raises(StepRefused, match="already up to date"):
        services.translation_mark_up_to_date(article=translation, by=editor)


def test_a_story_translated_from_nothing_cannot_be_marked_up_to_date(editor):
    with pytest.raises(StepRefused, match="Only a translation"):
        services.translation_mark_up_to_date(article=ArticleFactory(), by=editor)


def test_only_who_may_edit_the_translation_marks_it_up_to_date(source, editor, writer):
    translation = services.article_translate(source=source, language="ru", by=editor)
    _edit(source, editor, headline="Floods close the Pamir highway for a week")

    with pytest.raises(PermissionDenied):
        services.translation_mark_up_to_date(article=translation, by=writer)

    translation.refresh_from_db()
    assert translation.translated_from_revision == 3


def test_each_revision_of_the_source_is_numbered_on_its_translations(source, editor):
    russian = services.article_translate(source=source, language="ru", by=editor)
    german = ArticleFactory(language="de", translation_group=source.translation_group)
    assert Article.objects.get(pk=russian.pk).source_revision == 3

    _edit(source, editor, headline="Floods close the Pamir highway for a week")

    newest = source.revisions.order_by("-number").first().number
    assert newest == 4
    stored = dict(Article.objects.values_list("pk", "source_revision"))
    # Not translations: nothing to compare with.
    assert stored == {source.pk: 0, german.pk: 0, russian.pk: newest}


def test_out_of_date_is_read_from_the_translations_own_rows(
    source, editor, django_assert_num_queries
):
    services.article_translate(source=source, language="ru", by=editor)
    _edit(source, editor, headline="Floods close the Pamir highway for a week")

    with django_assert_num_queries(1) as captured:
        assert Article.objects.translations_out_of_date().count() == 1

    # A subquery over the source's revisions per translation cost seconds at
    # a million stories.
    assert "articles_revision" not in captured.captured_queries[0]["sql"]


def test_the_migration_numbers_existing_translations_from_their_sources(source, editor):
    migration = importlib.import_module(
        "articles.migrations.0018_translation_source_revision"
    )
    translation = services.article_translate(source=source, language="ru", by=editor)
    _edit(source, editor, headline="Floods close the Pamir highway for a week")
    orphan = ArticleFactory(language="ru", translated_from=ArticleFactory())
    Article.objects.update(source_revision=0)  # as the new column starts

    migration.copy_sources_newest_revision(django_apps, None)

    stored = dict(Article.objects.values_list("pk", "source_revision"))
    assert stored[translation.pk] == 4
    assert stored[orphan.pk] == 0  # its source has no revision
    assert stored[source.pk] == 0
    assert list(Article.objects.translations_out_of_date()) == [translation]


def test_saving_a_translation_loaded_before_its_source_changed_keeps_it_behind(
    source, editor
):
    translation = services.article_translate(source=source, language="ru", by=editor)
    loaded = Article.objects.get(pk=translation.pk)  # an editor opens it

    _edit(source, editor, headline="Floods close the Pamir highway for a week")
    loaded.headline = "Наводнение перекрыло Памирский тракт"
    services.article_save(article=loaded, by=editor)

    assert Article.objects.get(pk=translation.pk).source_revision == 4
    assert list(Article.objects.translations_out_of_date()) == [translation]
