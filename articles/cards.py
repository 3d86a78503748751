"""Story cards and the navigation, rendered once per version of what they show.

Russian-doll caching: a card's key names the story's version (its id and
``updated_at``: an edit saves the story, so it changes the key), its picture
as loaded, the variant (heading level, lead, compact, section label), the
active language (each edition renders its own words and dates) and the
version of the page cache's ``site`` tag, which a change to a section,
author or tag name bumps. A key's content therefore never changes: nothing
is ever purged, old keys just expire, and each process keeps the hottest
cards in memory too, with no round trip at all.
"""

import hashlib
import logging

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from newsroom import pagecache

logger = logging.getLogger(__name__)

CARD_PREFIX = "card"
NAV_PREFIX = "nav"
RELATED_PREFIX = "related"
# Unused for a day, a fragment leaves the shared cache.
FRAGMENT_SECONDS = 24 * 60 * 60
LOCAL_FRAGMENTS = 4000

_local: dict[str, object] = {}


def site_version() -> int:
    """The ``site`` tag's version: renamed sections, authors or tags change it."""
    return int(pagecache.tag_version(pagecache.SITE))


def _picture_version(article) -> str:
    image = article.lead_image if article.lead_image_id else None
    if image is None:
        return "-"
    fields = (image.pk, image.file.name, image.alt_text, image.is_decorative)
    fields += (image.focal_x, image.focal_y, image.caption, image.credit)
    return hashlib.sha1(repr(fields).encode(), usedforsecurity=False).hexdigest()[:12]


def card_key(article, variant) -> str:
    """The key of ``article``'s card as shown in ``variant``."""
    return ":".join(
        [
            CARD_PREFIX,
            translation.get_language() or "-",
            str(site_version()),
            str(article.pk),
            f"{article.updated_at.timestamp():.6f}",
            _picture_version(article),
            "-".join(str(part) for part in variant),
        ]
    )


def _get(key, *, local=True):
    """The fragment under ``key``, or None. ``local``: also kept in this
    process, for a fragment whose key alone says when it is out of date."""
    html = _local.get(key) if local else None
    if html is not None:
        return html
    try:
        html = cache.get(key)
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Fragment cache unavailable; rendering %s.", key)
        return None
    if html is not None and local:
        _keep(key, html)
    return html


def _keep(key, value):
    if len(_local) >= LOCAL_FRAGMENTS:
        _local.clear()
    _local[key] = value


def _put(key, value, *, local=True, timeout=FRAGMENT_SECONDS):
    if local:
        _keep(key, value)
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("Fragment cache unavailable; %s not stored.", key)


class Batch:
    """Stories shown as cards together, whose bylines and renditions are
    loaded (for all of them at once) only when a first card is not cached."""

    def __init__(self, articles, load):
        self.articles = articles
        self.load = load
        self.loaded = False
        for article in articles:
            article._card_batch = self

    def ensure_loaded(self):
        if not self.loaded:
            self.loaded = True
            self.load(self.articles)


def story_card(article, *, heading="h3", lead=False, compact=False, show_section=False):
    """The card's HTML, from the fragment cache or rendered and stored."""
    variant = (heading, int(bool(lead)), int(bool(compact)), int(bool(show_section)))
    key = card_key(article, variant)
    html = _get(key)
    if html is None:
        batch = getattr(article, "_card_batch", None)
        if batch is not None:
            batch.ensure_loaded()
        html = get_template("includes/_story_card.html").render(
            {
                "article": article,
                "heading": heading,
                "lead": lead,
                "compact": compact,
                "show_section": show_section,
            }
        )
        _put(key, html)
    return html


def navigation(load):
    """The navigation's sections (``load()`` on a miss), kept per site version
    and language: renaming or adding a section purges "site"."""
    key = f"{NAV_PREFIX}:{translation.get_language() or '-'}:{site_version()}"
    sections = _get(key)
    if sections is None:
        sections = load()
        _put(key, sections)
    return sections


def related_stories(article, *, drawn_from, load):
    """A story page's "Related stories" block, rendered once per version of
    the lists its stories are drawn from.

    ``drawn_from`` names those lists' page-cache tags (the story's tags' and
    its section's pages in its edition): a story published, edited or taken
    down under any of them purges them, so their versions are in the key and
    the block follows them with no purge of its own. A correction to the
    story, the commonest change to a live one, leaves the block as it is.
    Kept no longer than a cached page (``page_lifetime``), so a story
    scheduled to go live joins the block when it does. ``load()`` gives the
    stories on a miss, or always if the cache cannot be reached.
    """
    template = get_template("articles/_related.html")
    tags = sorted(drawn_from)
    versions = pagecache.tag_versions(tags)
    if versions is None:
        return template.render({"related": load()})  # safe: a template's output
    lists = ",".join(f"{tag}={versions[tag]}" for tag in tags)
    key = ":".join(
        [
            RELATED_PREFIX,
            translation.get_language() or "-",
            str(site_version()),
            str(article.pk),
            hashlib.sha1(lists.encode(), usedforsecurity=False).hexdigest(),
        ]
    )
    # Shared cache only: a process's own copy would outlive page_lifetime().
    html = _get(key, local=False)
    if html is None:
        html = template.render({"related": load()})
        _put(key, html, local=False, timeout=pagecache.page_lifetime())
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308
