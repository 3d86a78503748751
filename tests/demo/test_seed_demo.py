"""The demo site: built once however often seed_demo runs, with a fresh login."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from articles.models import Article, Author, Revision, Section, SiteSettings, Tag
from comments.models import Comment, CommentPolicy
from demo import content_ru
from demo.management.commands.seed_demo import plan_stories

LOGIN = re.compile(r"Log in at http://127\.0\.0\.1:8000/admin/ as editor / (\S+)")


def _seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, built once for this module (about 12 s): the output of
    its first seed_demo. Each test runs in a savepoint inside it."""
    demo_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        # These tests are about the content; one rendition width is enough.
        IMAGE_RENDITION_WIDTHS=(480,),
    )
    with django_db_blocker.unblock(), demo_settings, transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


def _counts():
    now = timezone.now()
    return {
        "sections": Section.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "articles": Article.objects.count(),
        "live": Article.objects.published().count(),
        "scheduled": Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=now
        ).count(),
        "drafts": Article.objects.filter(status=Article.Status.DRAFT).count(),
        "in review": Article.objects.filter(status=Article.Status.REVIEW).count(),
        "without a revision": Article.objects.filter(revisions=None).count(),
        "russian": Article.objects.filter(language="ru").count(),
        "translations": Article.objects.filter(translated_from__isnull=False).count(),
        "site settings": SiteSettings.objects.count(),
        "comments": Comment.objects.count(),
        "waiting": Comment.objects.filter(status=Comment.Status.PENDING).count(),
    }


def test_seed_demo_twice_builds_the_site_once_and_changes_the_password(
    demo_site, db, settings
):
    settings.IMAGE_RENDITION_WIDTHS = (480,)
    first = demo_site
    after_first = _counts()
    second = _seed()

    assert _counts() == after_first
    assert after_first["sections"] == 6
    assert after_first["authors"] == 12
    assert after_first["articles"] >= 60
    assert after_first["scheduled"] == 1
    assert after_first["drafts"] == 1
    assert after_first["in review"] == 1  # something for the editors' desk
    assert after_first["live"] == after_first["articles"] - 3
    assert after_first["without a revision"] == 0
    assert after_first["translations"] >= 15
    assert after_first["russian"] >= after_first["translations"] + 3
    assert after_first["site settings"] == 1
    assert after_first["comments"] >= 20
    assert after_first["waiting"] >= 1  # something for the moderation queue

    first_password = LOGIN.search(first).group(1)
    second_password = LOGIN.search(second).group(1)
    assert first_password != second_password
    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff
    assert editor.check_password(second_password)
    assert not editor.check_password(first_password)


def test_seed_demo_builds_the_model_story_and_complete_stories(demo_site, db):
    story = Article.objects.published().get(headline__contains="police commander")
    assert story.section.name == "Terrorism"
    assert [byline.author.name for byline in story.bylines.all()] == ["Nadin Bahrom"]
    assert story.dateline == "DUSHANBE"
    assert story.caption == "Khalimov in Syria, May 2016."
    assert story.credit == "YouTube"
    assert story.body.count("<h2>") == 2
    # 3:2 like its renditions, so cropping them cuts nothing off.
    assert (story.lead_image.width, story.lead_image.height) == (1620, 1080)
    # The English edition's newest (its Russian translation follows it).
    assert Article.objects.published().filter(language="en").latest().first() == story

    # And every other story is dressed the same way.
    for other in Article.objects.prefetch_related("bylines", "tags"):
        assert 1 <= len(other.bylines.all()) <= 2, other.headline
        assert 2 <= len(other.tags.all()) <= 4, other.headline
        assert other.lead_image_id is not None, other.headline
        assert other.dateline and other.standfirst, other.headline
        assert 1 <= other.body.count("<h2>") <= 2, other.headline
        assert "lorem" not in other.body.lower()


def _out_of_date(story):
    newest = (
        Revision.objects.filter(article=story.translated_from)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return newest > story.translated_from_revision


def test_every_translated_headline_is_one_the_demo_makes():
    headlines = {plan.headline for plan in plan_stories(timezone.now())}

    assert set(content_ru.TRANSLATIONS) <= headlines
    assert content_ru.OUT_OF_DATE in content_ru.TRANSLATIONS


def test_seed_demo_builds_a_russian_edition_of_linked_translations(demo_site, db):
    translations = Article.objects.filter(
        language="ru", translated_from__isnull=False
    ).select_related("translated_from")

    assert translations.count() == len(content_ru.TRANSLATIONS) >= 15
    for story in translations:
        source = story.translated_from
        assert source.language == "en"
        assert story.translation_group == source.translation_group
        assert story.translated_from_revision >= 1
        assert story.is_live, story.headline
        assert story.publish_at >= source.publish_at
        assert story.section_id == source.section_id
        assert set(story.tags.all()) == set(source.tags.all())
        # Written in Russian, with an address in Latin letters.
        assert re.search("[а-яё]", story.headline + story.body, re.IGNORECASE)
        assert re.fullmatch(r"[a-z0-9-]+", story.slug), story.slug
        assert "<h2>" in story.body
    assert [
        story.translated_from.headline for story in translations if _out_of_date(story)
    ] == [content_ru.OUT_OF_DATE]


def test_the_out_of_date_translations_source_changed_after_it(demo_site, db):
    story = Article.objects.get(
        language="ru", translated_from__headline=content_ru.OUT_OF_DATE
    )

    assert story.translated_from.standfirst == content_ru.OUT_OF_DATE_STANDFIRST
    assert story.translated_from_revision == 1
    assert story.translated_from.revisions.count() == 2


def test_the_russian_edition_has_stories_of_its_own(demo_site, db):
    own = Article.objects.published().filter(language="ru", translated_from=None)
    groups = Article.objects.filter(
        translation_group__in=own.values("translation_group")
    )

    assert own.count() >= 3
    assert groups.count() == own.count()  # no other language in their groups


def test_the_demo_names_sections_tags_and_the_site_in_russian(demo_site, db):
    with translation.override("ru"):
        sections = {section.name for section in Section.objects.all()}
        tag = Tag.objects.get(slug="tajikistan")
        author = Author.objects.get(slug="nadin-bahrom")
        row = SiteSettings.objects.get()
        policy = CommentPolicy.objects.get()
        assert sections == {name for name, _ in content_ru.SECTIONS.values()}
        assert tag.name == "Таджикистан"
        assert author.bio.startswith("Надин Бахром")
        assert row.tagline == content_ru.SITE_TAGLINE
        assert policy.title == "Правила комментирования"
    with translation.override("en"):
        assert Section.objects.get(slug="terrorism").name == "Terrorism"
        assert SiteSettings.objects.get().tagline.startswith("Independent")
