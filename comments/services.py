"""What can happen to comments and votes, each with its checks in one place."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import (
    BannedEmail,
    Comment,
    Poll,
    body_fingerprint,
    normalize_email,
)
from newsroom import pagecache


class CommentsClosed(Exception):
    """The story does not take comments (any more)."""


@dataclass(frozen=True)
class Submission:
    comment: Comment
    created: bool


@transaction.atomic
def comment_submit(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    ip_hash: str = "",
    honeypot: str = "",
    fill_seconds: float,
) -> Submission:
    """Store a reader's comment with the status the moderation rules give it.

    Sending the same text from the same address to the same story again stores
    nothing new: the first comment is returned with ``created=False``.
    """
    if not article.is_live or not article.comments_open:
        raise CommentsClosed
    email = normalize_email(email)
    earlier = Comment.objects.filter(
        article=article, email=email, body_hash=body_fingerprint(body)
    ).first()
    if earlier:
        return Submission(earlier, created=False)
    verdict = moderation.assess(
        article=article,
        email=email,
        body=body,
        ip_hash=ip_hash,
        honeypot=honeypot,
        fill_seconds=fill_seconds,
    )
    comment = Comment(
        article=article,
        name=name,
        email=email,
        body=body,
        ip_hash=ip_hash,
        status=verdict.status,
        rule=verdict.rule,
        rule_reason=verdict.reason,
        rejection_reason=verdict.rejection_reason,
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same comment, sent twice at the same moment: the other one won.
        earlier = Comment.objects.get(
            article=article, email=email, body_hash=comment.body_hash
        )
        return Submission(earlier, created=False)
    if comment.status == Comment.Status.APPROVED:
        pagecache.purge_for(comment)
    return Submission(comment, created=True)


def _purge_stories(comment_ids: list[int]) -> None:
    """Purge the pages of the stories these comments are on. One query."""
    pagecache.purge_for(
        *Comment.objects.filter(pk__in=comment_ids)
        .select_related("article")
        .only("article__slug")
    )


def _decide(
    *,
    comments: Iterable[Comment],
    moderator: User,
    status: Comment.Status,
    reason: str = "",
    message: str,
) -> int:
    if not moderator.has_perm("comments.change_comment"):
        raise PermissionDenied
    comments = list(comments)
    ids = [comment.pk for comment in comments]
    now = timezone.now()
    count = Comment.objects.filter(pk__in=ids).update(
        status=status,
        rejection_reason=reason,
        moderated_by=moderator,
        moderated_at=now,
    )
    LogEntry.objects.log_actions(moderator.pk, comments, CHANGE, message)
    _purge_stories(ids)
    return count


@transaction.atomic
def comment_approve(*, comments: Iterable[Comment], moderator: User) -> int:
    """Approve ``comments``: they appear under their stories and are counted."""
    return _decide(
        comments=comments,
        moderator=moderator,
        status=Comment.Status.APPROVED,
        message="Approved",
    )


@transaction.atomic
def comment_reject(*, comments: Iterable[Comment], moderator: User, reason: str) -> int:
    """Reject ``comments`` for ``reason`` (a ``Comment.RejectionReason``)."""
    if reason not in Comment.RejectionReason.values:
        raise ValueError(f"Unknown rejection reason {reason!r}")
    return _decide(
        comments=comments,
        moderator=moderator,
        status=Comment.Status.REJECTED,
        reason=reason,
        message=f"Rejected: {Comment.RejectionReason(reason).label}",
    )


@transaction.atomic
def comment_mark_spam(*, comments: Iterable[Comment], moderator: User) -> int:
    """File ``comments`` as spam."""
    return _decide(
        comments=comments,
        moderator=moderator,
        status=Comment.Status.SPAM,
        message="Marked as spam",
    )


@transaction.atomic
def email_ban(*, email: str, moderator: User, reason: str = "") -> BannedEmail:
    """Reject every later comment from ``email``; earlier ones stay as decided."""
    if not moderator.has_perm("comments.add_bannedemail"):
        raise PermissionDenied
    banned, _ = BannedEmail.objects.get_or_create(
        email=normalize_email(email),
        defaults={"reason": reason, "banned_by": moderator},
    )
    return banned


def comments_for_email(*, email: str, user: User) -> list[dict[str, str]]:
    """Everything stored about ``email``'s comments, for a subject access request."""
    if not user.has_perm("comments.manage_personal_data"):
        raise PermissionDenied
    return [
        {
            "article": comment.article.headline,
            "url": comment.article.get_absolute_url(),
            "name": comment.name,
            "email": comment.email,
            "comment": comment.body,
            "status": comment.status,
            "posted": comment.created_at.isoformat(),
        }
        for comment in Comment.objects.filter(email=normalize_email(email))
        .select_related("article__section")
        .order_by("created_at")
    ]


@transaction.atomic
def comments_delete_for_email(*, email: str, user: User) -> int:
    """Delete every comment sent from ``email``; the count deleted."""
    if not user.has_perm("comments.manage_personal_data"):
        raise PermissionDenied
    comments = Comment.objects.filter(email=normalize_email(email))
    pagecache.purge_for(*comments.select_related("article").only("article__slug"))
    deleted, _ = comments.delete()
    return deleted


def comment_ip_hashes_purge(*, now: datetime | None = None) -> int:
    """Forget the address hashes of comments older than the retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .exclude(ip_hash="")
        .update(ip_hash="")
    )


@transaction.atomic
def poll_vote(*, article: Article, answer: str) -> Poll:
    """Count one answer ("yes" or "no") and return the fresh totals.

    The increment happens in the database (``UPDATE … SET yes = yes + 1``), so
    votes arriving together are all counted. Whether this reader has voted
    already is for the caller to know: the poll stores no reader.
    """
    if answer not in ("yes", "no"):
        raise ValueError(f"Unknown answer {answer!r}")
    if not article.is_live:
        raise CommentsClosed
    Poll.objects.get_or_create(article=article)
    Poll.objects.filter(article=article).update(**{answer: F(answer) + 1})
    return Poll.objects.get(article=article)
