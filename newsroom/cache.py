"""The Redis cache, made to fail fast.

Every cache call on a reader's path is guarded, so an unreachable Redis only
makes pages slower. Two things keep it from making them slow: each call gives
up after a fraction of a second (the ``socket_timeout`` and
``socket_connect_timeout`` options, set in settings), and once a call has
failed this process stops asking for ``retry_after`` seconds, so a frozen
Redis costs one timeout per process now and then, not one per call.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# When each Redis location may be asked again, on time.monotonic(); shared by
# the threads of a process, since each thread has its own cache object.
_down_until: dict[str, float] = {}


class CacheUnavailable(RedisConnectionError):
    """The cache failed a moment ago; not asked again yet."""


def _guarded(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if _down_until.get(self._location, 0.0) > time.monotonic():
            raise CacheUnavailable(f"{self._location} failed less than a moment ago.")
        try:
            result = method(self, *args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            if self._location not in _down_until:
                logger.warning("The cache at %s is not answering.", self._location)
            _down_until[self._location] = time.monotonic() + self._retry_after
            raise
        if _down_until.pop(self._location, None) is not None:
            logger.warning("The cache at %s answers again.", self._location)
        return result

    return wrapper


class ReusedClients(RedisCacheClient):
    """Django's client for Redis, keeping one redis-py client per connection
    pool. Django builds a new one for every call, and building one (its table
    of reply parsers) costs about what a round trip to Redis on loopback
    does: on a cached page, about a tenth of the request. A redis-py client
    is a handle on its pool, which holds the connections, so one serves
    every call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailFastRedisCache(RedisCache):
    """Django's Redis cache, which stops asking a Redis that just failed.

    ``OPTIONS["retry_after"]`` (seconds, default 2) is how long it waits
    before it asks again; the other options go to redis-py as usual.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_after = float(options.pop("retry_after", 2))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClients
        self._location = ",".join(self._servers)

    @_guarded
    def count(self, key, timeout, version=None):
        """Add one to the counter ``key`` and return its new value. The
        counter starts at the first count and is gone ``timeout`` seconds
        later: what ``add(key, 0, timeout)`` then ``incr(key)`` do, in one
        round trip instead of two, and atomically (a counter that expired
        between the two would count on with no expiry)."""
        key = self.make_and_validate_key(key, version=version)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipe.set(key, 0, ex=timeout, nx=True)
        pipe.incr(key)
        return pipe.execute()[1]

    add = _guarded(RedisCache.add)
    get = _guarded(RedisCache.get)
    set = _guarded(RedisCache.set)
    touch = _guarded(RedisCache.touch)
    delete = _guarded(RedisCache.delete)
    get_many = _guarded(RedisCache.get_many)
    has_key = _guarded(RedisCache.has_key)
    incr = _guarded(RedisCache.incr)
    set_many = _guarded(RedisCache.set_many)
    delete_many = _guarded(RedisCache.delete_many)
    clear = _guarded(RedisCache.clear)
