"""The API's query parameters: what each accepts, defined once.

The endpoints declare them (so the OpenAPI schema states them, and a bad
value is a 400 naming the parameter), and the page cache reads them to make
one copy per canonical value and none for a bad one: ``?section=Politics``
and ``?section=politics`` differ, but ``?limit=020`` shares ``?limit=20``'s
copy, and ``?cursor=junk`` is answered (a 400) and never stored.
"""

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.http import Http404
from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from newsroom import pagecache, params

_SLUG = r"^[-a-zA-Z0-9_]+$"
_CURSOR = r"^[-A-Za-z0-9_]+={0,2}$"
# Microseconds since 1970 (before it too), a dot, the story's id.
_CURSOR_TEXT = re.compile(r"-?[0-9]{1,18}\.[0-9]{1,19}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    """A time with no offset is taken as UTC; one UTC cannot hold is refused
    (year 9999 at UTC-05:00 would overflow where the database compares it)."""
    try:
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    except OverflowError as error:
        raise ValueError("A time out of range.") from error


def _language(value: str) -> str:
    if value not in dict(settings.LANGUAGES):
        raise ValueError("The site has no edition in this language.")
    return value


def cursor_encode(publish_at: datetime, pk: int) -> str:
    """Where the next page starts: after the story published at
    ``publish_at`` with id ``pk``. Opaque to clients; exact to the
    microsecond, so stories published in the same second are told apart."""
    micros = (publish_at - _EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{micros}.{pk}".encode()).decode().rstrip("=")


def _cursor(value: str) -> tuple[datetime, int]:
    """The (publish time, id) a cursor from ``cursor_encode`` names."""
    try:
        padded = value + "=" * (-len(value) % 4)
        text = base64.urlsafe_b64decode(padded).decode("ascii")
        if not _CURSOR_TEXT.fullmatch(text):
            raise ValueError(text)
        micros, pk = text.split(".")
        when = _EPOCH + timedelta(microseconds=int(micros))
        return when, params.object_id(pk)
    except (ValueError, OverflowError, Http404) as error:
        raise ValueError("Not a cursor this API gave out.") from error


def _blank_is_missing(value):
    return None if value == "" else value


def optional(annotation):
    """``annotation``, or None; an empty value (``?cursor=``) counts as none."""
    return Annotated[annotation | None, BeforeValidator(_blank_is_missing)]


Slug = Annotated[str, Field(pattern=_SLUG, max_length=200)]
Language = Annotated[
    str, Field(pattern=r"^[a-z]{2,3}(-[a-z0-9]{1,8})?$"), AfterValidator(_language)
]
Time = Annotated[datetime, AfterValidator(_aware)]
Cursor = Annotated[str, Field(pattern=_CURSOR, max_length=64), AfterValidator(_cursor)]


Limit = Annotated[int, Field(ge=1, le=settings.NEWSROOM_API_MAX_PAGE_SIZE)]

# What each parameter's value reads as, for the page cache's key.
_CANONICAL = {
    "section": (Slug, str),
    "tag": (Slug, str),
    "author": (Slug, str),
    "language": (Language, str),
    "published_after": (Time, datetime.isoformat),
    "updated_after": (Time, datetime.isoformat),
    "cursor": (Cursor, lambda parsed: cursor_encode(*parsed)),
    "limit": (Limit, str),
    "after": (Slug, str),
}
NAMES = tuple(_CANONICAL)


def _canonical(annotation, form):
    adapter = TypeAdapter(annotation)

    def canonical(value):
        if value == "":
            return ""  # the same copy as without it
        try:
            return form(adapter.validate_python(value))
        except PydanticValidationError:
            return None

    return canonical


# Known to the page cache, so an API response may vary on them.
for _name, (_annotation, _form) in _CANONICAL.items():
    pagecache.PARAMETERS.setdefault(_name, _canonical(_annotation, _form))
