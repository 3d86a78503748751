"""Editions: one per language in ``settings.LANGUAGES``, and how a page in one
edition names the same page in the others.

The default edition (the first language) has the addresses without a prefix;
every other edition's pages live under ``/<code>/`` (``newsroom.urls``), and
``newsroom.middleware.EditionMiddleware`` reads the language from the address.
A story is in one edition; its translations are the other stories of its
translation group, each in its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from articles.models import Article

# The reader pages that exist in every edition: the same page in another
# edition is the same address under that edition's prefix.
SHARED_PAGES = {
    "articles:home",
    "articles:section",
    "articles:author",
    "articles:tag",
    "articles:search",
    "comments:policy",
}


@dataclass(frozen=True)
class EditionLink:
    """A link from this page to its counterpart in one edition."""

    language: str
    name: str  # the language's own name ("русский"), as Django knows it
    url: str
    current: bool


def language_name(code: str) -> str:
    return translation.get_language_info(code)["name_local"]


def home_url(language: str) -> str:
    with translation.override(language):
        return reverse("articles:home")


def same_page(path: str, language: str) -> str | None:
    """This page's address in the ``language`` edition, if the page is one
    every edition has (home, a section, an author…); None otherwise."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name not in SHARED_PAGES:
        return None
    with translation.override(language):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


def x_default(stories: Sequence[Article]) -> Article:
    """Of one story's live language versions: the default edition's if live,
    else the one the others were translated from, else the first."""
    for story in stories:
        if story.language == settings.LANGUAGE_CODE:
            return story
    for story in stories:
        if story.translated_from_id is None:
            return story
    return stories[0]


def story_alternates(stories: Sequence[Article]) -> list[tuple[str, str]]:
    """(hreflang, address) of each live language version of a story, then
    ``x-default``; none for a story in one language only. Each version lists
    all of them, itself included, so they name each other both ways."""
    if len(stories) < 2:
        return []
    alternates = [(story.language, story.get_absolute_url()) for story in stories]
    return [*alternates, ("x-default", x_default(stories).get_absolute_url())]


def page_alternates(path: str) -> list[tuple[str, str]]:
    """(hreflang, address) of a page every edition has, in each edition,
    then ``x-default`` (the default edition's); none for any other page."""
    found = []
    for code, _name in settings.LANGUAGES:
        url = same_page(path, code)
        if url is None:
            return []
        found.append((code, url))
    if len(found) < 2:
        return []
    return [*found, ("x-default", found[0][1])]


def switcher(
    path: str, *, current: str, translations: Sequence[Article] | None = None
) -> list[EditionLink]:
    """A link to this page in each edition: on a story (``translations``: its
    live language versions), its translation, else that edition's home; on a
    page every edition has, the same page; else each edition's home."""
    by_language = {story.language: story for story in translations or ()}
    links = []
    for code, _name in settings.LANGUAGES:
        if translations is not None:
            story = by_language.get(code)
            url = story.get_absolute_url() if story else home_url(code)
        else:
            url = same_page(path, code) or home_url(code)
        links.append(EditionLink(code, language_name(code), url, code == current))
    return links
