"""The public content API, /api/v1/: what readers can see, as JSON.

Read-only. Every response goes through the page cache (``newsroom.pagecache``)
tagged with what it shows (``api.cache_tags``), so a publish, correction or
unpublish purges exactly the responses that include the story, and a cached
response costs no SQL. Every client address is rate limited; every
parameter is validated (``api.params``), and a bad one is a 400 naming it.
"""

from functools import wraps
from typing import Annotated, Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from pydantic import Field

from api import cache_tags, params, schemas, selectors
from images.models import Rendition
from newsroom import pagecache, readers
from newsroom.params import MAX_ID

api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description=(
        "Published stories, sections, authors, tags and languages, read-only. "
        "Lists are newest first with cursor pagination: pass each page's "
        "``next_cursor`` as ``cursor``."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    docs=Swagger(),
)

ERRORS = {
    400: schemas.Error,
    404: schemas.Error,
    429: schemas.Error,
}


@api.exception_handler(ValidationError)
def _bad_parameter(request, error):
    """A 400 that names the first parameter refused, and says why."""
    first = error.errors[0] if error.errors else {}
    location = first.get("loc") or ()
    name = str(location[-1]) if location else None
    message = first.get("msg", "Invalid value.")
    return api.create_response(
        request,
        {"detail": f"{name}: {message}" if name else message, "parameter": name},
        status=400,
    )


@api.exception_handler(Http404)
def _not_found(request, error):
    return api.create_response(
        request, {"detail": "Not found.", "parameter": None}, status=404
    )


def _rate_limited(run):
    """Answer 429 (with Retry-After) past ``NEWSROOM_API_RATE_LIMIT``
    requests a window from one client address, cached responses included."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        limit, window = settings.NEWSROOM_API_RATE_LIMIT
        if readers.over_limit(
            "api", readers.client_ip(request), limit=limit, window=window
        ):
            response = JsonResponse(
                {"detail": "Too many requests; try again later.", "parameter": None},
                status=429,
            )
            # The window opened at this client's first request; it has ended
            # by then at the latest.
            response["Retry-After"] = str(window)
            add_never_cache_headers(response)
            return response
        return run(request, *args, **kwargs)

    return wrapper


def _served(tags, *, varies_on=()):
    """Cached for anonymous readers under ``tags``, and rate limited."""
    return decorate_view(
        pagecache.cached_page(tags=tags, varies_on=varies_on), _rate_limited
    )


def _list_tags(request, **kwargs):
    """A list's tags, one per filter of what it lists (the address is valid:
    the page cache asks only then)."""
    tags = [
        cache_tags.stories_by(name, request.GET[name])
        for name in ("section", "tag", "author", "language")
        if request.GET.get(name)
    ]
    return tags or [cache_tags.STORIES]


# ------------------------------------------------------------------ shapes


def _url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _next_page(request: HttpRequest, **start: str) -> str:
    """This list's address with the same parameters but where the next page
    starts (``cursor=…`` or ``after=…``)."""
    query = {k: v for k, v in request.GET.items() if k not in start}
    return _url(request, f"{request.path}?{urlencode({**query, **start})}")


def _link(request, obj) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "name": obj.name,
        "slug": obj.slug,
        "url": _url(request, obj.get_absolute_url()),
    }


def _picture(request, image, *, caption, credit) -> dict[str, Any] | None:
    if image is None:
        return None
    return {
        "alt": image.reader_alt,
        "caption": caption,
        "credit": credit,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "url": _url(request, rendition.file.url),
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format,
            }
            for format in Rendition.Format.values
            for rendition in image.renditions_of(format)
        ],
    }


def _api_url(request, pk) -> str:
    return _url(request, reverse("api:story_detail", kwargs={"story_id": pk}))


def _summary(request, article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "url": _url(request, article.get_absolute_url()),
        "api_url": _api_url(request, article.pk),
        "language": article.language,
        "kicker": article.kicker,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "section": _link(request, article.section),
        "authors": [_link(request, writer) for writer in article.ordered_authors],
        "tags": [_link(request, label) for label in article.tags.all()],
        "published_at": article.publish_at,
        "first_published_at": article.first_published_at,
        "updated_at": article.updated_at,
        "lead_image": _picture(
            request, article.lead_image, caption=article.caption, credit=article.credit
        ),
    }


# --------------------------------------------------------------- endpoints

StoryId = Annotated[int, Field(ge=1, le=MAX_ID)]


@api.get(
    "/stories/",
    response={200: schemas.StoryList, **ERRORS},
    summary="Published stories, newest first",
    tags=["stories"],
)
@_served(_list_tags, varies_on=params.NAMES)
def story_list(request, filters: Query[schemas.StoryFilters]):
    """Newest first; every filter given must hold. An empty value counts as
    not given."""
    found = selectors.story_list(
        limit=filters.limit or settings.NEWSROOM_API_PAGE_SIZE,
        section=filters.section,
        tag=filters.tag,
        author=filters.author,
        language=filters.language,
        published_after=filters.published_after,
        updated_after=filters.updated_after,
        # Validated into the (publish time, id) it names (api.params).
        after=filters.cursor,
    )
    next_cursor = None
    next_url = None
    if found.next_after:
        next_cursor = params.cursor_encode(*found.next_after)
        next_url = _next_page(request, cursor=next_cursor)
    return {
        "items": [_summary(request, article) for article in found.stories],
        "next_cursor": next_cursor,
        "next": next_url,
    }


@api.get(
    "/stories/{story_id}/",
    response={200: schemas.Story, **ERRORS},
    summary="One published story",
    tags=["stories"],
)
@_served(lambda request, story_id: [cache_tags.story(story_id)])
def story_detail(request, story_id: Path[StoryId]):
    """Everything the story's page shows. Drafts, scheduled and unpublished
    stories are 404."""
    found = selectors.story_detail(pk=story_id)
    article = found.article
    return {
        **_summary(request, article),
        "body": article.body,
        "corrections": [
            {
                "kind": correction.kind,
                "text": correction.text,
                "published_at": correction.published_at,
            }
            for correction in article.corrections.all()
        ],
        "comment_count": found.comment_count,
        "translations": [
            {
                "id": other.pk,
                "language": other.language,
                "headline": other.headline,
                "url": _url(request, other.get_absolute_url()),
                "api_url": _api_url(request, other.pk),
            }
            for other in found.translations
        ],
    }


@api.get(
    "/sections/",
    response={200: schemas.SectionList, 429: schemas.Error},
    summary="Sections, in the site's navigation order",
    tags=["filing"],
)
@_served(lambda request: [])
def section_list(request):
    return {
        "items": [
            {**_link(request, section), "description": section.description}
            for section in selectors.sections()
        ]
    }


def _filing_page(request, found, limit):
    """A page of ``found`` (one more than ``limit`` if there is a next page):
    its items and the next page's address."""
    next_url = None
    if len(found) > limit:
        next_url = _next_page(request, after=found[limit - 1].slug)
    return found[:limit], next_url


@api.get(
    "/authors/",
    response={200: schemas.AuthorList, 400: schemas.Error, 429: schemas.Error},
    summary="Authors, in slug order",
    tags=["filing"],
)
@_served(lambda request: [cache_tags.AUTHORS], varies_on=("after", "limit"))
def author_list(request, page: Query[schemas.FilingPage]):
    limit = page.limit or settings.NEWSROOM_API_PAGE_SIZE
    found, next_url = _filing_page(
        request, selectors.authors(after=page.after, limit=limit), limit
    )
    return {
        "items": [
            {
                **_link(request, author),
                "bio": author.bio,
                "photo": _picture(
                    request,
                    author.photo,
                    caption=author.photo.caption if author.photo else "",
                    credit=author.photo.credit if author.photo else "",
                ),
            }
            for author in found
        ],
        "next": next_url,
    }


@api.get(
    "/tags/",
    response={200: schemas.TagList, 400: schemas.Error, 429: schemas.Error},
    summary="Tags, in slug order",
    tags=["filing"],
)
@_served(lambda request: [], varies_on=("after", "limit"))
def tag_list(request, page: Query[schemas.FilingPage]):
    limit = page.limit or settings.NEWSROOM_API_PAGE_SIZE
    found, next_url = _filing_page(
        request, selectors.tags(after=page.after, limit=limit), limit
    )
    return {"items": [_link(request, tag) for tag in found], "next": next_url}


@api.get(
    "/languages/",
    response={200: schemas.LanguageList, 429: schemas.Error},
    summary="The site's editions",
    tags=["filing"],
)
@_served(lambda request: [])
def language_list(request):
    return {
        "items": [
            {
                "code": code,
                "name": get_language_info(code)["name"],
                "name_local": get_language_info(code)["name_local"],
                "default": code == settings.LANGUAGE_CODE,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
