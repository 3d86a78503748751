"""The site's name and tagline in the active language.

They come from the one ``SiteSettings`` row (translated, edited in the admin),
kept in the shared cache until a change to it purges the "site" tag: reader
pages read them with no query. Without a row, the settings
``NEWSROOM_SITE_NAME`` and ``NEWSROOM_TAGLINE`` (the built-in tagline in the
reader's language).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from articles.models import SiteSettings
from newsroom import pagecache
from newsroom.middleware import DATABASE_UNAVAILABLE

# The built-in tagline, so that the catalogues carry it.
DEFAULT_TAGLINE = gettext_noop("Independent reporting from Central Asia")


@dataclass(frozen=True)
class SiteTexts:
    name: str
    tagline: str


def _settings_row() -> SiteSettings | None:
    return SiteSettings.objects.first()


def site_settings() -> SiteSettings | None:
    """The site settings row, or None; from the cache (no query) once read.

    While the database is out and the cache has no copy, None: the pages that
    still draw (the 503 page) show the settings' name.
    """
    try:
        row: SiteSettings | None = pagecache.remembered(
            "site-settings", tags={pagecache.SITE}, compute=_settings_row
        )
    except DATABASE_UNAVAILABLE:
        return None
    return row


def site_texts() -> SiteTexts:
    """The name and tagline in the active language (falling back as the
    translated fields do), or the settings' when no row exists."""
    row = site_settings()
    if row is not None:
        return SiteTexts(name=row.site_name, tagline=row.tagline)
    # gettext() returns a tagline set in the environment unchanged, and the
    # built-in one in the reader's language.
    return SiteTexts(
        name=settings.NEWSROOM_SITE_NAME, tagline=gettext(settings.NEWSROOM_TAGLINE)
    )
