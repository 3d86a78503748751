"""The admin's own pages for a story, beside Django's add, change and delete:
preview, compare two revisions, revert to one, and discard unpublished changes.

``StoryViews`` adds them, with their URLs, to the story's ``ModelAdmin``.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import diffs, previews, services
from articles.admin import translations
from articles.models import Article, Revision
from articles.permissions import can_edit
from articles.workflow import StepRefused
from newsroom import params


class StoryViews:
    """A ``ModelAdmin`` mixin: the story's preview, compare, revert and discard."""

    def get_urls(self):
        # Each is a page of one story, named as Django names the admin's own
        # (articles_article_change…).
        pages = [
            ("preview/", self.preview_view, "preview"),
            ("revisions/compare/", self.compare_view, "compare"),
            ("revisions/<int:number>/revert/", self.revert_view, "revert"),
            ("discard-changes/", self.discard_view, "discard"),
            ("translate/", self.translate_view, "translate"),
            ("translation/up-to-date/", self.up_to_date_view, "up_to_date"),
        ]
        own = [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(view),
                name=f"articles_article_{name}",
            )
            for route, view, name in pages
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
        return self._back_to_story(
            request,
            article,
            gettext("Revision %(old)d brought back as revision %(new)d.")
            % {"old": revision.number, "new": new.number},
        )

    @method_decorator(require_POST)
    def discard_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        # Refused if pressed again, or from a page older than the last publish.
        return self._step_then_back(
            request,
            article,
            lambda: services.article_discard_changes(article=article, by=request.user),
            lambda: gettext("Unpublished changes discarded; they stay in the history."),
        )

    def _step_then_back(self, request, article, take, done):
        """Run ``take()`` and go back to the story saying ``done()``, or, if
        the step was refused, why."""
        try:
            take()
        except StepRefused as refused:
            return self._back_to_story(
                request, article, " ".join(refused.messages), messages.ERROR
            )
        return self._back_to_story(request, article, done())

    @method_decorator(require_POST)
    def translate_view(self, request, object_id):
        """Make the story's translation into the edition the button names, and
        open it; or say why not, offering the group's story in that language
        if it has one."""
        source = self._article_or_404(request, object_id)
        try:
            # The service refuses whoever may not translate the story (403).
            translation = services.article_translate(
                source=source, language=request.POST.get("into", ""), by=request.user
            )
        except services.TranslationExists as exists:
            message = format_html(
                '{} <a href="{}">{}</a>',
                " ".join(exists.messages),
                reverse("admin:articles_article_change", args=[exists.existing.pk]),
                gettext("Open it"),
            )
            return self._back_to_story(request, source, message, messages.ERROR)
        except ValidationError as refused:
            return self._back_to_story(
                request, source, " ".join(refused.messages), messages.ERROR
            )
        return self._back_to_story(
            request, translation, translations.made_message(translation, source)
        )

    @method_decorator(require_POST)
    def up_to_date_view(self, request, object_id):
        """Mark the translation up to date with its source's newest revision."""
        article = self._article_or_404(request, object_id)
        return self._step_then_back(
            request,
            article,
            lambda: services.translation_mark_up_to_date(
                article=article, by=request.user
            ),
            lambda: (
                gettext("Marked up to date with revision %(number)d of the source.")
                % {"number": article.translated_from_revision}
            ),
        )

    def _back_to_story(self, request, article, message, level=messages.SUCCESS):
        """Back to the story's form, saying what was done (or why not)."""
        self.message_user(request, message, level)
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )
