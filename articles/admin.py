from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.models import Article, ArticleAuthor, Author, Section, Tag
from newsroom import pagecache


class PurgesSiteMixin:
    """Names of sections, authors and tags appear on many pages: purge them all."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        pagecache.purge("site")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        pagecache.purge("site")


@admin.register(Section)
class SectionAdmin(PurgesSiteMixin, admin.ModelAdmin):
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
class AuthorAdmin(PurgesSiteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email"]
    autocomplete_fields = ["user", "photo"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(PurgesSiteMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    """The byline, read top to bottom: position 0 is named first."""

    model = ArticleAuthor
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name = _("byline")
    verbose_name_plural = _("byline (in the order it reads)")


class ArticleAdminForm(forms.ModelForm):
    """The article form; the admin supplies the model and fields."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Article.Status.PUBLISHED and not (
            cleaned_data.get("publish_at") or self.has_error("publish_at")
        ):
            # Said here in words; the database constraint would only name itself.
            self.add_error(
                "publish_at",
                _(
                    "Choose when readers see the story. "
                    "The “Now” link fills in the current time."
                ),
            )
        return cleaned_data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "section", "state", "publish_at", "byline"]
    list_filter = ["status", "section", "publish_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["section", "tags", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["first_published_at", "updated_at"]
    inlines = [BylineInline]
    view_on_site = True
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (
            _("Story"),
            {
                "fields": [
                    "kicker",
                    "headline",
                    "slug",
                    "standfirst",
                    "dateline",
                    "body",
                ]
            },
        ),
        (
            _("Picture"),
            {"fields": ["lead_image", "lead_image_caption", "lead_image_credit"]},
        ),
        (_("Filing"), {"fields": ["section", "tags", "language"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "first_published_at", "updated_at"]},
        ),
        (
            _("Reader comments"),
            {
                "fields": ["commenting", "comment_moderation"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=ArticleAuthor.objects.select_related("author"),
                )
            )
        )

    def save_model(self, request, obj, form, change):
        if change:
            # Pages that showed the story before this edit (its old section…).
            obj.cache_tags_before = services.article_cache_tags(
                Article.objects.get(pk=obj.pk)
            )
        # Publishing has consequences (first publication time, and whatever the
        # service grows); the form only decides that it happens.
        if "status" in form.changed_data and obj.status == Article.Status.PUBLISHED:
            services.article_publish(article=obj, publish_at=obj.publish_at)
        elif "status" in form.changed_data and obj.status == Article.Status.UNPUBLISHED:
            super().save_model(request, obj, form, change)
            services.article_unpublish(article=obj)
        else:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Now that bylines and tags are saved, purge every page that shows it.
        article = form.instance
        services.article_purge(
            article=article, also=getattr(article, "cache_tags_before", set())
        )

    @admin.display(description=_("byline"))
    def byline(self, article):
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description=_("status"), ordering="status")
    def state(self, article):
        """The status, telling a story waiting for its time from a live one."""
        if article.status == Article.Status.PUBLISHED and not article.is_live:
            return _("Scheduled")
        return article.get_status_display()

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        # A story already on the site keeps its date, and so its address.
        waiting = [article for article in queryset if not article.is_live]
        for article in waiting:
            services.article_publish(article=article)
        self.message_user(
            request,
            ngettext(
                "%(count)d story published.",
                "%(count)d stories published.",
                len(waiting),
            )
            % {"count": len(waiting)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article)
        self.message_user(
            request,
            ngettext(
                "%(count)d story taken off the site.",
                "%(count)d stories taken off the site.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
