"""Which fields have a value in every language (django-modeltranslation).

Each gets a column per language in ``settings.MODELTRANSLATION_LANGUAGES``
(``name_en``, ``name_ru``…); reading ``section.name`` gives the active
language's, or the default language's while it has none.
"""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Author, Section, SiteSettings, Tag


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("bio",)


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "tagline")
