"""gunicorn settings for production: `gunicorn config.asgi -c config/gunicorn.py` (see Procfile).

The ASGI worker reads requests on an event loop, so clients that send their headers
slowly (or never finish) hold a socket, not a worker: they cannot block the site, with
or without a buffering reverse proxy in front. Django runs the (synchronous) views in a
thread of each worker; scale with WEB_CONCURRENCY processes (about one per core).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "asgi"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_connections = int(os.environ.get("WEB_MAX_CONNECTIONS", "1000"))
asgi_lifespan = "off"  # Django has no lifespan handler
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Requests larger than this are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# The access log records paths: the query string and personal tokens stay out of it.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# gunicorn's own logs (access lines carry paths) pass the same token scrubber as Django's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_tokens": {"()": "home.log_filters.ScrubTokensFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub_tokens"]},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
