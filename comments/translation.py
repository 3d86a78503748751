"""The comment policy in every language (see ``articles/translation.py``)."""

from modeltranslation.translator import TranslationOptions, register

from comments.models import CommentPolicy


@register(CommentPolicy)
class CommentPolicyTranslation(TranslationOptions):
    fields = ("title", "body")
