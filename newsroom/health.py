"""``/healthz`` (readiness) and ``/healthz/live`` (liveness)."""

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
def live(request):
    """Liveness: this process answers requests. Touches nothing else, so a
    database or cache outage never gets healthy processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def healthz(request):
    """Readiness: 200 while this instance can serve readers, 503 when it cannot.

    Only the database decides it. Without the cache pages are still served,
    a little slower, so a dead cache answers 200 with ``"status": "degraded"``:
    a load balancer that reads only the status keeps every instance in
    rotation rather than pulling all of them at once.
    """
    checks = {"database": _check(_database), "cache": _check(_cache)}
    if not checks["database"]["ok"]:
        status, code = "unavailable", 503
    elif not checks["cache"]["ok"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
