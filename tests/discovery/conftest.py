"""Objects for the discovery tests, built directly (no shared factories)."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import Article, ArticleAuthor, Author, Section, Tag
from articles.services import article_publish
from images.models import Image, Rendition


def jpeg_bytes(width, height, quality=80):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (200, 90, 40)).save(
        buffer, "JPEG", quality=quality
    )
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def section(db):
    return Section.objects.create(name="Politics")


@pytest.fixture
def make_image(media_root):
    """An image with JPEG renditions 480 and 1200 wide and a WebP one."""

    def make(alt_text="Protesters on the embankment"):
        image = Image.objects.create(
            file=ContentFile(jpeg_bytes(1600, 900), name="lead.jpg"),
            alt_text=alt_text,
            caption="The embankment at noon",
            credit="Photo: A. Photographer",
        )
        for fmt, width in (("jpeg", 480), ("jpeg", 1200), ("webp", 1200)):
            height = width * 9 // 16
            Rendition.objects.create(
                image=image,
                format=fmt,
                width=width,
                height=height,
                file=ContentFile(jpeg_bytes(width, height), name=f"r{width}.{fmt}"),
            )
        return image

    return make


@pytest.fixture
def make_story(db, section):
    """Create a story; published an hour (or ``age``) ago unless told otherwise.

    ``publish=False`` leaves a draft; ``age`` may be negative for a scheduled one.
    """
    counter = itertools.count(1)

    def make(
        *,
        headline=None,
        section=section,
        authors=(),
        tags=(),
        age=None,
        publish=True,
        **fields,
    ):
        n = next(counter)
        article = Article.objects.create(
            headline=headline or f"Story number {n}",
            section=section,
            standfirst=fields.pop("standfirst", f"What happened in story {n}."),
            body=fields.pop("body", f"<p>The body of story {n}.</p>"),
            **fields,
        )
        for position, author in enumerate(authors):
            ArticleAuthor.objects.create(
                article=article, author=author, position=position
            )
        article.tags.set(tags)
        if publish:
            age = timedelta(minutes=n) if age is None else age
            article_publish(article=article, publish_at=timezone.now() - age)
        return article

    return make


@pytest.fixture
def make_rich_stories(make_story, make_image, section):
    """``count`` stories in ``section``, each with a lead image, two authors and
    two tags; one author ("Staff Writer") and one tag ("Running") are on all.
    """
    counter = itertools.count(1)

    def make(count):
        staff, _ = Author.objects.get_or_create(name="Staff Writer")
        running, _ = Tag.objects.get_or_create(name="Running")
        stories = []
        for _ in range(count):
            n = next(counter)
            stories.append(
                make_story(
                    authors=[staff, Author.objects.create(name=f"Writer {n}")],
                    tags=[running, Tag.objects.create(name=f"Topic {n}")],
                    lead_image=make_image(),
                )
            )
        return stories

    return make
