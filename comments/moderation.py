"""The one place that decides what happens to a new comment.

Rules run in order and the first that fires wins; the comment keeps the rule's
name and reason so a moderator can see why it landed where it did. Rules that
file a comment as spam or reject it come first; rules that only hold it for a
moderator come after them.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import CommentModeration
from comments.models import BannedEmail, Comment, WordRule, body_fingerprint

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Verdict:
    status: str
    rule: str = ""
    reason: str = ""
    rejection_reason: str = ""


def assess(*, article, email, body, ip_hash, honeypot, fill_seconds):
    """The status a new comment starts with, and the rule that chose it.

    ``email`` comes normalised (``comments.models.normalize_email``).
    """
    if honeypot:
        return Verdict(
            Comment.Status.SPAM,
            "honeypot",
            _("Filled in the hidden field that only robots see."),
        )
    if BannedEmail.objects.filter(email=email).exists():
        return Verdict(
            Comment.Status.REJECTED,
            "banned_email",
            _("The email address is banned."),
            Comment.RejectionReason.BANNED,
        )
    reject, hold = _matching_phrases(body, article.language)
    if reject:
        return Verdict(
            Comment.Status.REJECTED,
            "banned_word",
            _("Contains the banned phrase “%(phrase)s”.") % {"phrase": reject[0]},
            Comment.RejectionReason.BANNED,
        )
    if _is_repeated(email=email, body=body, ip_hash=ip_hash, article=article):
        return Verdict(
            Comment.Status.SPAM,
            "duplicate",
            _("The same text was posted on another story in the last day."),
        )
    if fill_seconds < settings.COMMENTS_MIN_FILL_SECONDS:
        # Robots are fast, but so is a reader whose browser fills in the form:
        # a person decides.
        return Verdict(
            Comment.Status.PENDING,
            "too_fast",
            _("Sent %(seconds).1f seconds after the form was shown.")
            % {"seconds": fill_seconds},
        )
    links = len(LINK.findall(body))
    if links > settings.COMMENTS_MAX_LINKS:
        return Verdict(
            Comment.Status.PENDING,
            "links",
            ngettext("Contains %(count)d link.", "Contains %(count)d links.", links)
            % {"count": links},
        )
    if hold:
        return Verdict(
            Comment.Status.PENDING,
            "suspect_word",
            _("Contains the phrase “%(phrase)s”.") % {"phrase": hold[0]},
        )
    if article.moderation == CommentModeration.POST:
        return Verdict(Comment.Status.APPROVED)
    return Verdict(Comment.Status.PENDING)


def rule_labels():
    """Each rule's name, and how a moderator reads it, in the order they run."""
    seconds = settings.COMMENTS_MIN_FILL_SECONDS
    links = settings.COMMENTS_MAX_LINKS
    return {
        "honeypot": _("Filled in the field only robots see"),
        "banned_email": _("Sent from a banned address"),
        "banned_word": _("Contains a banned word"),
        "duplicate": _("Same text on another story"),
        "too_fast": ngettext(
            "Sent within %(seconds)d second of opening the page",
            "Sent within %(seconds)d seconds of opening the page",
            seconds,
        )
        % {"seconds": seconds},
        "links": ngettext(
            "More than %(count)d link", "More than %(count)d links", links
        )
        % {"count": links},
        "suspect_word": _("Contains a word to check"),
    }


def rule_label(rule):
    """How a moderator reads the rule named ``rule`` ("" for none)."""
    return rule_labels().get(rule, rule)


def _matching_phrases(body, language):
    """The rejecting and the holding phrases found in ``body``, as whole words,
    of the rules for every language and those for ``language``."""
    words = " " + " ".join(WORD.findall(body.casefold())) + " "
    reject, hold = [], []
    rules = WordRule.objects.filter(Q(language="") | Q(language=language))
    for phrase, action in rules.values_list("phrase", "action"):
        normalized = " ".join(WORD.findall(phrase))
        if normalized and f" {normalized} " in words:
            (reject if action == WordRule.Action.REJECT else hold).append(phrase)
    return reject, hold


def _is_repeated(*, email, body, ip_hash, article):
    since = timezone.now() - timedelta(hours=settings.COMMENTS_DUPLICATE_HOURS)
    same_sender = Q(email=email)
    if ip_hash:
        same_sender |= Q(ip_hash=ip_hash)
    return (
        Comment.objects.filter(
            same_sender, body_hash=body_fingerprint(body), created_at__gte=since
        )
        .exclude(article=article)
        .exists()
    )
