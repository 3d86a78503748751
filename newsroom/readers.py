"""Who a reader is, as far as an anonymous site may know: a salted hash of the
address they come from, and how often they have come lately.

Shared by every app that meets readers (comments, the poll, read counts) and
by the admin's login throttle, so it lives at the bottom layer."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_ip(request):
    """The reader's address, trusting only the proxies we were told about.

    Behind ``NEWSROOM_TRUSTED_PROXIES`` proxies, each appends the address it
    saw to X-Forwarded-For; anything further left could be forged by the reader.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = [hop.strip() for hop in forwarded if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(request):
    """A keyed hash of the reader's address: enough to count, not to identify."""
    ip = client_ip(request)
    if not ip:
        return ""
    # The salt keeps its first name: hashes already stored must still match.
    return salted_hmac("newsroom.comments.ip", ip, algorithm="sha256").hexdigest()


def over_limit(scope, identity, *, limit, window):
    """Count one more request for ``identity``; True once it passes ``limit``.

    The window opens at the identity's first request and lasts ``window``
    seconds, counted in the shared cache so that every app process counts
    together. (Windows aligned to the clock would let a sender fit twice the
    limit around a boundary and would reset in the middle of a burst.) If the
    cache is down readers are let through: a missing limit is better than a
    broken form.
    """
    if not identity:
        return False
    # Hashed: an email address can be longer, and hold more, than a key may.
    hashed = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"limit:{scope}:{hashed}"
    try:
        count = getattr(cache, "count", None)
        if count is not None:  # Redis: one round trip (newsroom.cache)
            return count(key, window) > limit
        cache.add(key, 0, timeout=window)
        return cache.incr(key) > limit
    except Exception:  # the cache's own errors differ by backend
        logger.warning("Rate limit not checked: the cache is unavailable.")
        return False
