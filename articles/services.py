"""Changes to articles that have consequences. Views, admin and commands call these.

Each workflow step checks who asks (``by``; None means a trusted caller such as
a management command), records itself in the story's audit log and purges the
cached pages that show the story, in one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Correction,
    FormerSlug,
    Revision,
)
from articles.permissions import can_edit
from articles.workflow import Step, StepRefused
from images.models import Image
from newsroom import pagecache


def article_purge(*, article: Article, also: Iterable[str] = ()) -> None:
    """Purge the cached pages that show ``article`` (and ``also``), on commit."""
    pagecache.purge_for(article, also=also)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _record(
    article: Article, action: ArticleEvent.Action, by: User | None, note: str = ""
) -> ArticleEvent:
    return ArticleEvent.objects.create(
        article=article, action=action, actor=by, note=note
    )


def _new_revision(
    *, article: Article, content: dict[str, Any], by: User | None, note: str = ""
) -> Revision:
    # The row lock orders concurrent saves of one story; numbers stay unique.
    Article.objects.select_for_update().filter(pk=article.pk).first()
    latest = article.revisions.aggregate(latest=Max("number"))["latest"] or 0
    revision = Revision.objects.create(
        article=article, number=latest + 1, content=content, created_by=by, note=note
    )
    # The one place a story gains a revision, so its translations' copy of
    # the newest number (what "out of date" compares) cannot fall behind.
    Article.objects.filter(translated_from=article).update(
        source_revision=revision.number
    )
    return revision


@dataclass(frozen=True)
class Saved:
    """What one save of a story did."""

    revision: Revision  # the story's latest text (a live story's working copy)
    working_copy_made: bool  # readers do not see this save's text yet
    step: Step | None  # the workflow step taken after it


@transaction.atomic
def article_save(
    *,
    article: Article,
    by: User | None,
    created: bool = False,
    step: Step | None = None,
    note: str = "",
    save_related: Callable[[], None] | None = None,
) -> Saved:
    """Save an edit of ``article`` (its fields as set in memory) as a revision,
    then take the workflow ``step`` asked for with it, if any.

    While readers can see the story, its text and picture
    (``Article.CONTENT_FIELDS``) do not change on the site: an edit of them
    becomes the story's working copy, published by ``article_publish``.
    Everything else (filing, scheduling, the slug) is saved at once; an old
    slug of a story readers have seen keeps answering with a 301.

    ``step`` is checked against the story as stored before anything is
    written (``PermissionDenied`` naming the role, or ``StepRefused``); with
    ``Step.PUBLISH`` an emptied publish time means now. ``save_related`` saves
    what hangs off the story (bylines, tags, corrections) once it is stored.
    The pages that showed the story before, and those that show it now, are
    purged on commit.
    """
    _require(by is None or can_edit(by, article if not created else None))
    stored = (
        None
        if created
        else Article.objects.select_related("working_copy").get(pk=article.pk)
    )
    if step is not None:
        workflow.check(step, article=stored or Article(), by=by)
    shown_before = pagecache.tags_of(stored) if stored is not None else set()
    publish_at = article.publish_at  # as asked; empty asks to publish now
    if step == Step.PUBLISH and publish_at is None and stored is not None:
        article.publish_at = stored.publish_at  # until the step puts it out
    revision = _save_text(article=article, stored=stored, by=by)
    made = article.working_copy_id is not None and article.working_copy_id != (
        stored.working_copy_id if stored else None
    )
    if save_related is not None:
        save_related()
    if stored is not None and stored.slug != article.slug:
        article_slug_changed(article=article, old_slug=stored.slug)
    if step == Step.SUBMIT:
        article_submit(article=article, by=by, note=note)
    elif step == Step.SEND_BACK:
        article_send_back(article=article, by=by, note=note)
    elif step == Step.PUBLISH:
        article_publish(
            article=article,
            by=by,
            publish_at=None if publish_at is None or article.is_live else publish_at,
        )
    elif step == Step.UNPUBLISH:
        article_unpublish(article=article, by=by)
    elif step is not None:
        raise ValueError(f"{step} is not taken with a save")
    article_purge(article=article, also=shown_before)
    return Saved(revision=revision, working_copy_made=made, step=step)


def _save_text(
    *, article: Article, stored: Article | None, by: User | None
) -> Revision:
    """Store ``article`` (``stored``: as it was; None: new) and its revision."""
    if stored is None:
        if by is not None:
            article.created_by = by
        article.save()
        revision = _new_revision(article=article, content=article.content(), by=by)
        _record(article, ArticleEvent.Action.CREATED, by)
        return revision
    edited = article.content()
    latest = article.revisions.order_by("-number").first()
    if stored.is_live:
        # Readers keep the live text; only an edit of it makes a working copy.
        live = stored.content()
        if latest is None:  # live with no history (imported): its text first
            latest = _new_revision(article=article, content=live, by=by)
        article.apply_content(live)
        pending = stored.working_copy.content if stored.working_copy else live
        if edited == live:
            article.working_copy = None  # edited back to what readers see
        elif edited != pending:
            article.working_copy = _new_revision(
                article=article, content=edited, by=by, note=_("Unpublished changes")
            )
    elif latest is None or latest.content != edited:
        latest = _new_revision(article=article, content=edited, by=by)
    if _changed(stored, article):
        article.save()
        _record(article, ArticleEvent.Action.SAVED, by)
    return article.working_copy or latest


def _changed(stored: Article, article: Article) -> bool:
    """Whether saving ``article`` would change any stored field."""
    return any(
        getattr(stored, field.attname) != getattr(article, field.attname)
        for field in Article._meta.concrete_fields
        # Derived on save (and the vector by the database), not edited.
        if field.name not in ("updated_at", "search_vector")
    )


@transaction.atomic
def article_submit(*, article: Article, by: User | None, note: str = "") -> Article:
    """Put a draft in the editors' review queue."""
    workflow.check(Step.SUBMIT, article=article, by=by)
    article.status = Article.Status.REVIEW
    article.save(update_fields=["status", "updated_at"])
    _record(article, ArticleEvent.Action.SUBMITTED, by, note)
    return article


@transaction.atomic
def article_send_back(*, article: Article, by: User | None, note: str) -> Article:
    """Return a story in review to its writer as a draft, saying why."""
    workflow.check(Step.SEND_BACK, article=article, by=by)
    if not note.strip():
        raise ValidationError(_("Tell the writer what to change."))
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    _record(article, ArticleEvent.Action.SENT_BACK, by, note.strip())
    return article


@transaction.atomic
def article_publish(
    *, article: Article, by: User | None = None, publish_at: datetime | None = None
) -> Article:
    """Publish ``article`` now, or schedule it for ``publish_at`` if that is later.

    A scheduled story needs no worker: ``Article.objects.published()`` selects it
    once its time has come, and cached pages expire by then (see
    ``newsroom.pagecache``). A story readers can already see keeps its date (and
    so its address) and gets its working copy published, if it has one.
    ``first_published_at`` is set once and never moved.
    """
    workflow.check(Step.PUBLISH, article=article, by=by)
    was_live = article.is_live
    # Given no time, a live story keeps its date (is_live means it has one) and
    # any other goes out now.
    kept = article.publish_at if was_live else None
    when = publish_at or kept or timezone.now()
    working_copy = article.working_copy  # no query when there is none
    if working_copy is not None:
        article.apply_content(working_copy.content)
        article.working_copy = None
    article.status = Article.Status.PUBLISHED
    article.publish_at = when
    if article.first_published_at is None:
        article.first_published_at = when
    # The working copy's revision is what went live: no second copy of it.
    article.save()
    if was_live:
        action = ArticleEvent.Action.CHANGES_PUBLISHED
    elif when > timezone.now():
        action = ArticleEvent.Action.SCHEDULED
    else:
        action = ArticleEvent.Action.PUBLISHED
    _record(
        article,
        action,
        by,
        timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        if action == ArticleEvent.Action.SCHEDULED
        else "",
    )
    article_purge(article=article)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, by: User | None = None) -> Article:
    """Take ``article`` off the reader site; its address answers 404 from now on."""
    workflow.check(Step.UNPUBLISH, article=article, by=by)
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "updated_at"])
    _record(article, ArticleEvent.Action.UNPUBLISHED, by)
    article_purge(article=article)
    return article


@transaction.atomic
def article_discard_changes(*, article: Article, by: User | None) -> Article:
    """Drop a live story's working copy; the revision stays in the history."""
    workflow.check(Step.DISCARD_CHANGES, article=article, by=by)
    article.working_copy = None
    article.save(update_fields=["working_copy", "updated_at"])
    _record(article, ArticleEvent.Action.CHANGES_DISCARDED, by)
    return article


@transaction.atomic
def article_revert(
    *, article: Article, revision: Revision, by: User | None
) -> Revision:
    """Bring back ``revision``'s text as a new revision; history is never rewritten.

    On a story readers can see, the old text becomes the working copy, to be
    published like any other edit.
    """
    workflow.check(Step.REVERT, article=article, by=by)
    if revision.article_id != article.pk:
        raise ValidationError(_("That revision belongs to another story."))
    note = _("Reverted to revision %(number)d") % {"number": revision.number}
    if article.is_live:
        new = _new_revision(article=article, content=revision.content, by=by, note=note)
        article.working_copy = new
        article.save(update_fields=["working_copy", "updated_at"])
    else:
        article.apply_content(revision.content)
        article.save()
        new = _new_revision(
            article=article, content=article.content(), by=by, note=note
        )
    _record(article, ArticleEvent.Action.REVERTED, by, note)
    return new


@transaction.atomic
def corrections_added(
    *, article: Article, corrections: list[Correction], by: User | None
) -> None:
    """Record new correction notes in the audit log and refresh the pages
    that show them (the story's own, not the lists it is on)."""
    workflow.check(Step.CORRECT, article=article, by=by)
    for correction in corrections:
        _record(article, ArticleEvent.Action.CORRECTED, by, correction.text)
    pagecache.purge_for(*corrections)


@transaction.atomic
def article_slug_changed(*, article: Article, old_slug: str) -> None:
    """Keep ``old_slug`` answering with a 301 to the story's new address.

    Only for stories readers have seen; going back to a former slug frees it.
    """
    if old_slug == article.slug or article.first_published_at is None:
        return
    FormerSlug.objects.filter(slug=article.slug).delete()
    FormerSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})


class TranslationExists(ValidationError):
    """The story's translation group already has a story in that language:
    ``existing``, which the desk offers to open instead."""

    def __init__(self, message: str, *, existing: Article) -> None:
        super().__init__(message, code="translation_exists")
        self.existing = existing


def _translation_slug(source: Article, language: str) -> str:
    """The source's slug with the language after it, unique among stories.

    A stand-in until the translator names the story: the headline starts as
    the source's, so a slug made from it would read the same.
    """
    max_length = Article._meta.get_field("slug").max_length or 200
    base = f"{source.slug[: max_length - 16].strip('-')}-{language}"
    candidate, n = base, 2
    while Article.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@transaction.atomic
def article_translate(*, source: Article, language: str, by: User | None) -> Article:
    """Make a draft of ``source`` in ``language``, linked to it as its
    translation, and return it.

    The draft joins the source's translation group and records the source's
    newest revision as the one it was translated from. It starts from the
    source's text, in that revision (the translator writes over it, keeping
    the body's headings, lists and links), with the source's filing: section,
    tags, byline in order, comment settings, the lead picture and its caption
    and credit as text to translate. It has a first revision of its own, and
    both stories' logs say what was done. Raises ``PermissionDenied`` for who
    may not translate, ``ValidationError`` for a language that is no edition
    or the source's own, and ``TranslationExists`` when the group has a story
    in that language already. All or nothing, in one transaction.
    """
    workflow.check(Step.TRANSLATE, article=source, by=by)
    editions = dict(settings.LANGUAGES)
    if language not in editions:
        raise ValidationError(
            _("The site has no edition in this language."), code="no_edition"
        )
    if language == source.language:
        raise ValidationError(
            _("This story is already in %(language)s.")
            % {"language": _(editions[language])},
            code="same_language",
        )
    # Locking the group's stories makes two presses for one language, on any
    # story of the group, wait for each other; the second finds the first's.
    list(
        Article.objects.select_for_update()
        .filter(translation_group=source.translation_group)
        .values_list("pk", flat=True)
    )
    existing = Article.objects.filter(
        translation_group=source.translation_group, language=language
    ).first()
    if existing is not None:
        raise TranslationExists(
            _("This story already has a translation in %(language)s: “%(headline)s”.")
            % {"language": _(editions[language]), "headline": existing.headline},
            existing=existing,
        )
    newest = source.revisions.order_by("-number").first()
    if newest is None:  # a story with no history (imported): its text first
        newest = _new_revision(
            article=source, content=source.content(), by=by, note=_("Text translated")
        )
    translation = Article(
        language=language,
        translation_group=source.translation_group,
        translated_from=source,
        translated_from_revision=newest.number,
        source_revision=newest.number,
        section_id=source.section_id,
        commenting=source.commenting,
        comment_moderation=source.comment_moderation,
        status=Article.Status.DRAFT,
        slug=_translation_slug(source, language),
        created_by=by,
    )
    translation.apply_content(newest.content)
    image = (
        Image.objects.filter(pk=translation.lead_image_id).first()
        if translation.lead_image_id
        else None
    )
    if image is not None:
        # The picture's own words become the story's, to be translated with it.
        translation.lead_image_caption = translation.lead_image_caption or image.caption
        translation.lead_image_credit = translation.lead_image_credit or image.credit
    translation.save()
    translation.tags.set(source.tags.all())
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=translation, author_id=byline.author_id, position=n)
        for n, byline in enumerate(source.bylines.order_by("position", "pk"))
    )
    words = {
        "headline": source.headline,
        "language": _(editions[source.language]) if source.language in editions else "",
        "number": newest.number,
    }
    _new_revision(
        article=translation,
        content=translation.content(),
        by=by,
        note=_("Translated from revision %(number)d of the source") % words,
    )
    _record(
        translation,
        ArticleEvent.Action.CREATED,
        by,
        _("Translated from “%(headline)s” (%(language)s), revision %(number)d.")
        % words,
    )
    _record(
        source,
        ArticleEvent.Action.TRANSLATED,
        by,
        _("Into %(language)s, from revision %(number)d.")
        % {**words, "language": _(editions[language])},
    )
    return translation


def source_revision_number(translation: Article) -> int | None:
    """The number of the newest revision of ``translation``'s source (None:
    not a translation, or a source with no revision). One query."""
    if translation.translated_from_id is None:
        return None
    newest: int | None = Revision.objects.filter(
        article_id=translation.translated_from_id
    ).aggregate(newest=Max("number"))["newest"]
    return newest


@transaction.atomic
def translation_mark_up_to_date(*, article: Article, by: User | None) -> Article:
    """Record that ``article``, a translation, now says what its source's
    newest revision says: it is no longer out of date.

    Only ``translated_from_revision`` changes (not the story's last-saved
    time, so no one editing it is told someone else saved it).
    """
    workflow.check(Step.MARK_UP_TO_DATE, article=article, by=by)
    # Locked, so a save of the source cannot slip between reading and writing.
    Article.objects.select_for_update(of=("self",)).filter(translations=article).first()
    newest = source_revision_number(article) or 0
    was = article.translated_from_revision or 0
    if newest <= was:
        raise StepRefused(_("This translation is already up to date with its source."))
    Article.objects.filter(pk=article.pk).update(translated_from_revision=newest)
    article.translated_from_revision = newest
    _record(
        article,
        ArticleEvent.Action.TRANSLATION_UPDATED,
        by,
        _("Up to date with revision %(new)d of the source (was %(old)d).")
        % {"new": newest, "old": was},
    )
    return article
