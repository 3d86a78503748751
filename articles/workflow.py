"""The editorial workflow as one table: each step, when a story allows it, and
who may take it.

Every service in ``articles.services`` that takes a step asks ``check`` first
and refuses, with a clear message, what the table does not allow; the admin
only reads ``allowed`` to decide which buttons to draw. The rules of who is
who (a writer of the story, an editor) are in ``articles.permissions``.

Draft → In review → Published (or scheduled) → Unpublished, and back: a
story in review is sent back to draft, an unpublished one can be submitted
or published again, and a live story's working copy is published or
discarded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.permissions import can_edit, can_publish, can_translate

if TYPE_CHECKING:
    # What gettext_lazy returns, as django-stubs names it (a Promise at runtime).
    from django_stubs_ext import StrPromise

Status = Article.Status


class Step(StrEnum):
    SUBMIT = "submit"
    SEND_BACK = "send_back"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    DISCARD_CHANGES = "discard_changes"
    REVERT = "revert"
    CORRECT = "correct"
    TRANSLATE = "translate"
    MARK_UP_TO_DATE = "mark_up_to_date"


@dataclass(frozen=True)
class Rule:
    """When a story allows a step, who may take it, and how a refusal reads."""

    applies: Callable[[Article], bool]
    may: Callable[[User, Article], bool]
    who: "StrPromise"  # who may, in words: "an editor"
    not_now: "StrPromise"  # why the story does not allow it now


def _status(article: Article) -> str:
    return article.status if article.pk else Status.DRAFT


def _editor(user: User, article: Article) -> bool:
    return can_publish(user)


RULES: dict[Step, Rule] = {
    Step.SUBMIT: Rule(
        applies=lambda article: _status(article) in (Status.DRAFT, Status.UNPUBLISHED),
        may=can_edit,
        who=_("a writer of this story or an editor"),
        not_now=_("Only a draft or an unpublished story can be submitted for review."),
    ),
    Step.SEND_BACK: Rule(
        applies=lambda article: _status(article) == Status.REVIEW,
        may=_editor,
        who=_("an editor"),
        not_now=_("Only a story in review can be sent back to its writer."),
    ),
    Step.PUBLISH: Rule(
        # A live story is published again only to put its working copy live.
        applies=lambda article: (
            not article.is_live or article.working_copy_id is not None
        ),
        may=_editor,
        who=_("an editor"),
        not_now=_("This story is already live, with no unpublished changes."),
    ),
    Step.UNPUBLISH: Rule(
        applies=lambda article: _status(article) == Status.PUBLISHED,
        may=_editor,
        who=_("an editor"),
        not_now=_("Only a published or scheduled story can be unpublished."),
    ),
    Step.DISCARD_CHANGES: Rule(
        applies=lambda article: article.working_copy_id is not None,
        may=_editor,
        who=_("an editor"),
        not_now=_("This story has no unpublished changes to discard."),
    ),
    Step.REVERT: Rule(
        applies=lambda article: article.pk is not None,
        may=can_edit,
        who=_("a writer of this story or an editor"),
        not_now=_("A story that was never saved has no revision to go back to."),
    ),
    Step.CORRECT: Rule(
        applies=lambda article: article.pk is not None,
        may=_editor,
        who=_("an editor"),
        not_now=_("Save the story before adding a correction."),
    ),
    Step.TRANSLATE: Rule(
        applies=lambda article: article.pk is not None,
        may=can_translate,
        who=_("a writer of this story, or of any published one, or an editor"),
        not_now=_("Save the story before translating it."),
    ),
    Step.MARK_UP_TO_DATE: Rule(
        applies=lambda article: article.translated_from_id is not None,
        may=can_edit,
        who=_("a writer of this translation or an editor"),
        not_now=_("Only a translation can be marked up to date with its source."),
    ),
}

# The steps the story form offers as buttons, in the order it shows them.
BUTTONS = (Step.SUBMIT, Step.SEND_BACK, Step.PUBLISH, Step.UNPUBLISH)


class StepRefused(ValidationError):
    """The story's state does not allow the step now."""


def may(step: Step, user: User | None, article: Article) -> bool:
    """Whether ``user`` holds the role ``step`` needs on ``article``."""
    return user is None or RULES[step].may(user, article)


def allowed(user: User | None, article: Article) -> list[Step]:
    """The buttons ``user`` may press on ``article`` now, in order."""
    return [
        step
        for step in BUTTONS
        if RULES[step].applies(article) and may(step, user, article)
    ]


def check(step: Step, *, article: Article, by: User | None) -> None:
    """Refuse ``step`` on ``article`` by ``by`` (None: a trusted caller, such
    as a management command, which the roles do not bind).

    Raises ``PermissionDenied`` naming the role needed, or ``StepRefused``
    saying why the story does not allow it now.
    """
    if not may(step, by, article):
        raise denied(step)
    if not RULES[step].applies(article):
        raise StepRefused(RULES[step].not_now)


def denied(step: Step) -> PermissionDenied:
    """The refusal of ``step`` to someone without its role, naming the role."""
    return PermissionDenied(_("Only %(who)s can do this.") % {"who": RULES[step].who})
