"""What the API answers, field by field: only what readers see on the site.

Built by hand from the models (``api.views``), never by listing a model's
fields, so a field added to a model (an email, an IP hash, a working copy)
never reaches the API unless it is written here.
"""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from api import params


class Error(Schema):
    detail: str = Field(description="What was wrong, in words.")
    parameter: str | None = Field(
        None, description="The query or path parameter that was refused, if any."
    )


class Link(Schema):
    id: int
    name: str
    slug: str
    url: str = Field(description="The page on the site.")


class Rendition(Schema):
    url: str
    width: int
    height: int
    format: str = Field(description='"webp" or "jpeg".')


class Picture(Schema):
    alt: str = Field(description="Empty if the picture is decorative.")
    caption: str
    credit: str
    width: int
    height: int
    renditions: list[Rendition] = Field(description="Narrowest first, per format.")


class Author(Link):
    bio: str
    photo: Picture | None


class Section(Link):
    description: str


class Language(Schema):
    code: str
    name: str = Field(description="The language's name in English.")
    name_local: str = Field(description="The language's name in itself.")
    default: bool


class Correction(Schema):
    kind: str = Field(description='"correction" or "update".')
    text: str
    published_at: datetime


class Translation(Schema):
    id: int
    language: str
    headline: str
    url: str
    api_url: str


class StorySummary(Schema):
    id: int
    url: str = Field(description="The story's canonical address on the site.")
    api_url: str
    language: str
    kicker: str
    headline: str
    standfirst: str
    dateline: str
    section: Link
    authors: list[Link]
    tags: list[Link]
    published_at: datetime
    first_published_at: datetime | None
    updated_at: datetime
    lead_image: Picture | None


class Story(StorySummary):
    body: str = Field(description="The story's text as sanitised HTML.")
    corrections: list[Correction]
    comment_count: int = Field(description="Approved comments under the story.")
    translations: list[Translation] = Field(
        description="The same story, live in the site's other languages."
    )


class StoryList(Schema):
    items: list[StorySummary]
    next_cursor: str | None = Field(
        description="Pass as ``cursor`` for the next page; null on the last."
    )
    next: str | None = Field(description="The next page's address; null on the last.")


class SectionList(Schema):
    items: list[Section]


class AuthorList(Schema):
    items: list[Author]
    next: str | None = Field(description="The next page's address; null on the last.")


class TagList(Schema):
    items: list[Link]
    next: str | None = Field(description="The next page's address; null on the last.")


class LanguageList(Schema):
    items: list[Language]


class StoryFilters(Schema):
    """The story list's query parameters (``api.params`` defines each)."""

    section: params.optional(params.Slug) = Field(None, description="A section's slug.")
    tag: params.optional(params.Slug) = Field(None, description="A tag's slug.")
    author: params.optional(params.Slug) = Field(None, description="An author's slug.")
    language: params.optional(params.Language) = Field(
        None, description="One of the site's languages (``/api/v1/languages/``)."
    )
    published_after: params.optional(params.Time) = Field(
        None,
        description="Published after this time (ISO 8601; UTC if no offset).",
    )
    updated_after: params.optional(params.Time) = Field(
        None,
        description="Stories changed after this time, for incremental sync.",
    )
    cursor: params.optional(params.Cursor) = Field(
        None, description="A page's ``next_cursor``: the page after it."
    )
    limit: params.optional(params.Limit) = Field(
        None, description="Stories a page: 1 to 100; 20 if not given."
    )


class FilingPage(Schema):
    """The author and tag lists' query parameters: pages in slug order."""

    after: params.optional(params.Slug) = Field(
        None, description="The last slug of the page before: the page after it."
    )
    limit: params.optional(params.Limit) = Field(
        None, description="Items a page: 1 to 100; 20 if not given."
    )
