"""Translated names (sections, tags, bios, the site's name and tagline, the
comment policy), slugs from Cyrillic, and dates in the edition's style."""

from datetime import datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from articles.models import Article, Section, SiteSettings, Tag
from articles.site import site_texts
from comments.models import CommentPolicy
from newsroom import pagecache
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def _in(language, text):
    with translation.override(language):
        return Template("{% load i18n %}" + text).render(Context())


def test_a_section_reads_in_the_active_language_and_falls_back_to_english():
    section = SectionFactory(name="Politics", description="Governments")
    section.name_ru = "Политика"
    section.save()

    with translation.override("ru"):
        fresh = Section.objects.get(pk=section.pk)
        assert (fresh.name, fresh.description) == ("Политика", "Governments")
    with translation.override("en"):
        assert Section.objects.get(pk=section.pk).name == "Politics"


def test_saving_in_russian_keeps_the_default_language_name_and_the_slug():
    tag = TagFactory(name="Border security")
    with translation.override("ru"):
        tag.name = "Безопасность границ"
        tag.save()

    tag.refresh_from_db()
    assert (tag.name_en, tag.name_ru, tag.slug) == (
        "Border security",
        "Безопасность границ",
        "border-security",
    )
    # The untranslated column (the search vector reads it) stays English.
    assert Tag.objects.filter(pk=tag.pk).values_list("name", flat=True).get() == (
        "Border security"
    )


def test_a_tag_made_in_russian_only_gets_a_transliterated_slug():
    with translation.override("ru"):
        tag = Tag.objects.create(name="Террористы")

    assert tag.slug == "terroristy"
    with translation.override("en"):
        # No English name yet: the Russian one, rather than nothing.
        assert Tag.objects.get(pk=tag.pk).name == "Террористы"


def test_a_cyrillic_headline_makes_a_readable_slug():
    article = ArticleFactory(
        headline="Террористы объявлены в розыск в Душанбе", slug="", language="ru"
    )

    assert article.slug == "terroristy-obyavleny-v-rozysk-v-dushanbe"


def test_the_slug_of_a_published_story_stays_when_the_headline_changes():
    article = ArticleFactory(headline="Суд в Худжанде", slug="", published=True)
    slug = article.slug

    article.headline = "Суд в Худжанде вынес приговор"
    article.save()

    assert Article.objects.get(pk=article.pk).slug == slug == "sud-v-khudzhande"


def test_without_a_settings_row_the_site_reads_its_settings(settings):
    settings.NEWSROOM_SITE_NAME = "The Newsroom"

    with translation.override("ru"):
        texts = site_texts()

    assert texts.name == "The Newsroom"
    assert texts.tagline == "Независимая журналистика из Центральной Азии"


def test_a_tagline_set_in_the_environment_is_shown_as_it_is(settings):
    settings.NEWSROOM_TAGLINE = "News from the steppe"

    with translation.override("ru"):
        assert site_texts().tagline == "News from the steppe"


def test_the_site_name_and_tagline_come_from_the_settings_row_in_each_language(
    client,
):
    SiteSettings.objects.create(
        site_name_en="Steppe Times",
        site_name_ru="Степные вести",
        tagline_en="News from the steppe",
        tagline_ru="Новости степи",
    )

    page = client.get("/").content.decode()
    assert "Steppe Times" in page
    assert "News from the steppe" in page
    with translation.override("ru"):
        assert site_texts().name == "Степные вести"
        assert site_texts().tagline == "Новости степи"


def test_the_settings_row_is_read_once_then_from_the_cache(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    row = SiteSettings.objects.create(site_name="Steppe Times")
    site_texts()

    with django_assert_num_queries(0):
        assert site_texts().name == "Steppe Times"

    with django_capture_on_commit_callbacks(execute=True):
        row.site_name = "Steppe Herald"
        row.save()
        pagecache.purge_for(row)
    with django_assert_num_queries(1):
        assert site_texts().name == "Steppe Herald"


def test_the_admin_edits_each_editions_name_side_by_side(
    admin_client, django_capture_on_commit_callbacks
):
    section = SectionFactory(name="Economy")
    url = f"/admin/articles/section/{section.pk}/change/"

    form = admin_client.get(url).content.decode()
    assert 'name="name_en"' in form
    assert 'name="name_ru"' in form
    # Languages the site has no edition in stay out of the way.
    assert 'name="name_kk"' not in form

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "name_en": "Economy",
                "name_ru": "Экономика",
                "slug": "economy",
                "description_en": "Trade and energy.",
                "description_ru": "Торговля и энергетика.",
                "position": 3,
                "comments_enabled": "on",
                "comment_moderation": "pre",
            },
        )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.name_ru, section.description_ru) == (
        "Экономика",
        "Торговля и энергетика.",
    )
    with translation.override("ru"):
        assert admin_client.get("/").status_code == 200


@override_settings(NEWSROOM_LANGUAGES=["en", "ru", "kk"])
def test_an_edition_added_by_setting_is_offered_in_the_admin(admin_client, settings):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian"), ("kk", "Kazakh")]
    section = SectionFactory(name="Culture")

    form = admin_client.get(f"/admin/articles/section/{section.pk}/change/")

    assert 'name="name_kk"' in form.content.decode()


def test_the_comment_policy_has_a_russian_text(client):
    policy = CommentPolicy.objects.get(pk=1)

    assert policy.title_en == "Comment Policy"
    with translation.override("ru"):
        policy = CommentPolicy.objects.get(pk=1)
        assert policy.title == "Правила комментирования"
        assert "Модератор читает каждый комментарий" in policy.body


def test_every_languages_policy_text_is_cleaned_on_save():
    policy = CommentPolicy.objects.get(pk=1)
    policy.body_ru = "<p>Правила</p><script>alert(1)</script>"

    policy.save()

    assert "<script>" not in CommentPolicy.objects.get(pk=1).body_ru


WHEN = timezone.make_aware(datetime(2026, 12, 1, 14, 5))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("language", "template", "expected"),
    [
        ("ru", '{{ when|date:"DATE_FORMAT" }}', "1 декабря 2026"),
        ("ru", '{{ when|date:"DATETIME_FORMAT" }}', "1 декабря 2026, 14:05"),
        ("ru", '{{ when|date:"SHORT_DATE_FORMAT" }}', "1 декабря 2026"),
        ("en", '{{ when|date:"DATE_FORMAT" }}', "1 December 2026"),
        ("en", '{{ when|date:"SHORT_DATE_FORMAT" }}', "1 Dec 2026"),
        ("kk", '{{ when|date:"DATE_FORMAT" }}', "1 Желтоқсан 2026"),
    ],
)
def test_dates_follow_the_editions_style(language, template, expected):
    with translation.override(language):
        rendered = Template(template).render(Context({"when": WHEN}))

    assert rendered == expected


def test_a_russian_story_card_shows_the_russian_date():
    article = ArticleFactory(publish_at=WHEN, published=True)

    with translation.override("ru"):
        rendered = Template('{% include "includes/_story_card.html" %}').render(
            Context({"article": article})
        )

    assert "1 декабря 2026" in rendered
    assert "г." not in rendered


def test_the_reader_chrome_is_russian_under_russian():
    rendered = _in(
        "ru",
        "{% translate 'Related stories' %}|{% translate 'Do you like this article?' %}"
        "|{% translate 'By' context 'byline' %}"
        "|{% blocktranslate with count=1 %}{{ count }} Comment(s)"
        "{% endblocktranslate %}",
    )

    assert (
        rendered
        == "Материалы по теме|Вам понравилась эта статья?|Текст:|Комментарии: 1"
    )


def test_the_counters_warning_is_rendered_in_russian_for_the_script():
    rendered = _in(
        "ru",
        "{% translate '%(count)s over the 1500-character limit. Please shorten "
        "your comment: nothing has been cut.' %}",
    )

    # reader.js puts the number where %(count)s is.
    assert rendered.startswith("Лимит в 1500 символов превышен на %(count)s.")


def test_an_editor_names_the_site_in_each_language(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/articles/sitesettings/add/",
        {
            "site_name_en": "Steppe Times",
            "site_name_ru": "Степные вести",
            "tagline_en": "News from the steppe",
            "tagline_ru": "Новости степи",
        },
    )

    assert response.status_code == 302
    row = SiteSettings.objects.get()
    assert (row.site_name_en, row.site_name_ru) == ("Steppe Times", "Степные вести")
    # One row only: no second one can be added.
    assert client.get("/admin/articles/sitesettings/add/").status_code == 403


def test_the_comment_policy_form_shows_each_editions_text(admin_client):
    form = admin_client.get("/admin/comments/commentpolicy/1/change/").content
    page = form.decode()

    assert 'name="body_en"' in page
    assert 'name="body_ru"' in page
    assert "Правила комментирования" in page
