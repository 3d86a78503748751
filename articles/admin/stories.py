"""Stories in the admin: the list, the form with its byline and corrections,
and the workflow steps its buttons take (through ``articles.services``)."""

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.paginator import Paginator
from django.db.models.fields.json import KT
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from js_asset import Media

from articles import previews, services, workflow
from articles.admin import translations
from articles.admin.filters import (
    AuthorFilter,
    LanguageFilter,
    MineFilter,
    PublishDateFilter,
    TranslationFilter,
    edition_names,
)
from articles.admin.forms import ArticleAdminForm, Workflow
from articles.admin.views import StoryViews
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Correction,
    Section,
    bylines_prefetch,
)
from articles.permissions import can_edit, can_publish
from articles.search import admin_search
from articles.workflow import Step, StepRefused

# Who may add what a story is filed under, told to those who may not.
WHO_ADDS = {
    Section: _("Only editors can add sections: ask an editor."),
    Author: _("Only editors can add authors: ask an editor."),
}


def who_adds(formfield, request):
    """``formfield`` choosing a section or author, telling someone who may not
    add one (and sees no “+”) who can."""
    model = getattr(getattr(formfield, "queryset", None), "model", None)
    if model in WHO_ADDS and not request.user.has_perm(
        f"{model._meta.app_label}.add_{model._meta.model_name}"
    ):
        formfield.help_text = WHO_ADDS[model]
    return formfield


class BylineInline(admin.TabularInline):
    """The byline, read top to bottom: position 0 is named first."""

    model = ArticleAuthor
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    ordering = ["position", "pk"]
    extra = 1
    verbose_name = _("byline")
    verbose_name_plural = _("byline (in the order it reads)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return who_adds(
            super().formfield_for_foreignkey(db_field, request, **kwargs), request
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
class ArticleAdmin(StoryViews, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "section",
        "state",
        "edition",
        "publish_at",
        "byline",
        "updated_at",
    ]
    list_filter = [
        MineFilter,
        "status",
        "section",
        LanguageFilter,
        TranslationFilter,
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
    autocomplete_fields = ["section", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, CorrectionInline]
    actions = ["publish_now", "unpublish"]

    def get_autocomplete_fields(self, request):
        # Tags have a model of their own (ArticleTag) only to copy what the
        # story says, which no one edits: the admin's checks refuse such a
        # relation in ``autocomplete_fields``, so it is named here.
        return [*super().get_autocomplete_fields(request), "tags"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name != "tags":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        # Set as any many-to-many (the rows copy their story as they are made).
        db = kwargs.get("using")
        kwargs.setdefault(
            "widget", AutocompleteSelectMultiple(db_field, self.admin_site, using=db)
        )
        queryset = self.get_field_queryset(db, db_field, request)
        if queryset is not None:
            kwargs.setdefault("queryset", queryset)
        return db_field.formfield(**kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return who_adds(
            super().formfield_for_foreignkey(db_field, request, **kwargs), request
        )

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
        return (
            super()
            .get_queryset(request)
            .with_translation_state()
            .prefetch_related(bylines_prefetch())
        )

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
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StepRefused as refused:
            # Nothing was saved (the save and its step are one transaction):
            # the story's state no longer allows the button, say from an old page.
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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
                editions=translations.editions(article),
                may_translate=translations.may_translate(request.user, article),
                source=translations.source(article, request.user),
            )
        return super().render_change_form(request, context, add, change, **kwargs)

    def save_model(self, request, obj, form, change):
        """Nothing yet: ``save_related`` saves the story, its byline, tags and
        corrections and takes the step asked for, in one service call."""

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
        saved = services.article_save(
            article=form.instance,
            by=request.user,
            created=not change,
            step=Workflow.step(request.POST),
            note=form.cleaned_data.get("workflow_note", ""),
            save_related=partial(super().save_related, request, form, formsets, change),
        )
        self._say_what_was_done(request, form.instance, saved)

    def _say_what_was_done(self, request, article, saved):
        if saved.step == Step.SUBMIT:
            message = gettext("Submitted for review: editors see it on their desk.")
        elif saved.step == Step.SEND_BACK:
            message = gettext("Sent back to the writer with your note.")
        elif saved.step == Step.PUBLISH:
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
        elif saved.step == Step.UNPUBLISH:
            message = gettext("Taken off the site.")
        else:
            if saved.working_copy_made:
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

    def response_add(self, request, obj, post_url_continue=None):
        if Workflow.requested(request.POST):
            return self._stay_on_story(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if Workflow.requested(request.POST):
            return self._stay_on_story(obj)
        return super().response_change(request, obj)

    def _stay_on_story(self, article):
        """After a step, the story's form again: its status and log show it."""
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def view_on_site(self, article):
        """The reader's page; for a story readers cannot see, its preview."""
        if article.is_live:
            return article.get_absolute_url()
        return previews.preview_url(article=article)

    @admin.display(description=_("byline"))
    def byline(self, article):
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description=_("language"), ordering="language")
    def edition(self, article):
        """The story's edition; for a translation behind its source, says so."""
        name = edition_names().get(article.language, article.language)
        if getattr(article, "translation_out_of_date", False):
            return format_html(
                '{} <strong class="desk-out-of-date">({})</strong>',
                name,
                _("translation out of date"),
            )
        return name

    @admin.display(description=_("status"), ordering="status")
    def state(self, article):
        """The status, telling a story waiting for its time from a live one."""
        if article.pk is None:
            return Article.Status.DRAFT.label
        label = article.state_label
        if article.working_copy_id:
            return format_html("{} <em>({})</em>", label, _("unpublished changes"))
        return label

    # The list's actions and the workflow step each takes.
    ACTION_STEPS = {"publish_now": Step.PUBLISH, "unpublish": Step.UNPUBLISH}

    def changelist_view(self, request, extra_context=None):
        name = request.POST.get("action") if request.method == "POST" else None
        if name in self.ACTION_STEPS and name not in self.get_actions(request):
            # A crafted post of an action the list does not offer this person.
            raise workflow.denied(self.ACTION_STEPS[name])
        return super().changelist_view(request, extra_context)

    def _take_step(self, request, stories, step, message):
        """Take ``step``, a workflow service, on each of ``stories`` that allows
        it now, say how many it took in ``message`` (plural by ``count``) and
        why it left the others alone."""
        taken = 0
        for article in stories:
            try:
                step(article=article, by=request.user)
            except StepRefused as refused:
                self.message_user(
                    request,
                    format_html("“{}”: {}", article, " ".join(refused.messages)),
                    messages.ERROR,
                )
                continue
            taken += 1
        self.message_user(request, message % {"count": taken}, messages.SUCCESS)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        # A story already on the site keeps its date, and so its address.
        waiting = [article for article in queryset if not article.is_live]
        published = ngettext_lazy(
            "%(count)d story published.", "%(count)d stories published.", "count"
        )
        self._take_step(request, waiting, services.article_publish, published)

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        taken_off = ngettext_lazy(
            "%(count)d story taken off the site.",
            "%(count)d stories taken off the site.",
            "count",
        )
        self._take_step(request, queryset, services.article_unpublish, taken_off)
