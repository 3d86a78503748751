"""The one place settings read the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name, default=None, *, required=False):
    """Return the variable's text, or ``default``; refuse a missing required one."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The {name} environment variable is required.")
        return default
    return value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    return _env_number(name, default, int, "a whole number")


def env_float(name, default):
    return _env_number(name, default, float, "a number")


def _env_number(name, default, number, what):
    value = env(name)
    if value is None:
        return default
    try:
        return number(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}.") from None
