"""Tests: fast hashing, tasks run inline, mail kept in memory."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
PERSONAL_DATA_RETENTION_DAYS = 90
MAILER_MAX_ATTEMPTS = 3
MAILER_SWEEP_GRACE_SECONDS = 0
# SQLite tests run on a file, not in memory: the registration tests race real
# threads with their own connections, which an in-memory shared-cache database
# cannot serve (it fails with "table is locked" instead of waiting).
# The process id keeps two test runs in the same tree (or machine) apart.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405
# Tests register many times from one address; the rate-limit tests turn it back on.
RATELIMIT_ENABLE = False
# Whole-page caching is off in tests (its own tests turn it on): other tests see their changes at once.
PAGECACHE_ENABLED = False
