import uuid
from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from newsroom.sanitize import clean_body
from newsroom.slugs import slugify
from newsroom.translated import TranslatedModel


def check_edition(language: str) -> None:
    """Refuse a language the site has no edition in (empty passes): for the
    ``language`` field of stories and of what is limited to one edition."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {"language": _("The site has no edition in this language.")}
        )


class SluggedModel(models.Model):
    """A model whose ``slug``, left empty, is made on save from the field
    ``slug_from`` names (its name unless it says otherwise), unique among its
    rows."""

    slug_from = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        """Slugify ``slug_from``, adding -2, -3… until no other row has it."""
        max_length = self._meta.get_field("slug").max_length
        base = slugify(getattr(self, self.slug_from))[: max_length - 8].strip("-")
        base = base or "item"
        candidate, n = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=candidate).exists():
            candidate, n = f"{base}-{n}", n + 1
        return candidate


class CommentModeration(models.TextChoices):
    PRE = "pre", _("Pre-moderation: comments wait for a moderator")
    POST = "post", _("Post-moderation: comments appear at once")


class Section(TranslatedModel, SluggedModel):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in navigation"),
        default=0,
        help_text=_("Sections are listed in the navigation from low to high."),
    )
    comments_enabled = models.BooleanField(
        _("readers may comment"),
        default=True,
        help_text=_("Stories can override this one by one."),
    )
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=4,
        choices=CommentModeration.choices,
        default=CommentModeration.PRE,
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after publication. Leave empty to keep comments open."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(TranslatedModel, SluggedModel):
    """A byline. Contributors need no account; staff may be linked to a user."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(TranslatedModel, SluggedModel):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


def bylines_prefetch() -> models.Prefetch:
    """Stories' bylines with their authors, in byline order: how every list,
    feed and page that shows a byline loads it."""
    return models.Prefetch(
        "bylines", queryset=ArticleAuthor.objects.select_related("author")
    )


# A translation behind its source: the source has a revision newer than the
# one the translation was made from or last brought up to date with (none
# recorded counts as 0). One condition, for the list's filter, its marker and
# the partial index that serves them.
TRANSLATION_OUT_OF_DATE = models.Q(
    translated_from__isnull=False,
    source_revision__gt=Coalesce(F("translated_from_revision"), Value(0)),
)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> Self:
        """Stories readers may see: published, and their publish time has come.

        The only definition of "published"; reader pages, feeds, sitemaps and
        search all start here. Scheduling needs no worker: a story whose
        ``publish_at`` is in the future simply is not selected yet.
        """
        now = timezone.now()
        return self.filter(
            models.Q(unpublish_at__isnull=True) | models.Q(unpublish_at__gt=now),
            status=Article.Status.PUBLISHED,
            publish_at__lte=now,
        )

    def scheduled(self) -> Self:
        """Stories published with a time still to come: not yet for readers."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
        )

    def next_change_at(self) -> datetime | None:
        """When the reader site next changes by itself: a story going live or
        coming down at its set time. One query; None if nothing is set.

        Only stories with a time still to come are read (an index each way),
        so the cost does not grow with the archive.
        """
        now = timezone.now()
        upcoming = (
            self.filter(status=Article.Status.PUBLISHED)
            .filter(models.Q(publish_at__gt=now) | models.Q(unpublish_at__gt=now))
            .annotate(
                change_at=models.Case(
                    models.When(publish_at__gt=now, then=F("publish_at")),
                    default=F("unpublish_at"),
                )
            )
            .order_by("change_at")
            .values_list("change_at", flat=True)
        )
        change_at: datetime | None = upcoming.first()
        return change_at

    def for_cards(self) -> Self:
        """Leave out what a story card never shows: the body, and the search
        vector (only search reads it, and only in SQL)."""
        return self.defer("body", "search_vector")

    def for_listing(self, *, body: bool = False) -> Self:
        """Load what a story card shows (section, lead image, byline) up front;
        the body too if ``body``."""
        stories = self.select_related("section", "lead_image").prefetch_related(
            bylines_prefetch(), models.Prefetch("lead_image__renditions")
        )
        return stories.defer("search_vector") if body else stories.for_cards()

    def latest(self) -> Self:
        return self.order_by("-publish_at", "-pk")

    def update(self, **kwargs: Any) -> int:
        """As ``QuerySet.update()``; the stories' tag and byline rows
        (``FiledStory``) follow a change of what they copy."""
        listed = {name: kwargs[name] for name in LISTED_FIELDS if name in kwargs}
        if not listed:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            if any(hasattr(value, "resolve_expression") for value in listed.values()):
                # Worked out per story: copied from the stories once updated.
                ids = list(self.values_list("pk", flat=True))
                count = super().update(**kwargs)
                listed = {
                    name: Subquery(
                        Article.objects.filter(pk=OuterRef("article_id")).values(name)[
                            :1
                        ]
                    )
                    for name in listed
                }
                for link in (ArticleTag, ArticleAuthor):
                    link.objects.filter(article__in=ids).update(**listed)
                return count
            for link in (ArticleTag, ArticleAuthor):
                link.objects.filter(article__in=self.values("pk")).update(**listed)
            return super().update(**kwargs)

    def filed_under(
        self, *, language: str, tag: Any = None, author: Any = None
    ) -> Self:
        """These stories of the ``language`` edition under ``tag`` or by
        ``author`` (an instance, a pk or a subquery of one), newest first as
        ``latest()`` orders them, walked from that tag's or author's own rows
        (``FiledStory``); the publish time they are ordered by is the alias
        ``listed_at``, for keyset pagination.

        However few of its stories the edition holds, the walk reads just the
        rows of the page: it never reads the stories of other editions or
        checks every recent story for the tag. Apply it to ``published()``,
        which still decides; the rows only narrow the walk.
        """
        links, filed = ("tag_links", tag) if tag is not None else ("bylines", author)
        under = "tag" if tag is not None else "author"
        return (
            self.filter(
                language=language,
                **{
                    f"{links}__{under}": filed,
                    f"{links}__language": language,
                    f"{links}__status": Article.Status.PUBLISHED,
                    f"{links}__publish_at__lte": timezone.now(),
                },
            )
            .alias(listed_at=F(f"{links}__publish_at"))
            .order_by("-listed_at", "-pk")
        )

    def with_translation_state(self) -> Self:
        """Annotate each story with ``translation_out_of_date``: a translation
        whose source has a revision newer than the one it was translated from
        (or last brought up to date with). False for a story translated from
        nothing.

        Two columns of the row compared (``source_revision``), so a list
        costs no query, and no subquery, per row.
        """
        return self.annotate(translation_out_of_date=translation_out_of_date())

    def translations_out_of_date(self) -> Self:
        """Translations whose source changed since they were translated."""
        return self.filter(TRANSLATION_OUT_OF_DATE)

    def update_search_vector(self) -> int:
        """Recompute the stored search vector of these stories (PostgreSQL only).

        Headline weighs most (A), then standfirst, tags and authors (B), then
        the body's text (C). One UPDATE, whatever the number of stories.
        """
        if connection.vendor != "postgresql":
            return 0
        return self.update(search_vector=search_vector_expression())


class Article(SluggedModel):
    # What a revision holds and a working copy changes: the story as read.
    # Filing (section, tags, byline, slug) and scheduling apply at once.
    CONTENT_FIELDS = [
        "kicker",
        "headline",
        "standfirst",
        "dateline",
        "body",
        "lead_image",
        "lead_image_caption",
        "lead_image_credit",
    ]
    slug_from = "headline"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Commenting(models.TextChoices):
        SECTION = "", _("As the section says")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the story's address. Made from the headline."),
    )
    # One of settings.LANGUAGES (the editions), checked by ``clean_fields``
    # and offered as a choice by the story form; no choices here, so that a
    # site with other editions needs no migration of its own.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # The story in every language shares one group; each language once.
    translation_group = models.UUIDField(
        _("translation group"), default=uuid.uuid4, editable=False
    )
    translated_from = models.ForeignKey(
        "self",
        verbose_name=_("translated from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    # The number of the source's revision the translation was made from (or
    # last brought up to date with); behind the source's newest, it is out of
    # date.
    translated_from_revision = models.PositiveIntegerField(
        _("translated from revision"), null=True, blank=True, editable=False
    )
    # The number of the source's newest revision (0: none, or not a
    # translation), kept by the service that records revisions, so "out of
    # date" compares two columns of one row instead of reading the source's
    # revisions for every translation in a list.
    source_revision = models.PositiveIntegerField(
        _("source's newest revision"), default=0, editable=False
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("authors"),
        through="ArticleAuthor",
        related_name="articles",
    )
    kicker = models.CharField(
        _("kicker"),
        max_length=80,
        blank=True,
        help_text=_("A short label above the headline, e.g. “Analysis”."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences that sum the story up."),
    )
    dateline = models.CharField(
        _("dateline"),
        max_length=80,
        blank=True,
        help_text=_("Where the story was reported from, e.g. DUSHANBE."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Cleaned on save: scripts, styles and unsafe links are removed."),
    )
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(
        _("lead image caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )
    lead_image_credit = models.CharField(
        _("lead image credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the image's own credit."),
    )
    tags = models.ManyToManyField(
        Tag,
        verbose_name=_("tags"),
        through="ArticleTag",
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Readers see the story from this time on."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: the story comes off the site at this time "
            "(an embargo's end, an offer that expires)."
        ),
    )
    commenting = models.CharField(
        _("comments"),
        max_length=6,
        choices=Commenting.choices,
        default=Commenting.SECTION,
        blank=True,
        help_text=_("Open or Closed here wins over the section's settings."),
    )
    comment_moderation = models.CharField(
        _("comment moderation"),
        max_length=4,
        choices=CommentModeration.choices,
        blank=True,
        help_text=_("Leave empty to moderate as the section does."),
    )
    # Kept up to date by ``save()`` and ``articles.signals`` (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    working_copy = models.ForeignKey(
        "Revision",
        verbose_name=_("unpublished changes"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Edits to a live story wait here until an editor publishes them."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    # Not a field: the story's live language versions, itself included, as
    # ``articles.selectors.article_for_reader`` reads them with it.
    live_translations: "list[Article]"

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
        ]
        indexes = [
            models.Index(
                fields=["status", "-publish_at"], name="article_status_publish_idx"
            ),
            models.Index(
                fields=["section", "status", "-publish_at"],
                name="article_section_publish_idx",
            ),
            # Each edition's stories, newest first (home, feeds), and each
            # section's in one edition: a small edition's front need not scan
            # past the other editions' newer stories.
            models.Index(
                fields=["language", "status", "-publish_at"],
                name="article_language_publish_idx",
            ),
            models.Index(
                fields=["section", "language", "status", "-publish_at"],
                name="article_section_lang_pub_idx",
            ),
            # The admin's list, newest work first.
            models.Index(fields=["-updated_at", "-id"], name="article_updated_idx"),
            # Translations behind their source (few), newest work first: the
            # admin list's filter counts and pages them without a scan.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=TRANSLATION_OUT_OF_DATE,
                name="article_translation_behind_idx",
            ),
            # Stories with a time to come off the site (few), for next_change_at.
            models.Index(
                fields=["unpublish_at"],
                condition=models.Q(unpublish_at__isnull=False),
                name="article_unpublish_at_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"],
                name="article_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # A story filed without a language belongs to the default edition.
        if not self.language:
            self.language = settings.LANGUAGE_CODE
        self.body = clean_body(self.body)
        adding = self._state.adding
        if not self._state.adding and not args and set(kwargs) <= {"using"}:
            # Only the service that records revisions writes source_revision,
            # for all of a source's translations at once: a copy of one
            # loaded before the source's newest revision must not write the
            # older number back (it would hide that the translation is behind).
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "source_revision"
                and field.attname not in self.get_deferred_fields()
            ]
        super().save(*args, **kwargs)
        self._index(adding, kwargs.get("update_fields"))
        listed = self.listed_values()
        if not adding and listed != getattr(self, "_listed_as", None):
            for link in (ArticleTag, ArticleAuthor):
                link.objects.filter(article=self).update(**listed)
        self._listed_as = listed

    def get_absolute_url(self):
        """The story's address, in its own language's edition (``/ru/…`` for a
        Russian story), whichever edition's page names it."""
        when = timezone.localtime(self.publish_at or self.created_at or timezone.now())
        with translation.override(self.language or settings.LANGUAGE_CODE):
            return reverse(
                "articles:detail",
                kwargs={
                    "section": self.section.slug,
                    "year": when.year,
                    "month": when.month,
                    "day": when.day,
                    "slug": self.slug,
                },
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        if all(name in field_names for name in LISTED_FIELDS):
            # What the tag and byline rows hold: save() writes them only when
            # this changes.
            article._listed_as = article.listed_values()
        if all(name in field_names for name in INDEXED_FIELDS):
            # What the search vector was made of: save() remakes it only
            # when this changes.
            article._indexed_as = tuple(
                getattr(article, name) for name in INDEXED_FIELDS
            )
        return article

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._listed_as = None  # unknown again: the next save writes the rows
        self._indexed_as = None  # and remakes the search vector

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "language" in exclude:
            return
        check_edition(self.language)

    @property
    def is_live(self):
        """Whether readers can see the story now (as ``published()`` decides)."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    def listed_values(self) -> dict[str, Any]:
        """What the story's tag and byline rows copy (``FiledStory``)."""
        return {name: getattr(self, name) for name in LISTED_FIELDS}

    def _index(self, adding, update_fields):
        """Recompute the stored search vector if this save wrote what it is
        made of (``INDEXED_FIELDS``; tags and bylines have their signals).
        A save of the status, a working copy or the schedule leaves it: on
        PostgreSQL each recompute runs the stemmer over the whole story."""
        if update_fields is not None and not set(INDEXED_FIELDS) & set(update_fields):
            return
        if set(INDEXED_FIELDS) & self.get_deferred_fields():
            indexed = None  # not loaded: what the row held is unknown
        else:
            indexed = tuple(getattr(self, name) for name in INDEXED_FIELDS)
        if adding or indexed is None or indexed != getattr(self, "_indexed_as", None):
            Article.objects.filter(pk=self.pk).update_search_vector()
        self._indexed_as = indexed

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def state_label(self):
        """The status as an editor says it: scheduled and expired told apart."""
        if self.status == self.Status.PUBLISHED and not self.is_live:
            return _("Scheduled") if self.is_scheduled else _("Expired")
        return self.get_status_display()

    def content(self) -> dict[str, Any]:
        """The story as read (``CONTENT_FIELDS``), as a revision stores it."""
        content: dict[str, Any] = {}
        for name in self.CONTENT_FIELDS:
            attname = self._meta.get_field(name).attname
            content[attname] = getattr(self, attname)
        content["body"] = clean_body(content["body"])
        return content

    def apply_working_copy(self) -> Self:
        """Show this (unsaved) story as its editors see it: with its working
        copy's text, if it has one. Returns the story."""
        if self.working_copy_id:
            self.apply_content(self.working_copy.content)
        return self

    def apply_content(self, content: dict[str, Any]) -> None:
        """Put a revision's ``content`` in this (unsaved) story's fields."""
        for name in self.CONTENT_FIELDS:
            attname = self._meta.get_field(name).attname
            if attname in content:
                setattr(self, attname, content[attname])
        # A cached lead image would no longer match lead_image_id.
        self._state.fields_cache.pop("lead_image", None)

    @property
    def ordered_authors(self):
        """The byline's authors in order; uses the prefetch from ``for_listing``."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def caption(self):
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def credit(self):
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    @property
    def comments_open(self):
        """Whether readers may comment now: the story's choice, else its section's."""
        if self.commenting:
            return self.commenting == self.Commenting.OPEN
        section = self.section
        if not section.comments_enabled:
            return False
        if section.comments_close_after_days is None or self.publish_at is None:
            return True
        closes = self.publish_at + timedelta(days=section.comments_close_after_days)
        return timezone.now() < closes

    @property
    def moderation(self):
        """``CommentModeration.PRE`` or ``POST``, the story's choice first."""
        return self.comment_moderation or self.section.comment_moderation

    def body_with_dateline(self):
        """The stored body with the dateline ("DUSHANBE --") opening its first line."""
        if not self.dateline:
            return mark_safe(self.body)  # noqa: S308 - cleaned by nh3 on save
        dateline = format_html(
            '<span class="dateline">{} --</span> ', self.dateline.upper()
        )
        if self.body.startswith("<p>"):
            return mark_safe(f"<p>{dateline}{self.body[3:]}")  # noqa: S308
        return mark_safe(f"<p>{dateline}</p>{self.body}")  # noqa: S308


# The story's fields its tag and byline rows copy.
LISTED_FIELDS = ("language", "status", "publish_at")
# What a story's search vector is made of, beside its tags' and authors'
# names (search_vector_expression).
INDEXED_FIELDS = ("headline", "standfirst", "body", "language")


class FiledStoryQuerySet(models.QuerySet[Any]):
    def bulk_create(self, objs, *args, **kwargs):
        # How a story's tags are added (the many-to-many manager), and bylines
        # in bulk: each row copies its story, read in one query if need be.
        objs = list(objs)
        _copy_listed(objs)
        return super().bulk_create(objs, *args, **kwargs)


class FiledStory(models.Model):
    """A row filing a story under something (a tag, an author), with a copy of
    the story's language, status and publish time (``LISTED_FIELDS``).

    The copy lets a tag's or author's page in one edition walk exactly its
    own rows, newest first, from one index: a tag with few stories in that
    edition among many in another costs what a section's page does. It is
    kept in step in one place: a row copies its story when it is made
    (``save()``, ``bulk_create()``), and ``Article.save()`` writes the rows
    again when the story's copy changes. ``Article.objects.published()``
    still decides what readers see; the copy only narrows the walk.
    """

    language = models.CharField(max_length=10, blank=True, editable=False)
    status = models.CharField(max_length=12, blank=True, editable=False)
    publish_at = models.DateTimeField(null=True, blank=True, editable=False)

    article: "models.ForeignKey[Article, Article]"
    article_id: int

    objects = FiledStoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _copy_listed([self])
        super().save(*args, **kwargs)


def _copy_listed(rows: "list[FiledStory]") -> None:
    story_of = ArticleTag._meta.get_field("article")
    unknown = {row.article_id for row in rows if not story_of.is_cached(row)}
    stories = {
        story["pk"]: story
        for story in Article.objects.filter(pk__in=unknown).values("pk", *LISTED_FIELDS)
    }
    for row in rows:
        if story_of.is_cached(row):
            listed = row.article.listed_values()
        else:
            listed = stories.get(row.article_id, {})
        for name in LISTED_FIELDS:
            setattr(row, name, listed.get(name))


class ArticleTag(FiledStory):
    """A story filed under a tag: the table ``Article.tags`` always had."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tag_links"
    )
    # Indexed with the edition and publish time below: a tag's rows straight
    # from that index, however they are filtered.
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        db_table = "articles_article_tags"
        unique_together = [("article", "tag")]
        indexes = [
            models.Index(
                fields=["tag", "language", "status", "-publish_at", "-article"],
                name="tagged_listing_idx",
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.tag_id}"


class ArticleAuthor(FiledStory):
    """One name in an article's byline, in the order the byline reads."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    # Indexed with the story below: an author's stories straight from the index.
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", db_index=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        indexes = [
            models.Index(
                fields=["author", "article"], name="byline_author_article_idx"
            ),
            models.Index(
                fields=["author", "language", "status", "-publish_at", "-article"],
                name="byline_listing_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="articleauthor_unique_author"
            ),
        ]

    def __str__(self):
        return f"{self.author} ({self.position})"


def _names(queryset, field):
    """The ``field`` values of ``queryset``'s rows for the outer story, space-joined."""
    return Coalesce(
        Subquery(
            queryset.annotate(names=StringAgg(field, " "))
            .values("names")
            .order_by()[:1]
        ),
        Value(""),
        output_field=models.TextField(),
    )


def body_text():
    """The body's words without its HTML tags, in the database (PostgreSQL)."""
    return Func(
        F("body"),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=models.TextField(),
    )


def search_config(language: str) -> str:
    """PostgreSQL's text search configuration for stories in ``language``."""
    return settings.NEWSROOM_SEARCH_CONFIGS.get(language, "simple")


def search_config_of_story() -> models.Expression:
    """Each story's own language's configuration, as a database expression:
    a Russian story is stemmed as Russian, an English one as English."""
    return models.Case(
        *(
            models.When(language=code, then=Value(config))
            for code, config in settings.NEWSROOM_SEARCH_CONFIGS.items()
        ),
        default=Value("simple"),
        output_field=models.TextField(),
    )


def tag_name_in_storys_language() -> models.Expression:
    """A tag's name as the outer story's readers see it, as a database
    expression: its translation into the story's language, else the default
    edition's name (a Russian story is found by its tags' Russian names)."""
    return models.Case(
        *(
            models.When(
                Exact(OuterRef("language"), code),
                then=Coalesce(NullIf(F(f"name_{code}"), Value("")), F("name")),
            )
            for code in settings.NEWSROOM_LANGUAGES
            if code != settings.LANGUAGE_CODE
            and code in settings.NEWSROOM_TRANSLATED_LANGUAGES
        ),
        default=F("name"),
        output_field=models.TextField(),
    )


def search_vector_expression():
    """The weighted search vector of a story, as a database expression, in
    the text search configuration of the story's language."""
    config = search_config_of_story()
    tags = _names(
        Tag.objects.filter(articles=OuterRef("pk")).values("articles"),
        tag_name_in_storys_language(),
    )
    authors = _names(
        ArticleAuthor.objects.filter(article=OuterRef("pk")).values("article"),
        "author__name",
    )
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", tags, authors, weight="B", config=config)
        + SearchVector(body_text(), weight="C", config=config)
    )


def translation_out_of_date():
    """Whether the story is a translation whose source has a revision newer
    than ``translated_from_revision`` (none recorded counts as 0), as a
    database expression on the story's own row (``source_revision``)."""
    return ExpressionWrapper(TRANSLATION_OUT_OF_DATE, output_field=BooleanField())


class FormerSlug(models.Model):
    """An address a published story had before its slug changed: it redirects."""

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="former_slugs"
    )
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return self.slug


class Revision(models.Model):
    """The story as it read after one save. Never changed once written."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_unique_number"
            ),
        ]

    def __str__(self):
        return _("Revision %(number)d") % {"number": self.number}


class ArticleEvent(models.Model):
    """One step in a story's life, for the audit log shown on the story."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SAVED = "saved", _("saved")
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back to the writer")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        CHANGES_PUBLISHED = "changes_published", _("published changes")
        CHANGES_DISCARDED = "changes_discarded", _("discarded unpublished changes")
        UNPUBLISHED = "unpublished", _("unpublished")
        REVERTED = "reverted", _("reverted")
        CORRECTED = "corrected", _("added a correction")
        TRANSLATED = "translated", _("translation made")
        TRANSLATION_UPDATED = "translation_updated", _("marked up to date")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("story event")
        verbose_name_plural = _("story events")
        indexes = [
            models.Index(
                fields=["action", "-created_at"], name="articleevent_action_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Correction(models.Model):
    """A dated note at the end of a published story: a correction or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.CORRECTION
    )
    text = models.TextField(
        _("text"),
        max_length=1000,
        help_text=_("What was wrong and what is right now, in plain words."),
    )
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class SiteSettings(TranslatedModel):
    """The site's name, tagline and the like, in every edition's language.

    One row at most, edited in the admin. Without it the site reads
    ``NEWSROOM_SITE_NAME`` and ``NEWSROOM_TAGLINE`` from the settings.
    Reader pages read it through ``articles.site.site_texts()`` (cached).
    """

    site_name = models.CharField(
        _("site name"),
        max_length=80,
        help_text=_("The brand in the masthead, page titles and feeds."),
    )
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, help_text=_("Shown under the brand.")
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.site_name
