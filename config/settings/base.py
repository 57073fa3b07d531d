"""Settings shared by every deployment. Safe by default: DEBUG is off.

Every value that differs between deployments is read here, once and typed,
from the environment (see the README for the list).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local `.env` file is convenient in development; the environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "home",
    "events",
    "organisers",
    "kits",
    "participation",
    "mailer",
    "dashboard",
    "pagecache",
    "dsfr",
    "widget_tweaks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "recurrence",
    "anymail",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "ninja",  # the API docs' static files, served locally (no CDN)
    "corsheaders",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous public pages from the cache, before sessions, CSRF and rendering (pagecache/).
    "pagecache.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.security.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.security.ResponseHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite by default (one-command start), anything dj-database-url
# understands through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
    # the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (several servers share it), local memory otherwise.
# A dead Redis must never answer 500 (Wagtail reads page URLs from the cache): django-redis
# ignores connection errors (logged) and short timeouts keep a dead server from stalling pages.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="rmes"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "home.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The programme's calendar feed (agenda.ics): sessions up to this many days ahead, at most this many.
CALENDAR_FEED_DAYS_AHEAD = env.int("CALENDAR_FEED_DAYS_AHEAD", default=180)
CALENDAR_FEED_MAX_SESSIONS = env.int("CALENDAR_FEED_MAX_SESSIONS", default=1000)

# Public page cache (pagecache/): whole anonymous pages, dropped when staff change what they show.
PAGECACHE_ENABLED = env.bool("PAGECACHE_ENABLED", default=True)
# Pages that show seats left (home, programme, webinars): never older than this in all, proxies included.
PAGECACHE_SEATS_SECONDS = min(30, env.int("PAGECACHE_SEATS_SECONDS", default=30))
PAGECACHE_SECONDS = env.int("PAGECACHE_SECONDS", default=300)
PAGECACHE_FEED_SECONDS = env.int("PAGECACHE_FEED_SECONDS", default=900)
# What public pages show besides pages: a change to any of these drops every cached page.
PAGECACHE_WATCHED_MODELS = [
    "events.Session",
    "events.Theme",
    "events.Community",
    "events.Organiser",
    "home.SiteSettings",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtailredirects.Redirect",
]
# A CDN or Varnish in front, purged on publish (wagtail.contrib.frontend_cache):
# FRONTEND_CACHE=varnish (FRONTEND_CACHE_LOCATION=http://varnish:8000), cloudflare
# (CLOUDFLARE_BEARER_TOKEN, CLOUDFLARE_ZONE_ID) or cloudfront (CLOUDFRONT_DISTRIBUTION_ID).
FRONTEND_CACHE = env.str("FRONTEND_CACHE", default="").lower()
_FRONTEND_BACKENDS = {
    "varnish": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.str("FRONTEND_CACHE_LOCATION"),
    },
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env.str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env.str("CLOUDFLARE_ZONE_ID"),
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.str("CLOUDFRONT_DISTRIBUTION_ID"),
    },
}
if FRONTEND_CACHE:
    if FRONTEND_CACHE not in _FRONTEND_BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE must be one of {', '.join(_FRONTEND_BACKENDS)}, not {FRONTEND_CACHE!r}."
        )
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.forms"), "wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {"default": _FRONTEND_BACKENDS[FRONTEND_CACHE]()}

# Background tasks: django-tasks with the database queue (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff passwords guard personal data: no "aaaaaaaaaaaa" or "abcabcabcabc".
    {"NAME": "home.security.VariedPasswordValidator", "OPTIONS": {"min_distinct": 8}},
]

# Staff sign-in (issue 9). django-axes throttles and locks per account and per address;
# failures are logged without the password. Two-factor (TOTP on django-otp, pages in
# home/two_factor.py; wagtail-2fa 1.8 does not load on Wagtail 8): any staff member may
# add a device from their account menu; superusers must when
# TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is on (production's default).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Lock an account from any address, and an address trying many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_LOCKOUT_TEMPLATE = "home/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env.bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", default=False)
OTP_TOTP_ISSUER = "Réussir Mon espace santé"

# Client address behind proxies: the number of reverse proxies in front of the
# application that append to X-Forwarded-For. The client is the right-most address
# they did not add; 0 trusts no header (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Internationalisation: French first, English interface.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: one provider chosen by EMAIL_BACKEND (anymail's ESP backends or Django's).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Réussir Mon espace santé <monespacesante@esante.gouv.fr>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ANYMAIL = {
    # Any anymail setting can be given as ANYMAIL_<NAME>, e.g. ANYMAIL_BREVO_API_KEY.
    key.removeprefix("ANYMAIL_"): value
    for key, value in env.ENVIRON.items()
    if key.startswith("ANYMAIL_") and value
}

# Wagtail
WAGTAIL_SITE_NAME = "Réussir ensemble Mon espace santé"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "mp4", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Kit uploads (kits/): documents checked by content and size; every document is a download.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kits.forms.SafeDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com (it would send a hash of each staff email to a third party).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Slugs in ASCII: no percent-encoded accents in public URLs and emails.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Autosave creates the page from the "add" screen behind the editor's back; a click on
# « Enregistrer le brouillon » then posted the same slug again and collided. Off.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Security headers, safe on every deployment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# --- Public API (issue 14): any site may read /api/v1/ from a browser; reads only, no cookies.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Content Security Policy: no inline script or style on public pages. The
# Wagtail admin (its own inline bootstrap code) is left to Wagtail's defaults.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Personal tokens never reach the logs; a bad Host is one quiet line, not a traceback.
    "filters": {
        "scrub_tokens": {"()": "home.log_filters.ScrubTokensFilter"},
        "disallowed_host": {"()": "home.log_filters.DisallowedHostFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.security.DisallowedHost": {"filters": ["disallowed_host"]},
    },
}

# Application settings
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="monespacesante@esante.gouv.fr")

# Registration (events/services.py): reminders before a session, in hours
# ("24,1": the day before and one hour before), follow-up links, retention.
REGISTRATION_REMINDERS = [
    timedelta(hours=hours)
    for hours in sorted(env.list("REGISTRATION_REMINDER_HOURS", cast=float, default=[24.0, 1.0]), reverse=True)
]
# After a session, its follow-up email (replay, kit, contribute) may go out for this long.
REGISTRATION_FOLLOWUP_DAYS = env.int("REGISTRATION_FOLLOWUP_DAYS", default=14)
# The kit link is used only while the site has no live page with the slug "kit" (checked at send
# time); the contribution forum lives at /contribuer/ (participation/).
REGISTRATION_KIT_URL = env.str("REGISTRATION_KIT_URL", default="")
REGISTRATION_CONTRIBUTE_URL = env.str("REGISTRATION_CONTRIBUTE_URL", default=f"{SITE_URL}/contribuer/")
# Personal data of registrants is anonymised this many days after their session.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)

# Outbox (mailer/): retries with exponential backoff, then "failed".
MAILER_MAX_ATTEMPTS = env.int("MAILER_MAX_ATTEMPTS", default=8)
MAILER_RETRY_BASE_SECONDS = env.int("MAILER_RETRY_BASE_SECONDS", default=60)
MAILER_RETRY_MAX_SECONDS = env.int("MAILER_RETRY_MAX_SECONDS", default=3600)
# A message still "sending" after this long belonged to a worker that died: it is queued again.
MAILER_SENDING_TIMEOUT_SECONDS = env.int("MAILER_SENDING_TIMEOUT_SECONDS", default=600)
MAILER_SWEEP_GRACE_SECONDS = env.int("MAILER_SWEEP_GRACE_SECONDS", default=60)
MAILER_SLOW_BACKEND_SECONDS = env.float("MAILER_SLOW_BACKEND_SECONDS", default=2.0)

# Rate limits (django-ratelimit) on the public forms, counted in the default
# cache. With Redis (REDIS_URL) every server shares the counts; without it each
# process counts on its own, which still stops a single client hammering a form.
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "home.views.rate_limited"
# The client address comes from home.security.client_ip (TRUSTED_PROXY_COUNT above).
RATELIMIT_IP_META_KEY = "home.security.client_ip"
# When the cache (Redis) cannot be reached, limits are not applied rather than refusing
# everyone (fail open; each miss is logged by home.cache). false: answer 429 instead.
RATELIMIT_FAIL_OPEN = env.bool("RATELIMIT_FAIL_OPEN", default=True)
REGISTRATION_RATE_LIMIT = env.str("REGISTRATION_RATE_LIMIT", default="20/m")
# Per email address (registrations and the emails they trigger), whatever the client.
REGISTRATION_EMAIL_RATE_LIMIT = env.str("REGISTRATION_EMAIL_RATE_LIMIT", default="5/h")
SEARCH_RATE_LIMIT = env.str("SEARCH_RATE_LIMIT", default="60/m")
# Sent as Retry-After with every 429 answer.
RETRY_AFTER_SECONDS = env.int("RETRY_AFTER_SECONDS", default=60)
# Without Redis each process counts on its own (documented in the README): fine for one machine.
SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]

# Contribution forum and its feed to participez.esante.gouv.fr (participation/).
CONTRIBUTION_RATE_LIMIT = env.str("CONTRIBUTION_RATE_LIMIT", default="5/h")  # per client address and per email
SUPPORT_RATE_LIMIT = env.str("SUPPORT_RATE_LIMIT", default="30/h")
# Optional push of each new revision (HTTPS; the body is signed with HMAC-SHA256 of this secret).
PARTICIPATION_PUSH_URL = env.str("PARTICIPATION_PUSH_URL", default="")
PARTICIPATION_PUSH_SECRET = env.str("PARTICIPATION_PUSH_SECRET", default="")
PARTICIPATION_PUSH_MAX_ATTEMPTS = env.int("PARTICIPATION_PUSH_MAX_ATTEMPTS", default=8)
PARTICIPATION_PUSH_RETRY_BASE_SECONDS = env.int("PARTICIPATION_PUSH_RETRY_BASE_SECONDS", default=60)
PARTICIPATION_PUSH_TIMEOUT_SECONDS = env.int("PARTICIPATION_PUSH_TIMEOUT_SECONDS", default=10)
# Organisers (organisers/): who hears of new proposals, sign-in links, session changes.
ORGANISER_STAFF_EMAILS = env.list("ORGANISER_STAFF_EMAILS", default=[])
ORGANISER_SIGNIN_LINK_MINUTES = env.int("ORGANISER_SIGNIN_LINK_MINUTES", default=30)
# "apply": an organiser's date, time or capacity change applies at once; "review": staff apply it.
ORGANISER_SESSION_CHANGES = env.str("ORGANISER_SESSION_CHANGES", default="apply")
PROPOSAL_RATE_LIMIT = env.str("PROPOSAL_RATE_LIMIT", default="5/h")
SIGNIN_RATE_LIMIT = env.str("SIGNIN_RATE_LIMIT", default="10/h")
# Provider webhooks (/anymail/<esp>/tracking/): without ANYMAIL_WEBHOOK_SECRET the
# route is not served at all, so nobody can forge a bounce (mailer/checks.py).
# Addresses blocked after a bounce or complaint are unblocked after this many days.
MAILER_BLOCK_DAYS = env.int("MAILER_BLOCK_DAYS", default=180)
