"""The Redis cache's client: one redis-py client per connection pool."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"
)


def test_every_call_to_redis_shares_one_client_and_its_connections():
    cache.set("client-test", "first")
    first = cache._cache.get_client(write=True)

    assert cache.get("client-test") == "first"
    assert cache.count("client-test:n", 60) == 1
    assert cache._cache.get_client(write=True) is first
