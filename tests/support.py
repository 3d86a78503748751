"""What tests share besides factories: the project's root, and its settings
as a fresh process reads them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
