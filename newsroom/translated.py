"""Models with translated fields (django-modeltranslation; see the apps'
``translation.py``)."""

from django.conf import settings
from django.db import models
from django.utils import translation


class TranslatedModel(models.Model):
    """Keeps each translated field's own column (``name``) in the default
    edition's language, or the first language that has a value.

    modeltranslation writes the active language's value into it, so a name
    last saved in Russian would otherwise be the one that the unique
    constraints, the slug and the search vector (which read ``tags.name``
    with no language) see.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)
