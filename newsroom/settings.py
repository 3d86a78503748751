"""Newsroom settings, read from the environment (see README, "Configuration").

With nothing set the project runs as a local demo: SQLite, a local-memory cache
and DEBUG on. ``DJANGO_ENV=production`` turns DEBUG off and refuses to start
without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
    DEBUG = env_bool("DEBUG", False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must stay off in production.")
else:
    # A key for local use only; production refuses to start without its own.
    SECRET_KEY = env("SECRET_KEY", "django-insecure-local-development-only")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    DEBUG = env_bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "images",
    "articles",
    "comments",
    "discovery",
    "roles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A form or charset that cannot be read is a 400, before anything reads it.
    "newsroom.middleware.UnreadableRequestMiddleware",
    # ETag on every page, and 304 Not Modified when the reader already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# bench/load.py: a 10 KB reference view and an X-Queries header on responses.
NEWSROOM_BENCHMARK = env_bool("NEWSROOM_BENCHMARK", False)
if NEWSROOM_BENCHMARK:
    MIDDLEWARE.insert(0, "newsroom.benchmark.QueryCountMiddleware")

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = env("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media on S3-compatible storage (several app instances share it): set a bucket.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", "") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    # Renditions never change once made: let browsers keep them for a year.
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=31536000, immutable"}
# Outside production, serve straight from static/ without a collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {
        "BACKEND": (
            "storages.backends.s3.S3Storage"
            if AWS_STORAGE_BUCKET_NAME
            else "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: refuse anything bigger before Pillow ever opens it.
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Refuse pictures with more pixels than this (decompression bombs).
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
# Widths of the renditions made for every image, in pixels.
IMAGE_RENDITION_WIDTHS = (480, 800, 1200, 1600)
# Shape of every rendition (width, height): cropped around the focal point.
IMAGE_RENDITION_RATIO = (3, 2)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

NEWSROOM_SITE_NAME = env("NEWSROOM_SITE_NAME", "The Newsroom")
NEWSROOM_TAGLINE = env("NEWSROOM_TAGLINE", "Independent reporting from Central Asia")
NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 12)
# PostgreSQL's text search configuration for the site's language.
NEWSROOM_SEARCH_CONFIG = env(
    "NEWSROOM_SEARCH_CONFIG",
    {"en": "english", "ru": "russian", "de": "german", "fr": "french"}.get(
        LANGUAGE_CODE.split("-")[0], "simple"
    ),
)

# How long a shared preview link works, in seconds (48 hours).
NEWSROOM_PREVIEW_LINK_MAX_AGE = env_int("NEWSROOM_PREVIEW_LINK_MAX_AGE", 48 * 3600)

# Reader pages: how long the shared page cache keeps them (purged sooner when
# what they show changes), and how long browsers may.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
NEWSROOM_BROWSER_CACHE_SECONDS = env_int("NEWSROOM_BROWSER_CACHE_SECONDS", 30)
# Each app process also keeps hot pages in memory this long (purges made
# elsewhere reach it within this time).
NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = env_int("NEWSROOM_PAGE_CACHE_LOCAL_SECONDS", 1)
# A CDN in front: the response header that lists a page's tags
# ("Surrogate-Key", "Cache-Tag"), and where to POST {"tags": [...]} to purge.
NEWSROOM_CDN_TAG_HEADER = env("NEWSROOM_CDN_TAG_HEADER", "")
NEWSROOM_CDN_PURGE_URL = env("NEWSROOM_CDN_PURGE_URL", "")
NEWSROOM_CDN_PURGE_TOKEN = env("NEWSROOM_CDN_PURGE_TOKEN", "")

# Reader comments and the poll (see README, "Comments and the poll").
NEWSROOM_TRUSTED_PROXIES = env_int("NEWSROOM_TRUSTED_PROXIES", 0)
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
COMMENTS_FORM_MAX_AGE = 24 * 60 * 60
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_DUPLICATE_HOURS = 24
# (requests, seconds) per IP address and per email address.
COMMENTS_RATE_LIMIT = (env_int("COMMENTS_RATE_LIMIT", 5), 10 * 60)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30)
POLL_RATE_LIMIT = (env_int("POLL_RATE_LIMIT", 20), 60 * 60)
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

LOGIN_URL = "admin:login"
# Database sessions that refuse a malformed key (a NUL in it broke the query).
SESSION_ENGINE = "newsroom.sessions"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)

LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
