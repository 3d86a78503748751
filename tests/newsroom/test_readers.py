"""How often a reader came lately: counted in the shared cache, in windows
that open at the reader's first request."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache

from newsroom.readers import over_limit

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"
)


def test_a_reader_passes_the_limit_on_the_request_after_it():
    answers = [over_limit("test", "198.51.100.7", limit=3, window=60) for _ in range(5)]

    assert answers == [False, False, False, True, True]
    assert over_limit("test", "198.51.100.8", limit=3, window=60) is False


@needs_redis
def test_a_redis_counter_expires_a_window_after_its_first_count():
    key = "limit-test:counter"

    assert [cache.count(key, 60) for _ in range(3)] == [1, 2, 3]
    raw_key = cache.make_and_validate_key(key)
    seconds_left = cache._cache.get_client(raw_key).ttl(raw_key)
    # Counting on does not push the end of the window back.
    assert 55 <= seconds_left <= 60


@needs_redis
def test_a_redis_counter_starts_again_once_its_window_is_over():
    key = "limit-test:short"
    cache.count(key, 1)
    cache.count(key, 1)

    time.sleep(1.2)

    assert cache.count(key, 1) == 1
