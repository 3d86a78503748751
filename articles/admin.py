from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
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
    """The article form; the admin supplies the model and fields.

    ``loaded_version`` holds the story's last-saved time as the editor opened
    it. If someone saved the story since, the save is refused and the editor
    sees what the other version says, with their own text still in the form.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # What the refusal compares, in the order an editor reads a story.
    COMPARED = [
        "kicker",
        "headline",
        "standfirst",
        "dateline",
        "body",
        "lead_image",
        "lead_image_caption",
        "lead_image_credit",
        "section",
        "status",
        "publish_at",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

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
        self._refuse_stale_save(cleaned_data)
        return cleaned_data

    def _refuse_stale_save(self, cleaned_data):
        loaded = cleaned_data.get("loaded_version")
        if not (self.instance.pk and loaded):
            return
        saved = Article.objects.filter(pk=self.instance.pk).first()
        if saved is None or saved.updated_at.isoformat() == loaded:
            return
        differences = []
        for name in self.COMPARED:
            theirs, yours = getattr(saved, name), cleaned_data.get(name)
            if name == "publish_at" and theirs and yours:
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
                    "loaded_version",
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
        before = Article.objects.get(pk=obj.pk) if change else None
        if before is not None:
            # Pages that showed the story before this edit (its old section…).
            obj.cache_tags_before = services.article_cache_tags(before)
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
        if change and "slug" in form.changed_data:
            services.article_slug_changed(
                article=form.instance, old_slug=form.initial["slug"]
            )
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
