"""factory_boy factories for the publishing models, and what readers and
editors post.

``ArticleFactory`` makes a draft; ``ArticleFactory(published=True)`` a story
readers can see, ``scheduled=True`` one whose publish time is still to come.
Bylines and tags are passed as lists: ``authors=[a, b]`` keeps that order.
``CommentFactory`` makes a stored comment. ``comment_data()`` is a reader's
comment form, ``change_form_post(article)`` the admin's story form as it stands
(``save_in_admin`` posts it); ``story_with_revisions`` saves a story as it
changes, a revision a version.
"""

import io
import time
from datetime import timedelta

import factory
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image as PillowImage
from PIL import ImageDraw

from articles import services
from articles.models import Article, ArticleAuthor, Author, Section, Tag
from comments.forms import started_token
from comments.models import Comment
from images.models import Image, Rendition

# The model story, as the tests that show a story page tell it: its text, and
# its lead picture's (``ImageFactory(**MODEL_STORY_PICTURE)``).
MODEL_STORY_BODY = (
    "<p>Gulmurod Khalimov, the commander of Tajikistan's special police, "
    "has been killed in an air strike near Mosul, officials said.</p>"
    "<h2>From Dushanbe to Raqqa</h2>"
    "<p>Khalimov trained with American forces before he left for Syria.</p>"
    "<h2>What comes next</h2>"
    "<p>Security services expect more recruits to return home.</p>"
)
MODEL_STORY = {
    "kicker": "Security",
    "headline": "Tajik police commander who joined Islamic State reported killed",
    "standfirst": "Gulmurod Khalimov led Tajikistan's special police before he "
    "appeared in a propaganda video in 2015.",
    "dateline": "Dushanbe",
    "body": MODEL_STORY_BODY,
}
MODEL_STORY_PICTURE = {
    "alt_text": "A bearded man in black fatigues speaks into a camera",
    "caption": "Gulmurod Khalimov in a propaganda video.",
    "credit": "Islamic State video",
}


def jpeg_upload(width=960, height=540, name="picture.jpg"):
    """A small drawn JPEG, as an upload the image service accepts."""
    picture = PillowImage.new("RGB", (width, height), (32, 84, 140))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((width // 8, height // 4, width // 2, height * 3 // 4), "#e8b04a")
    draw.ellipse((width // 2, height // 8, width * 7 // 8, height // 2), "#f4f1ea")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Topic {n}")


class ImageFactory(DjangoModelFactory):
    """An image made the way the newsroom makes them: through ``image_create``,
    with its renditions. Until that service exists, a row with two made here."""

    class Meta:
        model = Image

    file = factory.LazyFunction(jpeg_upload)
    alt_text = factory.Sequence(lambda n: f"A street in Dushanbe, picture {n}")
    is_decorative = False
    caption = ""
    credit = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from images import services

        image_create = getattr(services, "image_create", None)
        if image_create is not None:
            return image_create(**kwargs)
        image = super()._create(model_class, *args, **kwargs)
        for fmt in Rendition.Format.values:
            Rendition.objects.create(
                image=image,
                format=fmt,
                width=480,
                height=270,
                file=jpeg_upload(480, 270, name=f"r480.{fmt}"),
            )
        return image


def _an_hour_ago():
    return timezone.now() - timedelta(hours=1)


def _tomorrow():
    return timezone.now() + timedelta(days=1)


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    section = factory.SubFactory(SectionFactory)
    standfirst = factory.LazyAttribute(lambda o: f"What happened in {o.headline}.")
    body = factory.LazyAttribute(lambda o: f"<p>The body of {o.headline}.</p>")
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(_an_hour_ago),
            first_published_at=factory.SelfAttribute("publish_at"),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(_tomorrow),
        )
        with_image = factory.Trait(lead_image=factory.SubFactory(ImageFactory))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """``authors=[a, b]`` makes the byline "By a and b", in that order."""
        if create and extracted:
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=self, author=author, position=position)
                for position, author in enumerate(extracted)
            )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CommentFactory(DjangoModelFactory):
    """A reader's comment on a published story, in the status a new one gets
    unless ``status`` says otherwise; its address and text follow its name."""

    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory, published=True)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.LazyAttribute(lambda o: f"{slugify(o.name)}@example.org")
    body = factory.LazyAttribute(lambda o: f"Said by {o.name}.")


def story_with_revisions(*versions, by):
    """A story saved by ``by`` once per version, each a dict of the fields it
    changes (the first makes the story): revisions 1, 2…"""
    story = ArticleFactory(**versions[0])
    services.article_save(article=story, by=by, created=True)
    for changes in versions[1:]:
        for name, value in changes.items():
            setattr(story, name, value)
        services.article_save(article=story, by=by)
    return story


def change_form_post(article, **changes):
    """What the admin change form posts for ``article`` as it stands, without
    bylines, with ``changes`` made."""
    when = timezone.localtime(article.publish_at) if article.publish_at else None
    data = {
        "kicker": article.kicker,
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "body": article.body,
        "lead_image": article.lead_image_id or "",
        "lead_image_caption": article.lead_image_caption,
        "lead_image_credit": article.lead_image_credit,
        "section": article.section_id,
        "tags": [tag.pk for tag in article.tags.all()] if article.pk else [],
        "language": article.language or settings.LANGUAGE_CODE,
        "publish_at_0": when.strftime("%Y-%m-%d") if when else "",
        "publish_at_1": when.strftime("%H:%M:%S") if when else "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return data


def save_in_admin(client, article, *, follow=False, **changes):
    """Post ``article``'s admin change form as ``client``, with ``changes``
    made (``change_form_post``)."""
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_post(article, **changes),
        follow=follow,
    )


def shown_seconds_ago(seconds=60):
    """The form's signed start time, as if the reader opened it ``seconds`` ago."""
    return started_token(at=time.time() - seconds)


def comment_data(**overrides):
    data = {
        "name": "Farrukh",
        "email": "farrukh@example.org",
        "body": "The article leaves out what his family said.",
        "website": "",
        "started": shown_seconds_ago(),
    }
    data.update(overrides)
    return data
