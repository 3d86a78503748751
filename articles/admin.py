from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.json import KT
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_prose_editor.fields import ProseEditorFormField
from js_asset import Media

from articles import diffs, previews, services
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Revision,
    Section,
    Tag,
    bylines_prefetch,
)
from articles.permissions import can_edit, can_publish
from articles.search import admin_search
from newsroom import pagecache, params
from newsroom.sanitize import clean_body


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


class BylineInline(admin.TabularInline):
    """The byline, read top to bottom: position 0 is named first."""

    model = ArticleAuthor
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name = _("byline")
    verbose_name_plural = _("byline (in the order it reads)")


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
    """The buttons of the article form: each posts its name, as ``_save`` does."""

    SUBMIT = "_submit"
    SEND_BACK = "_send_back"
    PUBLISH = "_publish"
    UNPUBLISH = "_unpublish"
    ALL = [SUBMIT, SEND_BACK, PUBLISH, UNPUBLISH]

    @classmethod
    def requested(cls, data):
        return next((name for name in cls.ALL if name in data), None)

    @staticmethod
    def allowed(user, article):
        """The workflow buttons ``user`` may press on ``article``, in order."""
        if not can_edit(user, article):
            return []
        actions = []
        status = article.status if article.pk else Article.Status.DRAFT
        if status in (Article.Status.DRAFT, Article.Status.UNPUBLISHED):
            actions.append(Workflow.SUBMIT)
        if can_publish(user):
            if status == Article.Status.REVIEW:
                actions.append(Workflow.SEND_BACK)
            if not article.is_live or article.working_copy_id:
                actions.append(Workflow.PUBLISH)
            if status == Article.Status.PUBLISHED:
                actions.append(Workflow.UNPUBLISH)
        return actions


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

    # What the refusal compares, in the order an editor reads a story.
    COMPARED = [*Article.CONTENT_FIELDS, "section", "publish_at", "unpublish_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()

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
        self._refuse_stale_save(cleaned_data)
        return cleaned_data

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


class CorrectionInline(admin.StackedInline):
    """Dated notes at the end of a story; only editors add them."""

    model = Correction
    fields = ["kind", "published_at", "text"]
    extra = 0
    verbose_name = _("correction or update")
    verbose_name_plural = _("corrections and updates (shown at the end of the story)")

    def has_add_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user) and super().has_delete_permission(request, obj)


class MineFilter(admin.SimpleListFilter):
    """A writer's own stories: those they started or are named in."""

    title = _("whose")
    parameter_name = "whose"

    def lookups(self, request, model_admin):
        return [("mine", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() != "mine":
            return queryset
        named = ArticleAuthor.objects.filter(
            article=OuterRef("pk"), author__user=request.user
        )
        return queryset.filter(Q(created_by=request.user) | Exists(named))


class AuthorFilter(admin.SimpleListFilter):
    """Stories with an author in their byline.

    Asked with EXISTS rather than a join through the byline, which would need a
    DISTINCT over whole rows to list each story once: 3.3 times slower at a
    million stories than at 10,000, against 1.0 for this.
    """

    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return Author.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            author_id = params.object_id(self.value())
        except Http404:
            # As for the admin's own filters: back to the list, saying so.
            raise IncorrectLookupParameters(self.value()) from None
        named = ArticleAuthor.objects.filter(article=OuterRef("pk"), author=author_id)
        return queryset.filter(Exists(named))


class PublishDateFilter(admin.DateFieldListFilter):
    """ "Past 7 days", "This month"… by publish time, quick at any size.

    Naming every status lets the database read the (status, publish time)
    index once per status instead of the whole table; an index on the publish
    time alone would serve this too, but it leads reader searches astray.
    """

    def queryset(self, request, queryset):
        filtered = super().queryset(request, queryset)
        if self.used_parameters:
            filtered = filtered.filter(status__in=Article.Status.values)
        return filtered


class ArchivePaginator(Paginator):
    """Pages through a large archive without counting all of it.

    Counting every story on every page load is what makes an admin list slow
    at a million rows. This counts at most ``limit`` rows; beyond that the list
    says "more than 10,000" and filters narrow it down. A word search counts
    to 1,000 only: matching words is the costly part of each row.
    """

    limit = 10_000
    search_limit = 1_000

    @cached_property
    def count(self):
        # The order does not change a count; without it PostgreSQL may count
        # from whichever index fits the filter best.
        return self.object_list.order_by()[: self.limit + 1].count()

    @property
    def is_capped(self):
        return self.count > self.limit


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "section",
        "state",
        "publish_at",
        "byline",
        "updated_at",
    ]
    list_filter = [
        MineFilter,
        "status",
        "section",
        AuthorFilter,
        ("publish_at", PublishDateFilter),
    ]
    list_select_related = ["section"]
    list_per_page = 50
    paginator = ArchivePaginator
    show_full_result_count = False
    # Counting every filter choice over a million stories is no quick glance.
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-updated_at", "-id"]
    search_fields = ["headline", "standfirst"]
    search_help_text = _("Words from the headline, standfirst or body.")
    autocomplete_fields = ["section", "tags", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, CorrectionInline]
    view_on_site = True
    actions = ["publish_now", "unpublish"]

    def get_paginator(self, request, queryset, per_page, **kwargs):
        paginator = super().get_paginator(request, queryset, per_page, **kwargs)
        if request.GET.get(SEARCH_VAR):
            paginator.limit = paginator.search_limit
        return paginator

    def get_fieldsets(self, request, obj=None):
        publishing = ["state", "publish_at", "unpublish_at"]
        if obj is not None:
            publishing += ["first_published_at", "updated_at"]
        return [
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
            (_("Publishing"), {"fields": [*publishing, "workflow_note"]}),
            (
                _("Reader comments"),
                {
                    "fields": ["commenting", "comment_moderation"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["state", "first_published_at", "updated_at"]
        if not can_publish(request.user):
            # Writers neither schedule nor take down; a crafted value is ignored.
            readonly += ["publish_at", "unpublish_at"]
        return readonly

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(bylines_prefetch())

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        return article.apply_working_copy() if article is not None else None

    def get_search_results(self, request, queryset, search_term):
        found = admin_search(queryset, search_term)
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

    def has_change_permission(self, request, obj=None):
        return can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    # Workflow -----------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            # Refuse a button the person may not press before anything is saved.
            requested = Workflow.requested(request.POST)
            if requested:
                article = (
                    self.get_object(request, unquote(object_id)) if object_id else None
                )
                if requested not in Workflow.allowed(
                    request.user, article or Article()
                ):
                    raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        # The body editor's import map is an inline script: it carries this
        # response's Content-Security-Policy nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        article = context.get("original") or Article()
        context.update(
            workflow_actions=Workflow.allowed(request.user, article),
            can_publish=can_publish(request.user),
        )
        if article.pk:
            context.update(
                events=article.events.select_related("actor")[:50],
                # The history lists each save's headline, not its whole text.
                revisions=article.revisions.select_related("created_by")
                .defer("content")
                .annotate(headline=KT("content__headline"))[:50],
                preview_url=reverse(
                    "admin:articles_article_preview", args=[article.pk]
                ),
                share_url=request.build_absolute_uri(
                    previews.preview_url(article=article)
                ),
                share_hours=settings.NEWSROOM_PREVIEW_LINK_MAX_AGE // 3600,
                can_revert=can_edit(request.user, article),
            )
        return super().render_change_form(request, context, add, change, **kwargs)

    def save_model(self, request, obj, form, change):
        before = Article.objects.get(pk=obj.pk) if change else None
        if before is not None:
            # Pages that showed the story before this edit (its old section…).
            obj.cache_tags_before = pagecache.tags_of(before)
        if obj.status == Article.Status.PUBLISHED and obj.publish_at is None:
            # A scheduled story put out now (the form allows nothing else): it
            # stays scheduled for this save, and the publish step makes it live.
            obj.publish_at = before.publish_at
            obj.publish_now = True
        services.article_save(article=obj, by=request.user, created=not change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        if formset.model is Correction:
            for correction in instances:
                correction.created_by = correction.created_by or request.user
            added = [c for c in instances if c.pk is None]
            formset.save()
            if added:
                services.corrections_added(
                    article=form.instance, corrections=added, by=request.user
                )
            return
        formset.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if change and "slug" in form.changed_data:
            services.article_slug_changed(
                article=article, old_slug=form.initial["slug"]
            )
        self._workflow_step(
            request, article, form.cleaned_data.get("workflow_note", "")
        )
        # Now that bylines and tags are saved, purge every page that shows it.
        services.article_purge(
            article=article, also=getattr(article, "cache_tags_before", set())
        )

    def _workflow_step(self, request, article, note):
        requested = Workflow.requested(request.POST)
        if requested == Workflow.SUBMIT:
            services.article_submit(article=article, by=request.user, note=note)
            message = gettext("Submitted for review: editors see it on their desk.")
        elif requested == Workflow.SEND_BACK:
            services.article_send_back(article=article, by=request.user, note=note)
            message = gettext("Sent back to the writer with your note.")
        elif requested == Workflow.PUBLISH:
            publish_now = getattr(article, "publish_now", False)
            article.refresh_from_db()
            services.article_publish(
                article=article,
                by=request.user,
                publish_at=None
                if publish_now or article.is_live
                else article.publish_at,
            )
            message = (
                gettext("Scheduled for %(time)s.")
                % {
                    "time": timezone.localtime(article.publish_at).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                }
                if article.is_scheduled
                else gettext("Published: readers see it now.")
            )
        elif requested == Workflow.UNPUBLISH:
            services.article_unpublish(article=article, by=request.user)
            message = gettext("Taken off the site.")
        else:
            if article.working_copy_id:
                self.message_user(
                    request,
                    gettext(
                        "Saved as unpublished changes: readers still see the "
                        "published version until an editor publishes them."
                    ),
                    messages.WARNING,
                )
            return
        self.message_user(request, message, messages.SUCCESS)

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name="articles_article_revert",
            ),
            path(
                "<path:object_id>/discard-changes/",
                self.admin_site.admin_view(self.discard_view),
                name="articles_article_discard",
            ),
        ]
        return own + super().get_urls()

    def _article_or_404(self, request, object_id):
        article = get_object_or_404(Article, pk=params.object_id(unquote(object_id)))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id):
        """Open the story's preview: the reader's page, through a signed link."""
        article = self._article_or_404(request, object_id)
        number = request.GET.get("revision")
        return HttpResponseRedirect(
            previews.preview_url(
                article=article,
                revision_number=params.object_id(number) if number else None,
            )
        )

    def compare_view(self, request, object_id):
        """What changed between two revisions, word by word."""
        article = self._article_or_404(request, object_id)
        numbers = list(
            article.revisions.order_by("number").values_list("number", flat=True)
        )
        if not numbers:
            raise Http404
        against_live = request.GET.get("from") == "live" and article.is_live
        to, since = request.GET.get("to"), request.GET.get("from")
        new = params.object_id(to) if to else numbers[-1]
        if against_live:
            old = None
        elif since:
            old = params.object_id(since)
        else:
            old = numbers[-2] if len(numbers) > 1 else new
        try:
            # Only the two compared: a story's history can be long, and heavy.
            revisions = {
                revision.number: revision
                for revision in article.revisions.filter(
                    number__in={new, old} - {None}
                ).select_related("created_by")
            }
            new_revision = revisions[new]
            if against_live:
                # What readers see now, against the working copy (or any revision).
                old_revision = Revision(
                    article=article,
                    number=0,
                    content=article.content(),
                    created_at=article.updated_at,
                )
            else:
                old_revision = revisions[old]
        except KeyError:
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Compare revisions of “%(headline)s”") % {"headline": article},
            "old": old_revision,
            "new": new_revision,
            "numbers": numbers,
            "against_live": against_live,
            "changes": diffs.compare(old_revision.content, new_revision.content),
            "can_revert": can_edit(request.user, article) and not against_live,
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @method_decorator(require_POST)
    def revert_view(self, request, object_id, number):
        article = self._article_or_404(request, object_id)
        revision = get_object_or_404(Revision, article=article, number=number)
        # The service refuses whoever may not edit the story (403). Readers
        # see no change: a story they can see gets a working copy.
        new = services.article_revert(
            article=article, revision=revision, by=request.user
        )
        self.message_user(
            request,
            gettext("Revision %(old)d brought back as revision %(new)d.")
            % {"old": revision.number, "new": new.number},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    @method_decorator(require_POST)
    def discard_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        services.article_discard_changes(article=article, by=request.user)
        self.message_user(
            request,
            gettext("Unpublished changes discarded; they stay in the history."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    @admin.display(description=_("byline"))
    def byline(self, article):
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description=_("status"), ordering="status")
    def state(self, article):
        """The status, telling a story waiting for its time from a live one."""
        if article.pk is None:
            return Article.Status.DRAFT.label
        label = article.state_label
        if article.working_copy_id:
            return format_html("{} <em>({})</em>", label, _("unpublished changes"))
        return label

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        # A story already on the site keeps its date, and so its address.
        waiting = [article for article in queryset if not article.is_live]
        for article in waiting:
            services.article_publish(article=article, by=request.user)
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

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article, by=request.user)
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
