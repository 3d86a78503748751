from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from articles import (
    cache_tags,
    cards,
    editions,
    metadata,
    page_extras,
    previews,
    selectors,
)
from articles.search import SearchForm, SearchTimeout, search_stories
from newsroom.pagecache import cached_page


@cached_page(tags=lambda request: [cache_tags.home(request.LANGUAGE_CODE)])
def home(request):
    sections = selectors.navigation_sections()
    return render(
        request,
        "articles/home.html",
        {
            "home": selectors.home_page_stories(
                section_ids=[section.pk for section in sections],
                language=request.LANGUAGE_CODE,
            ),
            **page_extras.home_page(request),
            # Read once here, and used by the navigation too.
            "nav_sections": sections,
        },
    )


@cached_page(
    tags=lambda request, slug: [cache_tags.section(slug, request.LANGUAGE_CODE)],
    varies_on=("page",),
)
def section_detail(request, slug):
    section, page = selectors.section_front(
        slug=slug, page_number=request.GET.get("page"), language=request.LANGUAGE_CODE
    )
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": page, "current_section_slug": section.slug},
    )


@cached_page(
    tags=lambda request, slug: [cache_tags.author(slug, request.LANGUAGE_CODE)],
    varies_on=("page",),
)
def author_detail(request, slug):
    author, page = selectors.author_page(
        slug=slug, page_number=request.GET.get("page"), language=request.LANGUAGE_CODE
    )
    return render(
        request, "articles/author_detail.html", {"author": author, "page_obj": page}
    )


@cached_page(
    tags=lambda request, slug: [cache_tags.tag(slug, request.LANGUAGE_CODE)],
    varies_on=("page",),
)
def tag_detail(request, slug):
    tag, page = selectors.tag_page(
        slug=slug, page_number=request.GET.get("page"), language=request.LANGUAGE_CODE
    )
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


def _permanent_redirect(request, url):
    """301 to ``url``, keeping any query string (campaign tags and the like)."""
    query = request.META.get("QUERY_STRING")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


@cached_page(
    tags=lambda request, slug, **kwargs: [cache_tags.story(slug)],
    varies_on=("comment",),
)
def article_detail(request, section, year, month, day, slug):
    try:
        article = selectors.article_for_reader(slug=slug)
    except Http404:
        # A story whose slug changed keeps its old address, as a redirect.
        moved = selectors.story_formerly_at(slug=slug)
        if moved is None:
            raise
        return _permanent_redirect(request, moved.get_absolute_url())
    canonical = article.get_absolute_url()
    if request.path != canonical:
        # The section or date in the address is out of date: send readers on.
        return _permanent_redirect(request, canonical)
    return _story_page(request, article)


def _story_page(request, article, *, preview=False, preview_is_live_version=False):
    """The article page; a preview is the same page, marked, with no comments,
    poll or read count of its own, and no script: it asks the site for
    nothing, so it sets no cookie.

    It names its live translations (hreflang, JSON-LD, the language
    switcher); ``article.live_translations`` has them for a reader's page.
    """
    article_url = request.build_absolute_uri(article.get_absolute_url())
    translations = getattr(article, "live_translations", None)
    if translations is None:
        translations = selectors.live_translations(article=article)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "preview": preview,
            "preview_is_live_version": preview_is_live_version,
            "current_section_slug": article.section.slug,
            **page_extras.story_page(request, article, preview=preview),
            "related_stories": _related_stories(article, preview=preview),
            "article_url": article_url,
            "share_image": metadata.share_image(request, article),
            "structured_data": metadata.news_article(
                article,
                request=request,
                canonical_url=article_url,
                translations=translations,
            ),
            "alternates": editions.story_alternates(translations),
            "edition_links": editions.switcher(
                request.path,
                current=article.language,
                translations=translations,
            ),
        },
    )


def _related_stories(article, *, preview):
    def load():
        return selectors.related_stories(article=article)

    if preview:  # shown to the desk only: never kept
        return render_to_string("articles/_related.html", {"related": load()})
    return cards.related_stories(
        article, drawn_from=cache_tags.related_lists(article), load=load
    )


@never_cache
def article_preview(request, token):
    """A story before readers see it, through a signed link that expires.

    No login needed: the link is the key. Never cached, never indexed.
    """
    try:
        pk, revision_number = previews.preview_read(token)
    except previews.PreviewExpired:
        response = render(
            request,
            "articles/preview_expired.html",
            {"title": _("This preview link has expired")},
            status=410,
        )
    except signing.BadSignature:
        raise Http404 from None
    else:
        preview = selectors.article_for_preview(pk=pk, revision_number=revision_number)
        # In the story's own edition's language, whoever's link it was.
        with translation.override(preview.article.language):
            response = _story_page(
                request,
                preview.article,
                preview=True,
                preview_is_live_version=preview.is_live_version,
            )
            response["Content-Language"] = preview.article.language
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def search(request):
    form = SearchForm(request.GET or None)
    others = request.GET.copy()
    others.pop("page", None)
    context = {
        "form": form,
        "results": None,
        "timed_out": False,
        # Page links keep the query and the filters.
        "page_query": f"{others.urlencode()}&" if others else "",
    }
    if form.is_valid() and form.cleaned_data["q"]:
        try:
            context["results"] = search_stories(
                query=form.cleaned_data["q"],
                language=request.LANGUAGE_CODE,
                section=form.cleaned_data["section"],
                since=form.cleaned_data["since"],
                until=form.cleaned_data["until"],
                page_number=request.GET.get("page"),
            )
        except SearchTimeout:
            context["timed_out"] = True
    return render(request, "articles/search.html", context)
