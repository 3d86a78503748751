import logging
import secrets
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from comments.models import (
    MAX_COMMENT_LENGTH,
    Comment,
    normalize_email,
    normalize_text,
)

logger = logging.getLogger(__name__)

STARTED_SALT = "newsroom.comments.started"
# What the column holds (RFC 5321's limit). Django's validator allows 320.
MAX_EMAIL_LENGTH = Comment._meta.get_field("email").max_length


def started_token(*, at=None):
    """A signed note of when the form was shown (``at``, default now), for the
    minimum fill time, with a random id that lets it be used once."""
    shown = time.time() if at is None else at
    return signing.dumps([shown, secrets.token_urlsafe(12)], salt=STARTED_SALT)


def seconds_since(token, *, max_age):
    """Seconds since ``started_token()`` made ``token``; None if it is forged,
    older than ``max_age`` seconds, or was used before.

    Using a token spends it, so one token cannot send a stream of comments
    that all look patiently written. If the cache is down it cannot be
    spent, and is taken once more rather than turning a reader away.
    """
    try:
        shown, once = signing.loads(token, salt=STARTED_SALT, max_age=max_age)
        shown = float(shown)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    try:
        first_use = cache.add(f"{STARTED_SALT}:{once}", 1, timeout=max_age)
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Form token not spent: the cache is unavailable.")
        first_use = True
    return time.time() - shown if first_use else None


class CommentTextField(forms.CharField):
    """Counts like the counter in the page: one per character, one per line break."""

    widget = forms.Textarea

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def widget_attrs(self, widget):
        # No maxlength: browsers count it in UTF-16 units (an emoji is two) and
        # silently cut a paste. The page's counter and the server judge instead.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Please give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("Never shown publicly."),
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("Please check your email address: it looks incomplete."),
            "max_length": _(
                "Please check your email address: an address has at most "
                "%(limit_value)d characters."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = CommentTextField(
        label=_("Comment"),
        max_length=MAX_COMMENT_LENGTH,
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Your comment is %(show_value)d characters long; the limit is "
                "%(limit_value)d. Please shorten it: nothing has been cut."
            ),
        },
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "data-limit": MAX_COMMENT_LENGTH,
                "aria-describedby": "comment-counter",
            }
        ),
    )
    # Left empty by people, who never see it; filled in by robots, who do.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The template places the token: story pages are cached and carry none.
        self.helper.disable_csrf = True
        typed = normalize_text(str(self.data.get("body", ""))) if self.is_bound else ""
        self.helper.layout = Layout(
            Field("name"),
            Field("email"),
            Field("body"),
            # The script keeps this up to date as the reader types.
            HTML(
                format_html(
                    '<p class="counter" id="comment-counter" data-counter>{} / {}</p>',
                    max(0, MAX_COMMENT_LENGTH - len(typed)),
                    MAX_COMMENT_LENGTH,
                )
            ),
            Div(Field("website"), css_class="hp", aria_hidden="true"),
            Field("started"),
        )

    def clean_email(self):
        """The address as it is stored, and no longer than the column."""
        # Checked after lower-casing, which can lengthen it: "İ" becomes two
        # characters. No maxlength in the page: a browser would cut a paste.
        email = normalize_email(self.cleaned_data["email"])
        if len(email) > MAX_EMAIL_LENGTH:
            raise forms.ValidationError(
                self.fields["email"].error_messages["max_length"],
                code="max_length",
                params={"limit_value": MAX_EMAIL_LENGTH},
            )
        return email


class VoteForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            choice
            for choice in Comment.RejectionReason.choices
            if choice[0] != Comment.RejectionReason.BANNED
        ],
        widget=forms.RadioSelect,
    )


class EmailLookupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
