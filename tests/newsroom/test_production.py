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


def test_healthz_stays_ready_without_the_cache_and_says_it_is_degraded(
    client, cache_down
):
    # Pages are still served without the cache: a load balancer that reads
    # only the status must keep this instance (and every other) in rotation.
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"]
    assert not body["checks"]["cache"]["ok"]


def test_healthz_is_unready_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert not body["checks"]["database"]["ok"]


def test_liveness_needs_neither_the_database_nor_the_cache(
    client, cache_down, database_down
):
    response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


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
