"""Settings come from the environment; production refuses to start half-configured.

Each case imports the settings in a fresh interpreter, since settings are read
once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE']); print(s.CACHES['default']['BACKEND']); "
    "print(s.DEBUG)"
)


def load_settings(*, show=None, **environ):
    """Import the settings with ``environ`` in a fresh interpreter; it prints
    the database engine, cache backend and DEBUG, or ``repr`` of ``show``
    (an expression on the settings, ``s``)."""
    env = {key: value for key, value in os.environ.items() if key not in OURS}
    env.update(environ, DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = PRINT_SETTINGS
    if show:
        code = (
            "import django; django.setup(); from django.conf import settings as s; "
            f"print(repr({show}))"
        )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


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
