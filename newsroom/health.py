"""``/healthz``: is this instance able to serve readers?"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _check(probe):
    started = time.perf_counter()
    try:
        probe()
    except Exception as error:  # any failure is the answer, not a crash
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not keep a value")


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer; 503 with which failed if not.

    Readers are still served without the cache (slower), so a load balancer
    should take an instance out only on 503 from the database; the body says.
    """
    checks = {"database": _check(_database), "cache": _check(_cache)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )
