"""Newsroom settings, read from the environment (see README, "Configuration").

With nothing set the project runs as a local demo: SQLite, a local-memory cache
and DEBUG on. ``DJANGO_ENV=production`` turns DEBUG off and refuses to start
without SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env, env_bool, env_float, env_int, env_list

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
    # Before the admin, as django-modeltranslation asks: it patches the
    # models' fields and the admin's forms.
    "modeltranslation",
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
    "axes",
    # Its API docs' scripts and styles come from its own static files, not a CDN.
    "ninja",
    "corsheaders",
    "images",
    "articles",
    "comments",
    "discovery",
    "desk",
    "demo",
    "roles",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for the API (before anything that may answer): see CORS_* below.
    "corsheaders.middleware.CorsMiddleware",
    # A form or charset that cannot be read is a 400, before anything reads it.
    "newsroom.unreadable.UnreadableRequestMiddleware",
    # ETag on every page, and 304 Not Modified when the reader already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The edition's language from the address (the admin's from the editor).
    "newsroom.middleware.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseOutageMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
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
        # A connection that broke (the database restarted) is replaced on the
        # next request, with no app restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails a request in seconds instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# Every cache call gives up after CACHE_TIMEOUT seconds, and a process that
# saw Redis fail leaves it alone for CACHE_RETRY_AFTER seconds (newsroom/cache.py):
# an unreachable or frozen Redis makes pages slower, never stuck.
CACHE_TIMEOUT = env_float("CACHE_TIMEOUT", 0.25)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailFastRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT,
                "socket_timeout": CACHE_TIMEOUT,
                "retry_after": env_float("CACHE_RETRY_AFTER", 2),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }

# The admin's address; set another in production to keep scanners guessing.
NEWSROOM_ADMIN_PATH = env("NEWSROOM_ADMIN_PATH", "admin/").strip("/") + "/"

# Password guessing (django-axes): after AXES_FAILURE_LIMIT wrong passwords from
# one address, or for one username, logins from there or as that user are
# refused for AXES_COOLOFF_MINUTES. Every failure is logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.readers.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are logged with the username and address tried, for the operators.
AXES_SENSITIVE_PARAMETERS = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# The site's editions, one per language (``NEWSROOM_LANGUAGES=en,ru,kk,ky,tg,
# tk,uz``). The first is the default edition: its pages keep addresses with no
# language prefix; every other edition lives under ``/<code>/``.
NEWSROOM_LANGUAGES = env_list("NEWSROOM_LANGUAGES", ["en", "ru"])
_KNOWN_LANGUAGES = dict(global_settings.LANGUAGES)
for _code in NEWSROOM_LANGUAGES:
    if _code not in _KNOWN_LANGUAGES:
        raise ImproperlyConfigured(
            f"NEWSROOM_LANGUAGES: {_code!r} is not a language Django knows."
        )
LANGUAGE_CODE = NEWSROOM_LANGUAGES[0]
LANGUAGES = [(code, _KNOWN_LANGUAGES[code]) for code in NEWSROOM_LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The newsroom's house style for dates ("1 декабря 2026", without Django's " г.").
FORMAT_MODULE_PATH = ["newsroom.formats"]

# Translated names (sections, tags, author bios, site settings, the comment
# policy) are columns, one per language (django-modeltranslation): reader pages
# read them with the row, no join. Migrations cannot depend on a site's
# settings, so every site gets the columns for the same languages, the region's
# and the right-to-left ones; an edition outside them reads the default
# language's names until a migration adds its columns.
NEWSROOM_TRANSLATED_LANGUAGES = ("en", "ru", "kk", "ky", "tg", "tk", "uz", "fa")
if LANGUAGE_CODE not in NEWSROOM_TRANSLATED_LANGUAGES:
    raise ImproperlyConfigured(
        f"NEWSROOM_LANGUAGES: the default edition {LANGUAGE_CODE!r} needs "
        "translated-name columns; add it to NEWSROOM_TRANSLATED_LANGUAGES in "
        "newsroom/settings.py and run makemigrations."
    )
MODELTRANSLATION_LANGUAGES = NEWSROOM_TRANSLATED_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# A name not yet translated reads in the default edition's language, or in
# another edition's (a tag made for the Russian edition only).
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(
    code for code in NEWSROOM_LANGUAGES if code in NEWSROOM_TRANSLATED_LANGUAGES
)
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The list of hashed names, read by the app and served to nobody.
STATIC_MANIFEST_ROOT = Path(
    env(
        "STATIC_MANIFEST_ROOT",
        str(STATIC_ROOT.with_name(STATIC_ROOT.name + "-manifest")),
    )
)
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
            "newsroom.storage.StaticFilesStorage"
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
# PostgreSQL's text search configuration for each edition's language: its
# stemmer where PostgreSQL ships one, else "simple" (words as written).
# ``NEWSROOM_SEARCH_CONFIGS=kk:simple,uz:simple`` overrides one language.
_POSTGRES_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
NEWSROOM_SEARCH_CONFIGS = {
    code: _POSTGRES_STEMMERS.get(code.split("-")[0], "simple")
    for code in NEWSROOM_LANGUAGES
}
for _pair in env_list("NEWSROOM_SEARCH_CONFIGS"):
    _code, _sep, _config = _pair.partition(":")
    if not _sep or _code not in NEWSROOM_SEARCH_CONFIGS or not _config.isidentifier():
        raise ImproperlyConfigured(
            f"NEWSROOM_SEARCH_CONFIGS: {_pair!r} is not <edition>:<configuration>."
        )
    NEWSROOM_SEARCH_CONFIGS[_code] = _config

# Past this many characters the story form warns that a headline is long (it
# still saves): home-page and search listings show about this much.
NEWSROOM_HEADLINE_WARN_LENGTH = env_int("NEWSROOM_HEADLINE_WARN_LENGTH", 110)

# How long a shared preview link works, in seconds (48 hours).
NEWSROOM_PREVIEW_LINK_MAX_AGE = env_int("NEWSROOM_PREVIEW_LINK_MAX_AGE", 48 * 3600)

# Reader pages: how long the shared page cache keeps them (purged sooner when
# what they show changes), and how long browsers may.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300)
# How long past that a copy is kept, to serve while the database is out.
NEWSROOM_PAGE_CACHE_STALE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_STALE_SECONDS", 3600)
NEWSROOM_BROWSER_CACHE_SECONDS = env_int("NEWSROOM_BROWSER_CACHE_SECONDS", 30)
# Each app process also keeps hot pages in memory this long (purges made
# elsewhere reach it within this time).
NEWSROOM_PAGE_CACHE_LOCAL_SECONDS = env_int("NEWSROOM_PAGE_CACHE_LOCAL_SECONDS", 1)
# After a purge one request re-renders a page while the others get the stale
# copy (newsroom/pagecache.py): its render lock expires after this long (its
# holder may have died), and no copy is served stale longer than the grace
# after a request first found it stale. Both small: a published correction
# reaches readers within 5 seconds (grace + local seconds + a render).
NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS = env_int(
    "NEWSROOM_PAGE_CACHE_RENDER_LOCK_SECONDS", 2
)
NEWSROOM_PAGE_CACHE_GRACE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_GRACE_SECONDS", 3)
# A CDN in front: the response header that lists a page's tags
# ("Surrogate-Key", "Cache-Tag"), and where to POST {"tags": [...]} to purge.
NEWSROOM_CDN_TAG_HEADER = env("NEWSROOM_CDN_TAG_HEADER", "")
NEWSROOM_CDN_PURGE_URL = env("NEWSROOM_CDN_PURGE_URL", "")
NEWSROOM_CDN_PURGE_TOKEN = env("NEWSROOM_CDN_PURGE_TOKEN", "")

# Reader comments and the poll (see README, "Comments and the poll").
NEWSROOM_TRUSTED_PROXIES = env_int("NEWSROOM_TRUSTED_PROXIES", 0)
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
# A comment form's anti-spam token works once, within this many seconds.
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_AGE", 2 * 60 * 60)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_DUPLICATE_HOURS = 24
# (requests, seconds) per IP address and per email address.
COMMENTS_RATE_LIMIT = (env_int("COMMENTS_RATE_LIMIT", 5), 10 * 60)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30)
# The public API (/api/v1/): requests per client address per minute, and
# stories per page (default and most a client may ask for).
NEWSROOM_API_RATE_LIMIT = (env_int("NEWSROOM_API_RATE_LIMIT", 600), 60)
NEWSROOM_API_PAGE_SIZE = env_int("NEWSROOM_API_PAGE_SIZE", 20)
NEWSROOM_API_MAX_PAGE_SIZE = 100
# Where a refused request (400) is answered in JSON rather than a page.
NEWSROOM_JSON_PATHS = ("/api/",)
# Anyone may read the API from a browser on any site: GET (and HEAD, and the
# preflight), never with credentials, and only under /api/.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
POLL_RATE_LIMIT = (env_int("POLL_RATE_LIMIT", 20), 60 * 60)
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"

LOGIN_URL = "admin:login"
# Database sessions that refuse a malformed key (a NUL in it broke the query).
SESSION_ENGINE = "newsroom.sessions"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features no page of ours uses (only names Chromium knows,
# so that no page logs an error to the console).
NEWSROOM_PERMISSIONS_POLICY = env(
    "NEWSROOM_PERMISSIONS_POLICY",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()",
)
# Content-Security-Policy (django-csp): scripts only from this site (the admin's
# body editor's import map gets a nonce), no plugins, no framing. Styles allow
# inline attributes: the poll's bars are drawn with a width.
_MEDIA_ORIGINS = [
    f"https://{domain}" for domain in [env("AWS_S3_CUSTOM_DOMAIN")] if domain
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS, *env_list("CSP_IMG_SRC")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Browsers keep to HTTPS for a year. Preloading is a commitment that is
    # hard to take back, so it is left to the site's owners (security.W021).
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        # A request for a host we do not serve is the client's mistake (or a
        # scanner's): one warning line, not an error with a traceback.
        "client_error": {"()": "newsroom.logs.AsClientError"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}
    },
    "loggers": {
        # Its version banner at every start is not news.
        "axes.apps": {"level": "WARNING"},
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["client_error"],
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
