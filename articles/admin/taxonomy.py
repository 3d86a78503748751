"""Sections, authors and tags in the admin: what stories are filed under."""

from django.contrib import admin

from articles.models import Author, Section, SiteSettings, Tag
from newsroom import pagecache
from newsroom.translated_admin import EditionsTranslationAdmin


class PurgesPagesMixin:
    """Saving or deleting purges the pages that show the object."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pagecache.purge_for(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.purge_for(obj)


@admin.register(Section)
class SectionAdmin(PurgesPagesMixin, EditionsTranslationAdmin):
    list_display = [
        "name",
        "slug",
        "position",
        "comments_enabled",
        "comment_moderation",
    ]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(PurgesPagesMixin, EditionsTranslationAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email"]
    autocomplete_fields = ["user", "photo"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(PurgesPagesMixin, EditionsTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(PurgesPagesMixin, EditionsTranslationAdmin):
    """One row: the site's name and tagline in every edition."""

    list_display = ["site_name", "tagline"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        # Deleting it brings back the settings' name and tagline.
        return super().has_delete_permission(request, obj)
