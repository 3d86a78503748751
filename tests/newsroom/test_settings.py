"""Settings come from the environment; production refuses to start half-configured.

Each case imports the settings in a fresh interpreter, since settings are read
once per process.
"""

import pytest

from tests.support import load_settings


def test_nothing_set_runs_the_demo_on_sqlite_with_a_local_cache():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    engine, cache, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert debug == "True"


def test_database_and_redis_urls_select_postgresql_and_redis():
    result = load_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    engine, cache, _ = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert cache == "newsroom.cache.FailFastRedisCache"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"ALLOWED_HOSTS": "news.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "news.example", "DEBUG": "1"},
            "DEBUG",
        ),
    ],
)
def test_production_refuses_to_start_half_configured(environ, message):
    result = load_settings(DJANGO_ENV="production", **environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_its_secrets_and_debug_off():
    result = load_settings(
        DJANGO_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="news.example"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2] == "False"
