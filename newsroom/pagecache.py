"""Reader pages served from the shared cache, and purged by what they show.

Every cached page carries tags naming what it shows ("home",
"article:<slug>", "section:<slug>"…), known from its address alone. A tag
has a version number in the cache; purging a tag bumps its version, and a
page stored under an older version is not served again. So publishing a
story purges exactly the pages that show it, in every app process at once
(they share Redis), without flushing anything else.

This module knows no app. Each model declares, next to itself, which tags a
change to it purges (``@purges(Model)``); services call ``purge_for(obj)``.
Each app that schedules changes says when the site next changes by itself
(``@changes_by_itself``), so pages expire by then.

Anonymous readers share one copy of each page. A request with a session
cookie (staff, previews) bypasses the cache and is marked private: what an
editor sees is never stored, here or in a CDN. The decision reads the cookie's
presence, not the session, so anonymous responses never vary on Cookie.

A purge makes a page stale, not missing (what Varnish calls grace and Fastly
a soft purge): the old copy stays in the cache. The first request that finds
it stale takes a short render lock in the shared cache (``cache.add``) and
renders; every other request, in this process or another, is served the
stale copy, with its true ``Age``, until the fresh one is stored. So a purge
costs one render per page, however many workers and instances ask for it.
The lock expires by itself after ``NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS``
(its holder may have died), and no copy is served stale for longer than
``NEWSROOM_PAGE_CACHE_GRACE_SECONDS`` after a request first found it stale:
past that, each request renders the page itself. With the defaults (2 s and
3 s, plus at most ``NEWSROOM_PAGE_CACHE_LOCAL_SECONDS`` before another
process looks at the shared cache again) a published correction reaches
readers within 5 seconds. A render that yields no page to store (the story
was unpublished: a 404) drops the stale copy at once. ``render_stats()``
counts the pages found stale and the renders they cost.

If the cache is down, pages are rendered as if nothing were cached. If the
database is down, a page that was cached in the last
``NEWSROOM_PAGE_CACHE_STALE_SECONDS`` is served stale rather than not at all.

Only what changes a page makes a new copy of it: a page number in canonical
form, a comment outcome the page shows. Any other value of those parameters
(``?page=junk``, ``?comment=<random>``) cannot fill the cache: the first
shares the page's copy, the second is rendered (a 404) and never stored.
"""

import hashlib
import json
import logging
import threading
import time
import urllib.request
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import urlencode

from newsroom import params
from newsroom.middleware import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

KEY_PREFIX = "page"
TAG_PREFIX = "pagetag"
LOCK_PREFIX = "pagelock"
STALE_PREFIX = "pagestale"
# Counters the benchmark reads (render_stats()).
STATS = {"stale": "pagestats:stale", "rerenders": "pagestats:rerenders"}
# Carried by every page: the brand and the navigation.
SITE = "site"
LOCAL_PAGES = 500


def _canonical_page(value):
    try:
        return str(params.page_number(value))
    except Http404:
        return None


# The query parameters a reader page's content may depend on, each with what
# makes its value canonical (None: a value no page has). A page names those
# it reads (cached_page's ``varies_on``); any other (utm_*, fbclid…, a page
# number on the home page) shares the page's copy instead of making new ones.
PARAMETERS = {
    "page": _canonical_page,
    "p": _canonical_page,
    # The story page thanks the reader after a comment; other values show
    # the plain page, so they share its copy.
    "comment": lambda value: value if value in ("published", "received") else "",
}

_local = {}  # this process's copies: key -> (expires at on time.monotonic(), entry)
_versions = {}  # tag -> (expires at on time.monotonic(), version): tag_version()
_pending = threading.local()  # tags waiting for this thread's commit: purge()
# page_lifetime() while a cached page renders: asked once per request.
_request_lifetime: ContextVar[list[int] | None] = ContextVar("lifetime", default=None)
# Registered by the apps when they load (see the functions below).
_tag_rules = {}  # model -> [rule(obj) -> tags]
_next_change_rules = []  # [rule() -> seconds until the site changes, or None]


def purges(model):
    """Declare which page tags a change to a ``model`` instance purges:
    ``@purges(Article)`` over ``def rule(article) -> iterable of tags``.
    Several rules may name tags for one model (an app above it adds its own)."""

    def register(rule):
        _tag_rules.setdefault(model, []).append(rule)
        return rule

    return register


def tags_of(obj):
    """The tags of every cached page that shows ``obj``, as its model declared."""
    tags = set()
    for cls in type(obj).__mro__:
        for rule in _tag_rules.get(cls, ()):
            tags.update(rule(obj))
    return tags


def purge_for(*objects, also=()):
    """Purge every cached page that shows any of ``objects`` (and the tags
    ``also``), when the transaction commits."""
    tags = set(also)
    for obj in objects:
        tags |= tags_of(obj)
    if tags:
        purge(*tags)


def changes_by_itself(rule):
    """Register ``rule() -> seconds or None``: how soon the site next changes
    with no one acting (a scheduled story goes live). Cached pages expire by
    then."""
    _next_change_rules.append(rule)
    return rule


def is_private(request):
    """Staff and previews: anyone carrying a session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _key(request, varies_on):
    """The page's cache key, or None if a parameter's value names no page."""
    kept = []
    for name in varies_on:
        if name in request.GET:
            value = PARAMETERS[name](request.GET[name])
            if value is None:
                return None
            if value:
                kept.append((name, value))
    address = f"{request.get_host()}{request.path}?{urlencode(kept)}"
    # Hashed: an address can be longer, and hold more, than a cache key may.
    digest = hashlib.sha256(address.encode(errors="surrogatepass")).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _tag_keys(tags):
    return {f"{TAG_PREFIX}:{tag}": tag for tag in tags}


def tag_version(tag):
    """The current version of ``tag`` (0 if never purged, or the cache is out):
    what fragment caches put in their keys to follow the tag's purges.

    Kept in the process for ``NEWSROOM_PAGE_CACHE_LOCAL_SECONDS``, like hot
    pages: this process's own purges reach it at once."""
    seen = _versions.get(tag)
    if seen is not None and seen[0] > time.monotonic():
        return seen[1]
    try:
        version = cache.get(f"{TAG_PREFIX}:{tag}", 0)
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Page cache unavailable; no version for %s.", tag)
        return 0
    seconds = settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS
    if seconds > 0:
        _versions[tag] = (time.monotonic() + seconds, version)
    return version


def tag_versions(tags):
    """The current version of each of ``tags`` (one round trip), or None if
    the cache cannot be reached."""
    tag_keys = _tag_keys(tags)
    try:
        found = cache.get_many(list(tag_keys))
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Page cache unavailable; no versions for %d tags.", len(tags))
        return None
    return {tag: found.get(key, 0) for key, tag in tag_keys.items()}


def purge(*tags):
    """Stop serving every cached page that shows any of ``tags``.

    Runs when the current transaction commits: purging earlier would let a
    request cache the old page again before the change is visible. The tags
    a transaction purges are gathered and purged once, at its first commit
    callback: a save and the publish it leads to share one purge (and one
    request to the CDN). Tags of a transaction rolled back are purged with
    the next one's: a purge too many costs one render, one too few a stale
    page.
    """
    _pending.__dict__.setdefault("tags", set()).update(tags)
    transaction.on_commit(_purge_pending)


def _purge_pending():
    tags = getattr(_pending, "tags", None)
    if tags:
        _pending.tags = set()
        _purge_now(tags)


def _purge_now(tags):
    _local.clear()
    _versions.clear()
    for key in _tag_keys(tags):
        try:
            # add() then incr(): atomic in Redis, and a missing tag starts at 1.
            cache.add(key, 0, timeout=None)
            cache.incr(key)
        except Exception:  # the cache's own errors differ by backend
            logger.warning("Could not purge %s: the cache is unavailable.", key)
    if settings.NEWSROOM_CDN_PURGE_URL:
        _purge_cdn(sorted(tags))


def _purge_cdn(tags):
    """POST the tags to the CDN's purge endpoint (see README, "Production")."""
    request = urllib.request.Request(  # noqa: S310 - a URL from the settings
        settings.NEWSROOM_CDN_PURGE_URL,
        data=json.dumps({"tags": tags}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.NEWSROOM_CDN_PURGE_TOKEN}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=3):  # noqa: S310
            pass
    except OSError:
        logger.warning("CDN purge of %s failed.", ", ".join(tags))


def public_headers(response):
    """Let browsers and shared caches keep the page, and serve it stale in trouble."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_BROWSER_CACHE_SECONDS,
        s_maxage=settings.NEWSROOM_PAGE_CACHE_SECONDS,
        stale_while_revalidate=settings.NEWSROOM_PAGE_CACHE_SECONDS,
        stale_if_error=24 * 60 * 60,
    )


def cached_page(view=None, *, tags, varies_on=()):
    """Serve ``view`` from the page cache for anonymous GETs.

    ``tags(request, **kwargs)`` names what the page shows, from its address
    alone, so a hit costs one round trip to the cache: the page and the
    versions of its tags in one ``get_many``. Every page also carries "site"
    (navigation, brand). ``varies_on`` names the query parameters (of
    ``PARAMETERS``) the page reads. Errors and responses that set cookies are
    not stored.
    """
    unknown = set(varies_on) - set(PARAMETERS)
    if unknown:
        raise ValueError(f"No canonical form for the parameters {unknown}.")
    if view is None:
        return lambda view: cached_page(view, tags=tags, varies_on=varies_on)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_private(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)  # private, no-store
            return response
        key = _key(request, varies_on)
        if key is None:
            # Rendered (a 404 at most) and never stored: no copy per value.
            return view(request, *args, **kwargs)
        page_tags = {SITE, *tags(request, *args, **kwargs)}
        entry, versions = _lookup(key, page_tags)
        if _is_fresh(entry, versions):
            return _from_entry(entry)
        stale = entry is not None and versions is not None
        if stale and not _may_render(key, entry):
            return _from_entry(entry, outcome="stale", grace=True)
        memo = _request_lifetime.set([])
        try:
            return _render(view, request, args, kwargs, key, entry, versions, page_tags)
        finally:
            _request_lifetime.reset(memo)

    return wrapper


def _render(view, request, args, kwargs, key, entry, versions, page_tags):
    """Render the page, store it if it may be, and drop a stale copy nothing
    replaces."""
    stale = entry is not None and versions is not None
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
    except DATABASE_UNAVAILABLE:
        if entry is None:
            raise
        # Out of date beats a 503 while the database is out.
        logger.warning("Database unavailable; serving %s stale.", key)
        return _from_entry(entry, outcome="stale")
    except Http404:
        if stale:
            _forget(key)  # gone (unpublished): no one gets the old copy
        raise
    stored = False
    if response.status_code in (200, 404) and not response.cookies:
        public_headers(response)
        if settings.NEWSROOM_CDN_TAG_HEADER:
            response[settings.NEWSROOM_CDN_TAG_HEADER] = " ".join(sorted(page_tags))
        if response.status_code == 200 and not response.streaming:
            set_response_etag(response)
            if versions is not None:
                stored = _store(key, response, versions)
    if stale and not stored:
        # Nothing replaces the stale copy (the page is gone, or failed):
        # no one else may be served it.
        _forget(key)
    response["X-Page-Cache"] = "miss"
    return response


VALUE_PREFIX = "pagevalue"


def remembered(name, *, tags, compute):
    """``compute()``'s value, kept in the shared cache until one of ``tags``
    is purged: what many pages read and few changes touch (the site's
    settings). A hit is one round trip to the cache and no query; with the
    cache out of reach, ``compute()`` runs every time.
    """
    key = f"{VALUE_PREFIX}:{name}"
    tag_keys = _tag_keys(tags)
    try:
        found = cache.get_many([key, *tag_keys])
    except Exception:
        logger.warning("Cache unavailable; computing %s.", name)
        return compute()
    versions = {tag: found.get(tag_key, 0) for tag_key, tag in tag_keys.items()}
    entry = found.get(key)
    if entry is not None and entry["tags"] == versions:
        return entry["value"]
    value = compute()
    try:
        cache.set(key, {"tags": versions, "value": value}, timeout=None)
    except Exception:
        logger.warning("Cache unavailable; %s not kept.", name)
    return value


def _lookup(key, tags):
    """The cached entry (or None), fresh or not, and the current versions of
    ``tags``.

    Versions are None when the cache cannot be reached: render, do not store.
    """
    local = _local.get(key)
    if local is not None and local[0] > time.monotonic():
        entry = local[1]
        return entry, entry["tags"]
    tag_keys = _tag_keys(tags)
    try:
        found = cache.get_many([key, *tag_keys])
    except Exception:
        logger.warning("Page cache unavailable; rendering %s.", key)
        return None, None
    versions = {tag: found.get(tag_key, 0) for tag_key, tag in tag_keys.items()}
    entry = found.get(key)
    if _is_fresh(entry, versions):
        _remember(key, entry)
    return entry, versions


def _is_fresh(entry, versions):
    """Stored since the last purge of any of its tags, and not past its lifetime."""
    return (
        entry is not None
        and entry["tags"] == versions
        and entry["fresh_until"] > time.time()
    )


def _remember(key, entry):
    """Keep a page in this process for a moment: a hot page then costs no
    round trip at all. Purges from other processes reach it within
    ``NEWSROOM_PAGE_CACHE_LOCAL_SECONDS``; this process's own purges at once."""
    seconds = settings.NEWSROOM_PAGE_CACHE_LOCAL_SECONDS
    if seconds <= 0:
        return
    if len(_local) >= LOCAL_PAGES:
        _local.clear()
    _local[key] = (time.monotonic() + seconds, entry)


def _may_render(key, entry):
    """Whether this request renders a page it found stale, or is served the
    stale copy while another renders it.

    The first request to find a copy stale starts its clock. Time since then
    is cut in render-lock periods, each with its own lock: one request per
    period wins it (``cache.add``, atomic in Redis) and renders, so a
    renderer that died holds no one up past its period. Past the grace bound
    every request renders. Costs two round trips to the cache.
    """
    copy = f"{key}:{entry['stored_at']!r}"
    since_key = f"{STALE_PREFIX}:{copy}"
    grace = settings.NEWSROOM_PAGE_CACHE_GRACE_SECONDS
    period = max(1, settings.NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS)
    now = time.time()
    try:
        since = cache.get(since_key)
        if since is None:
            if cache.add(since_key, now, timeout=grace + 60):
                _count("stale")
            since = now
        stale_for = now - since
        if stale_for >= grace:
            logger.warning(
                "%s stale for %.1f s (past the %s s grace): rendering.",
                key,
                stale_for,
                grace,
            )
        elif not cache.add(
            f"{LOCK_PREFIX}:{copy}:{int(stale_for // period)}", now, timeout=period
        ):
            return False
        _count("rerenders")
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Page cache unavailable; rendering %s.", key)
    return True


def _count(name):
    try:
        cache.add(STATS[name], 0, timeout=None)
        cache.incr(STATS[name])
    except ValueError:  # expired between add() and incr()
        cache.set(STATS[name], 1, timeout=None)


def render_stats(*, reset=False):
    """How many cached pages were found stale after a purge (or past their
    lifetime) and how many renders replaced them, across every process:
    ``{"stale": n, "rerenders": m}``. One render per stale copy is m == n."""
    found = cache.get_many(list(STATS.values()))
    stats = {name: int(found.get(key, 0)) for name, key in STATS.items()}
    if reset:
        cache.delete_many(list(STATS.values()))
    return stats


def _forget(key):
    _local.pop(key, None)
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Page cache unavailable; %s not dropped.", key)


def _from_entry(entry, *, outcome="hit", grace=False):
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for header, value in entry["headers"]:
        response[header] = value
    response["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
    response["X-Page-Cache"] = outcome
    if grace:
        # A copy already replaced upstream: no browser or CDN keeps it.
        response["Cache-Control"] = "public, max-age=0, s-maxage=0, must-revalidate"
    return response


def _store(key, response, versions):
    kept = {"Cache-Control", "Content-Language", "ETag"}
    if settings.NEWSROOM_CDN_TAG_HEADER:
        kept.add(settings.NEWSROOM_CDN_TAG_HEADER)
    try:
        lifetime = page_lifetime()
    except DATABASE_UNAVAILABLE:
        logger.warning("Database unavailable; %s not stored.", key)
        return False
    now = time.time()
    entry = {
        "content": response.content,
        "content_type": response["Content-Type"],
        "headers": [(h, v) for h, v in response.items() if h in kept],
        "tags": versions,
        "stored_at": now,
        "fresh_until": now + lifetime,
    }
    try:
        # Kept past its lifetime: the copy to serve if the database goes out.
        cache.set(
            key, entry, timeout=lifetime + settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS
        )
    except Exception:
        logger.warning("Page cache unavailable; %s not stored.", key)
        return False
    return True


def page_lifetime():
    """The page cache's lifetime, cut short if the site changes by itself sooner.

    A story scheduled for 09:00 must not wait for pages cached at 08:59 to
    expire: they expire at 09:00. Asked once per cached page's request
    (what the page stores with it shares the answer).
    """
    memo = _request_lifetime.get()
    if memo:
        return memo[0]
    lifetime = settings.NEWSROOM_PAGE_CACHE_SECONDS
    for rule in _next_change_rules:
        due = rule()
        if due is not None:
            lifetime = max(1, min(lifetime, int(due) + 1))
    if memo is not None:
        memo.append(lifetime)
    return lifetime
