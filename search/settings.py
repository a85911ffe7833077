"""Settings for Whitepaper Search: one file; the environment sets secrets, debug and paths."""

import os
from pathlib import Path

from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DJANGO_DEBUG")
# No secret is committed. The app keeps no sessions or accounts, so a process without
# DJANGO_SECRET_KEY can safely make up its own (gunicorn --preload shares it with workers).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or get_random_secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]

CORPUS_DIR = Path(os.environ.get("SEARCH_CORPUS_DIR", BASE_DIR / "corpus"))
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", BASE_DIR / "var" / "index"))
if not SEARCH_INDEX_DIR.is_absolute():
    SEARCH_INDEX_DIR = BASE_DIR / SEARCH_INDEX_DIR

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "search.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "search.web.middleware.GZipMiddleware",  # honours gzip;q=0
    "search.web.middleware.ControlCharactersMiddleware",
    "search.web.middleware.HostPortMiddleware",
    "search.web.middleware.LanguageFromPathMiddleware",
    "search.web.middleware.HttpCachingMiddleware",
    "django.middleware.common.CommonMiddleware",
    # no form posts anything; kept because `check --deploy` asks for it, and so that a
    # POST someone crafts is refused with our own 403 page
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "search.web.middleware.IndexUnavailableMiddleware",
]
CSRF_FAILURE_VIEW = "search.web.errors.csrf_failure"

# Security headers (SecurityMiddleware adds nosniff, Referrer-Policy and COOP by default).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Served over HTTPS behind a reverse proxy that sets X-Forwarded-Proto.
if _flag("DJANGO_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Only GET requests with a handful of parameters are expected.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 100

ROOT_URLCONF = "search.web.urls"
WSGI_APPLICATION = "search.wsgi.application"
DATABASES: dict[str, dict] = {}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "search.web.context_processors.corpus",
            ],
            # the app is `search`; its template tags live with the rest of the web layer
            "libraries": {"search_tags": "search.web.templatetags.search_tags"},
        },
    }
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "search" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # access dates in citations are UTC dates

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SEARCH_STATIC_ROOT", BASE_DIR / "var" / "static"))
# Served: file names carry a hash of their content (so they are cached for a year,
# `immutable`), gzip and brotli copies made once by collectstatic. In development: the
# files as they are, straight from the apps' folders.
STORAGES = {
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Pages and API answers: a shared cache may keep them this long, revalidating with the
# ETag after that (the index build, the code and the day are in it).
PAGE_MAX_AGE = 300


def _cache_from(url: str) -> dict:
    """Search results cache (search/web/results_cache.py): local memory bounded in bytes by
    default; CACHE_URL=redis://host:6379/0 or memcached://host:11211 shares one between
    processes and machines, dummy:// turns it off."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("memcached://"):
        return {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                "LOCATION": url.removeprefix("memcached://")}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {"BACKEND": "search.web.results_cache.BoundedLocMemCache",
            "LOCATION": "search-results",
            "OPTIONS": {"MAX_ENTRIES": 20_000,
                        "MAX_BYTES": int(os.environ.get("CACHE_MAX_BYTES", 64 * 2**20))}}


CACHES = {"default": _cache_from(os.environ.get("CACHE_URL", ""))}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "search": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        # a refused Host header, too many parameters: one warning line each (issue 19)
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
