import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import check_edition
from newsroom.sanitize import clean_body
from newsroom.translated import TranslatedModel

MAX_COMMENT_LENGTH = 1500


def normalize_text(text):
    """Comment text as it is counted and stored: line breaks as one ``\\n``.

    Browsers send a textarea's line breaks as ``\\r\\n``; the counter in the
    page sees ``\\n``. Both count Unicode characters (code points), so 😀 is one.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def normalize_email(email):
    """How addresses are stored and compared: no spaces, lower case."""
    return email.strip().lower()


def body_fingerprint(body):
    """A hash of the text that ignores case and spacing, to spot repeats."""
    return hashlib.sha256(" ".join(body.casefold().split()).encode()).hexdigest()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    class RejectionReason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off topic")
        ABUSE = "abuse", _("Abuse or harassment")
        HATE = "hate", _("Hate speech")
        PERSONAL_DATA = "personal_data", _("Reveals someone's personal data")
        LEGAL = "legal", _("Legal risk (libel, contempt, copyright)")
        ADVERTISING = "advertising", _("Advertising")
        BANNED = "banned", _("Banned word or address")
        OTHER = "other", _("Breaks the comment policy in another way")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(
        _("email"), help_text=_("Stored in lower case. Never shown to readers.")
    )
    body = models.TextField(_("comment"))
    body_hash = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    rule = models.CharField(
        _("rule"),
        max_length=40,
        blank=True,
        help_text=_("The automatic rule that decided this comment's status, if any."),
    )
    rule_reason = models.CharField(_("why the rule fired"), max_length=300, blank=True)
    rejection_reason = models.CharField(
        _("reason for rejection"),
        max_length=20,
        choices=RejectionReason.choices,
        blank=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    ip_hash = models.CharField(
        _("IP address hash"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("A salted hash, dropped after the retention period."),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("manage_personal_data", _("Can export or delete a person's comments")),
        ]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["email"], name="comment_email_idx"),
        ]
        constraints = [
            # A double click or a retried request must not store the comment twice.
            models.UniqueConstraint(
                fields=["article", "email", "body_hash"],
                name="comment_unique_per_article",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MAX_COMMENT_LENGTH),
                name="comment_body_max_length",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        self.body_hash = body_fingerprint(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class BannedEmail(models.Model):
    """Comments from these addresses are rejected on arrival."""

    email = models.EmailField(_("email"), unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("banned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("banned at"), auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("banned email address")
        verbose_name_plural = _("banned email addresses")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class WordRule(models.Model):
    """A word or phrase that rejects a comment or holds it for a moderator."""

    class Action(models.TextChoices):
        REJECT = "reject", _("Reject the comment")
        HOLD = "hold", _("Hold it for a moderator")

    phrase = models.CharField(
        _("word or phrase"),
        max_length=100,
        unique=True,
        help_text=_("Matched as whole words, ignoring case."),
    )
    action = models.CharField(
        _("action"), max_length=6, choices=Action.choices, default=Action.HOLD
    )
    # One of settings.LANGUAGES, or empty for all: a word harmless in one
    # language can be an insult in another. No choices here, as for a story's
    # language, so that a site with other editions needs no migration.
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_(
            "Only comments on stories in this language meet the rule. "
            "Leave empty for every language."
        ),
    )

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("word rule")
        verbose_name_plural = _("word rules")

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.casefold().split())
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "language" in exclude:
            return
        check_edition(self.language)


class Poll(models.Model):
    """The running count of "Do you like this article?" answers for a story."""

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="poll",
    )
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)

    class Meta:
        verbose_name = _("poll result")
        verbose_name_plural = _("poll results")

    def __str__(self):
        return str(self.article)

    @property
    def total(self):
        return self.yes + self.no

    @property
    def share_yes(self):
        """Percentage of readers who answered yes, rounded."""
        return round(100 * self.yes / self.total) if self.total else 0

    @property
    def share_no(self):
        return 100 - self.share_yes if self.total else 0


class CommentPolicy(TranslatedModel):
    """The comment policy readers reach from every comment form. One row."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Cleaned on save like a story."))
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("comment policy")
        verbose_name_plural = _("comment policy")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Every language's text (comments/translation.py), not only the one
        # being read: the admin edits them side by side.
        for code in settings.MODELTRANSLATION_LANGUAGES:
            name = f"body_{code.replace('-', '_')}"
            if getattr(self, name, None):
                setattr(self, name, clean_body(getattr(self, name)))
        if self.__dict__.get("body"):
            self.__dict__["body"] = clean_body(self.__dict__["body"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:policy")
