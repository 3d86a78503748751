"""What a story's form says about its translations: the other editions (each
story, or a button to make it), and for a translation, the story and revision
it was made from and, when out of date, what changed in the source since."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from articles import diffs, workflow
from articles.admin.filters import edition_names
from articles.diffs import FieldChange
from articles.models import Article
from articles.workflow import Step


@dataclass
class Edition:
    language: str
    name: str
    story: Article | None  # the group's story in this language, if any
    is_this: bool = False


@dataclass
class Source:
    """A translation's source, and how far behind it the translation is."""

    story: Article
    language: str
    translated: int | None  # the revision it was made from / brought up to
    newest: int | None  # the source's newest revision
    changes: list[FieldChange] = field(default_factory=list)
    text: list[tuple[str, str]] = field(default_factory=list)
    can_mark: bool = False

    @property
    def out_of_date(self) -> bool:
        return (self.newest or 0) > (self.translated or 0)


def editions(article: Article) -> list[Edition]:
    """Every edition, with ``article``'s group's story in it. One query."""
    group = {
        story.language: story
        for story in Article.objects.filter(
            translation_group=article.translation_group
        ).only("pk", "headline", "language", "status", "publish_at", "unpublish_at")
    }
    names = edition_names()
    return [
        Edition(
            language=code,
            name=name,
            story=group.get(code),
            is_this=code == article.language,
        )
        for code, name in names.items()
    ]


def source(article: Article, user) -> Source | None:
    """``article``'s source and, if the source changed since, what changed.

    Two queries for an up-to-date translation, three or four for one out of
    date (the two revisions compared, and their pictures).
    """
    if article.translated_from_id is None:
        return None
    story = Article.objects.only("pk", "headline", "language", "translation_group").get(
        pk=article.translated_from_id
    )
    newest = article.source_revision or None
    translated = article.translated_from_revision
    wanted = {newest, translated} - {None}
    revisions = {
        revision.number: revision.content
        for revision in story.revisions.filter(number__in=wanted)
    }
    found = Source(
        story=story,
        language=edition_names().get(story.language, story.language),
        translated=translated,
        newest=newest,
        text=diffs.texts(revisions.get(translated or 0, {})),
        can_mark=workflow.may(Step.MARK_UP_TO_DATE, user, article),
    )
    if found.out_of_date and newest in revisions:
        found.changes = [
            change
            for change in diffs.compare(
                revisions.get(translated or 0, {}), revisions[newest]
            )
            if change.changed
        ]
    return found


def may_translate(user, article: Article) -> bool:
    """Whether ``user`` sees the "Translate into…" buttons on ``article``."""
    return article.pk is not None and workflow.may(Step.TRANSLATE, user, article)


def made_message(translation: Article, source_story: Article) -> str:
    return gettext(
        "A draft in %(language)s, made from revision %(number)d of “%(headline)s”. "
        "It starts with the source's text: write the translation over it."
    ) % {
        "language": edition_names().get(translation.language, translation.language),
        "number": translation.translated_from_revision or 0,
        "headline": source_story.headline,
    }
