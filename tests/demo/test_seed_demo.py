"""The demo site: built once however often seed_demo runs, with a fresh login."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from comments.models import Comment

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
    assert Article.objects.published().latest().first() == story

    # And every other story is dressed the same way.
    for other in Article.objects.prefetch_related("bylines", "tags"):
        assert 1 <= len(other.bylines.all()) <= 2, other.headline
        assert 2 <= len(other.tags.all()) <= 4, other.headline
        assert other.lead_image_id is not None, other.headline
        assert other.dateline and other.standfirst, other.headline
        assert 1 <= other.body.count("<h2>") <= 2, other.headline
        assert "lorem" not in other.body.lower()
