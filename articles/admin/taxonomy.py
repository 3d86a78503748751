"""Sections, authors and tags in the admin: what stories are filed under."""

from django.contrib import admin

from articles.models import Author, Section, Tag
from newsroom import pagecache


class PurgesPagesMixin:
    """Saving or deleting purges the pages that show the object."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pagecache.purge_for(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.purge_for(obj)


@admin.register(Section)
class SectionAdmin(PurgesPagesMixin, admin.ModelAdmin):
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
class AuthorAdmin(PurgesPagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email"]
    autocomplete_fields = ["user", "photo"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(PurgesPagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
