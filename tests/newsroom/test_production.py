"""What operators rely on: the health check and structured logs."""

import json
import logging

import pytest

from newsroom.logs import JSONFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["cache"]["ok"]
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_which_part_failed(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"]
    assert not body["checks"]["cache"]["ok"]


def test_logs_are_one_json_object_per_line():
    record = logging.makeLogRecord(
        {
            "name": "newsroom",
            "levelname": "WARNING",
            "msg": "Purge of %s failed",
            "args": ("home",),
        }
    )
    record.path = "/section/politics/"

    entry = json.loads(JSONFormatter().format(record))

    assert entry["level"] == "WARNING"
    assert entry["message"] == "Purge of home failed"
    assert entry["path"] == "/section/politics/"
    assert entry["time"].endswith("+00:00")
