"""The admin of models with translated fields: every edition's value side by
side, in the order of ``NEWSROOM_LANGUAGES``."""

from django.conf import settings
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator


class EditionsTranslationAdmin(TranslationAdmin):
    """django-modeltranslation's admin, showing only this site's editions.

    Every site has the columns of every language in
    ``NEWSROOM_TRANSLATED_LANGUAGES``; editors see and fill those of the site's
    own editions, one under the other, each labelled with its language.
    """

    def _off_edition_fields(self):
        editions = {code for code, _name in settings.LANGUAGES}
        options = translator.get_options_for_model(self.model)
        return [
            field.name
            for fields in options.all_fields.values()
            for field in fields
            if field.language not in editions
        ]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self._off_edition_fields()]

    def get_fields(self, request, obj=None):
        hidden = set(self._off_edition_fields())
        return [name for name in super().get_fields(request, obj) if name not in hidden]

    def get_fieldsets(self, request, obj=None):
        hidden = set(self._off_edition_fields())
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        name for name in options["fields"] if name not in hidden
                    ],
                },
            )
            for title, options in super().get_fieldsets(request, obj)
        ]
