import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from articles.admin.filters import LanguageFilter as StoryLanguageFilter
from articles.admin.filters import edition_names
from comments import moderation, services
from comments.forms import EmailLookupForm, RejectForm
from comments.models import (
    BannedEmail,
    Comment,
    CommentPolicy,
    WordRule,
    normalize_email,
)
from newsroom.translated_admin import EditionsTranslationAdmin


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on the comments waiting for a decision."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("All"))]

    def choices(self, changelist):
        # No "All" of Django's own on top: "All" is the last choice here, and
        # no choice at all means Pending.
        current = self.value() or Comment.Status.PENDING
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else {}
        for i, (value, label) in enumerate(self.lookup_choices):
            if changelist.add_facets:
                label = f"{label} ({counts.get(f'{i}__c', '-')})"
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)


class RuleFilter(admin.SimpleListFilter):
    """The automatic rules, by the names moderators read (comments.moderation)."""

    title = _("rule")
    parameter_name = "rule"

    def lookups(self, request, model_admin):
        return list(moderation.rule_labels().items())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(rule=self.value())


class LanguageFilter(StoryLanguageFilter):
    """Comments on the stories of one edition: each moderator their language."""

    language_field = "article__language"


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "name",
        "story",
        "posted",
        "status",
        "why",
        "decision",
    ]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, LanguageFilter, RuleFilter, "article__section"]
    list_select_related = ["article__section", "moderated_by"]
    search_fields = ["name", "email", "body", "article__headline"]
    search_help_text = _("Search by name, email, comment or headline.")
    ordering = ["created_at", "pk"]
    show_full_result_count = False
    list_per_page = 50
    actions = ["approve", "reject", "mark_spam", "ban_senders"]
    fields = [
        "article",
        "name",
        "email",
        "body",
        "status",
        "fired_rule",
        "rule_reason",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
    ]
    readonly_fields = fields

    class Media:
        js = ["js/moderation.js"]
        css = {"all": ["css/moderation.css"]}

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        titles = {
            Comment.Status.PENDING: _("Comments waiting for a decision"),
            Comment.Status.APPROVED: _("Approved comments"),
            Comment.Status.REJECTED: _("Rejected comments"),
            Comment.Status.SPAM: _("Comments filed as spam"),
        }
        status = request.GET.get(StatusFilter.parameter_name, Comment.Status.PENDING)
        extra_context = {
            "title": titles.get(status, _("All comments")),
            # The queue is a work screen: its columns get the width the admin's
            # navigation would take (the breadcrumbs still lead back).
            "is_nav_sidebar_enabled": False,
        } | (extra_context or {})
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(160)

    @admin.display(description=_("story"), ordering="article__publish_at")
    def story(self, comment):
        return format_html(
            '<a href="{}" lang="{}">{}</a>',
            comment.article.get_absolute_url(),
            comment.article.language,
            Truncator(comment.article.headline).chars(60),
        )

    @admin.display(description=_("posted"), ordering="created_at")
    def posted(self, comment):
        when = timezone.localtime(comment.created_at)
        return format_html(
            "{}<br>{}", date_format(when, "j M Y"), date_format(when, "H:i")
        )

    @admin.display(description=_("why"))
    def why(self, comment):
        if comment.rule:
            return format_html(
                "{} <small>{}</small>",
                moderation.rule_label(comment.rule),
                comment.rule_reason,
            )
        if comment.rejection_reason:
            return comment.get_rejection_reason_display()
        if comment.status == Comment.Status.PENDING:
            # No rule fired: the story takes no comment without a moderator.
            return _("Pre-moderated story")
        return "—"

    @admin.display(description=_("rule"))
    def fired_rule(self, comment):
        return moderation.rule_label(comment.rule)

    @admin.display(description=_("decided"), ordering="moderated_at")
    def decision(self, comment):
        if not comment.moderated_at:
            return "—"
        return format_html(
            "{}<br><small>{}</small>",
            comment.moderated_by or _("a deleted user"),
            comment.moderated_at.strftime("%Y-%m-%d %H:%M"),
        )

    def _done(self, request, message, count):
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def _decide(self, request, queryset, decide, message, **details):
        """Put the chosen comments through ``decide``, a moderation service, and
        say how many it took in ``message`` (plural by ``count``)."""
        count = decide(comments=queryset, moderator=request.user, **details)
        self._done(request, message, count)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        approved = ngettext_lazy(
            "%(count)d comment approved.", "%(count)d comments approved.", "count"
        )
        self._decide(request, queryset, services.comment_approve, approved)

    @admin.action(description=_("Reject…"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            rejected = ngettext_lazy(
                "%(count)d comment rejected.", "%(count)d comments rejected.", "count"
            )
            reason = form.cleaned_data["reason"]
            self._decide(
                request, queryset, services.comment_reject, rejected, reason=reason
            )
            return None
        return TemplateResponse(
            request,
            "admin/comments/comment/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Why are these comments rejected?"),
                "opts": self.opts,
                "comments": queryset,
                "form": form,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "action": "reject",
            },
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        marked = ngettext_lazy(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            "count",
        )
        self._decide(request, queryset, services.comment_mark_spam, marked)

    @admin.action(
        description=_("Ban the senders' email addresses"), permissions=["ban"]
    )
    def ban_senders(self, request, queryset):
        emails = sorted({comment.email for comment in queryset})
        for email in emails:
            services.email_ban(
                email=email,
                moderator=request.user,
                reason=str(_("Banned from the queue")),
            )
        self._done(
            request,
            ngettext(
                "%(count)d address banned.", "%(count)d addresses banned.", len(emails)
            ),
            len(emails),
        )

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_bannedemail")

    def get_urls(self):
        return [
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="comments_comment_personal_data",
            ),
            *super().get_urls(),
        ]

    def personal_data_view(self, request):
        """Export or delete everything one reader has sent, by email address."""
        if not request.user.has_perm("comments.manage_personal_data"):
            raise PermissionDenied
        form = EmailLookupForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("A reader's comments: export or delete"),
            "opts": self.opts,
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if "export" in request.POST:
                data = services.comments_for_email(email=email, user=request.user)
                response = HttpResponse(
                    json.dumps({"email": email, "comments": data}, indent=2),
                    content_type="application/json",
                )
                response["Content-Disposition"] = 'attachment; filename="comments.json"'
                return response
            if "delete" in request.POST:
                found = Comment.objects.filter(email=normalize_email(email)).count()
                context.update({"email": email, "found": found, "confirm": True})
            if "confirm_delete" in request.POST:
                count = services.comments_delete_for_email(
                    email=email, user=request.user
                )
                self._done(
                    request,
                    ngettext(
                        "%(count)d comment deleted.",
                        "%(count)d comments deleted.",
                        count,
                    ),
                    count,
                )
                return redirect(reverse("admin:comments_comment_personal_data"))
        return TemplateResponse(
            request, "admin/comments/comment/personal_data.html", context
        )


@admin.register(BannedEmail)
class BannedEmailAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "banned_by", "created_at"]
    list_select_related = ["banned_by"]
    search_fields = ["email"]
    fields = ["email", "reason"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.banned_by = request.user
        super().save_model(request, obj, form, change)


class WordRuleForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=lambda: [("", _("Every language")), *edition_names().items()],
        help_text=WordRule._meta.get_field("language").help_text,
    )

    class Meta:
        model = WordRule
        fields = ["phrase", "action", "language"]


class WordRuleLanguageFilter(admin.SimpleListFilter):
    """Rules for one language, or those for every language."""

    title = _("language")
    parameter_name = "language"
    EVERY = "every"

    def lookups(self, request, model_admin):
        return [(self.EVERY, _("Every language")), *edition_names().items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        every = self.value() == self.EVERY
        return queryset.filter(language="" if every else self.value())


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    form = WordRuleForm
    list_display = ["phrase", "action", "languages"]
    list_filter = ["action", WordRuleLanguageFilter]
    search_fields = ["phrase"]

    @admin.display(description=_("language"), ordering="language")
    def languages(self, rule):
        if not rule.language:
            return _("Every language")
        return edition_names().get(rule.language, rule.language)


@admin.register(CommentPolicy)
class CommentPolicyAdmin(EditionsTranslationAdmin):
    # The title and text in every edition's language, one under the other.
    fields = ["title", "body"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 20})}
    }
    list_display = ["title", "updated_at"]
    view_on_site = True

    def has_add_permission(self, request):
        return not CommentPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
