"""The story form: its body editor, its workflow buttons, and the check that
refuses to save over someone else's newer save."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from articles import workflow
from articles.models import Article
from articles.workflow import Step
from newsroom.sanitize import clean_body

# What the body editor offers; the server cleans every save with nh3 anyway.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "History": True,
    "HTML": True,
}


class Workflow:
    """The buttons of the story form: each posts its name, as ``_save`` does,
    and asks for a step of ``articles.workflow``, whose table alone says who
    may press which."""

    SUBMIT = "_submit"
    SEND_BACK = "_send_back"
    PUBLISH = "_publish"
    UNPUBLISH = "_unpublish"
    STEPS = {
        SUBMIT: Step.SUBMIT,
        SEND_BACK: Step.SEND_BACK,
        PUBLISH: Step.PUBLISH,
        UNPUBLISH: Step.UNPUBLISH,
    }

    @classmethod
    def requested(cls, data) -> str | None:
        """The name of the button pressed, if it was one of these."""
        return next((name for name in cls.STEPS if name in data), None)

    @classmethod
    def step(cls, data) -> Step | None:
        """The step the pressed button asks for, if any."""
        name = cls.requested(data)
        return cls.STEPS[name] if name else None

    @classmethod
    def allowed(cls, user, article) -> list[str]:
        """The buttons ``user`` may press on ``article`` now, in order."""
        names = {step: name for name, step in cls.STEPS.items()}
        return [names[step] for step in workflow.allowed(user, article)]


class ArticleAdminForm(forms.ModelForm):
    """The article form; the admin supplies the model and fields.

    ``loaded_version`` holds the story's last-saved time as the editor opened
    it. If someone saved the story since, the save is refused and the editor
    sees what the other version says, with their own text still in the form.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label=_("Note for the writer or the desk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Goes in the story's log with “Submit for review” or “Send back”. "
            "Sending back needs one."
        ),
    )
    body = ProseEditorFormField(
        label=_("Body"),
        required=False,
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=clean_body,
        help_text=Article._meta.get_field("body").help_text,
    )

    language = forms.ChoiceField(
        label=_("Language"),
        choices=lambda: settings.LANGUAGES,
        help_text=_("The edition the story appears in."),
    )

    # What the refusal compares, in the order an editor reads a story.
    COMPARED = [*Article.CONTENT_FIELDS, "section", "publish_at", "unpublish_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields and not self.instance.language:
            self.fields["language"].initial = settings.LANGUAGE_CODE
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if "headline" in self.fields:
            # desk.js counts the headline as it is typed and warns past this.
            self.fields["headline"].widget.attrs.update(
                {
                    "data-warn-length": settings.NEWSROOM_HEADLINE_WARN_LENGTH,
                    "class": "vTextField desk-headline",
                }
            )

    def clean(self):
        cleaned_data = super().clean()
        publish_at = cleaned_data.get("publish_at") or self.instance.publish_at
        unpublish_at = cleaned_data.get("unpublish_at")
        if unpublish_at and publish_at and unpublish_at <= publish_at:
            self.add_error(
                "unpublish_at",
                _("The story must come off the site after it goes on."),
            )
        requested = Workflow.requested(self.data)
        if (
            "publish_at" in self.fields
            and self.instance.status == Article.Status.PUBLISHED
            and not cleaned_data.get("publish_at")
            and not self.has_error("publish_at")
            and (self.instance.is_live or requested != Workflow.PUBLISH)
        ):
            # Said here in words; the database constraint would only name itself.
            self.add_error(
                "publish_at",
                _(
                    "A published or scheduled story needs its publish time. "
                    "To put a scheduled story out now, empty this and press "
                    "“Publish or schedule”."
                )
                if not self.instance.is_live
                else _("A live story keeps its publish time: it dates its address."),
            )
        if requested == Workflow.SEND_BACK and not (
            cleaned_data.get("workflow_note", "").strip()
        ):
            self.add_error(
                "workflow_note",
                _("Tell the writer what to change before sending the story back."),
            )
        self._refuse_a_language_the_group_has(cleaned_data)
        self._refuse_stale_save(cleaned_data)
        return cleaned_data

    def _refuse_a_language_the_group_has(self, cleaned_data):
        """One story per language in a translation group, said in words (the
        database constraint would only name itself)."""
        language = cleaned_data.get("language")
        if not (self.instance.pk and language) or self.has_error("language"):
            return
        other = (
            Article.objects.filter(
                translation_group=self.instance.translation_group, language=language
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if other is not None:
            self.add_error(
                "language",
                _(
                    "Its translation “%(headline)s” is in this language already: "
                    "a story has one version per language."
                )
                % {"headline": other.headline},
            )

    def _refuse_stale_save(self, cleaned_data):
        loaded = cleaned_data.get("loaded_version")
        if not (self.instance.pk and loaded):
            return
        saved = Article.objects.filter(pk=self.instance.pk).first()
        if saved is None or saved.updated_at.isoformat() == loaded:
            return
        version = saved.apply_working_copy()
        differences = []
        for name in self.COMPARED:
            theirs, yours = getattr(version, name), cleaned_data.get(name)
            if name.endswith("publish_at") and theirs and yours:
                # The form holds whole seconds.
                theirs = theirs.replace(microsecond=0)
            if name in cleaned_data and theirs != yours:
                label = capfirst(Article._meta.get_field(name).verbose_name)
                differences.append(
                    format_html(
                        "<li><strong>{}</strong>: {}</li>",
                        label,
                        strip_tags(str(theirs or "—"))[:600],
                    )
                )
        # A second save, after reading this, is made over the version now shown.
        self.data = self.data.copy()
        self.data["loaded_version"] = saved.updated_at.isoformat()
        raise forms.ValidationError(
            format_html(
                "{} {}<ul>{}</ul>",
                _(
                    "Someone else saved this story at %(time)s, after you opened "
                    "it. Nothing has been saved: your text is still below."
                )
                % {"time": timezone.localtime(saved.updated_at).strftime("%H:%M:%S")},
                _(
                    "Their version differs from yours here; merge what you want "
                    "to keep and save again."
                )
                if differences
                else _("Their changes are elsewhere; save again to keep yours."),
                format_html_join("", "{}", ((item,) for item in differences)),
            ),
            code="stale",
        )
