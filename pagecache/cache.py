"""Whole-response cache for anonymous visitors, invalidated by a generation number.

Every entry is stored with the generation it was rendered under. Staff changes
(`invalidate()`, after the transaction commits) write a new generation: every
entry rendered before is then ignored, without knowing which pages showed what.
A lookup is one round trip (`get_many` of the generation and the entry).

Cache errors never reach the visitor: a failed read is a miss, a failed write
is skipped, and the page is rendered as if there were no cache.
"""

import functools
import hashlib
import logging
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_PREFIX = "pagecache:page:"
LOCK_PREFIX = "pagecache:lock:"
# Headers a stored response keeps (the others are the server's or per request).
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "content-disposition",
    "content-security-policy",
    "x-frame-options",
    "x-robots-tag",
    "link",
}


def enabled():
    return getattr(settings, "PAGECACHE_ENABLED", True)


def seats_seconds():
    """Pages that show seats left: never older than this, whatever caches they cross."""
    return getattr(settings, "PAGECACHE_SEATS_SECONDS", 30)


def page_seconds():
    return getattr(settings, "PAGECACHE_SECONDS", 300)


def feed_seconds():
    return getattr(settings, "PAGECACHE_FEED_SECONDS", 900)


def mark_public(response, seconds, *, stale=False):
    """Say that `response` is the same for every anonymous visitor for `seconds`.

    `stale=True` (feeds): while one process rebuilds an outdated entry, the
    others serve the previous one instead of building it too.
    """
    if not hasattr(response, "pagecache_seconds"):
        response.pagecache_seconds = seconds
        response.pagecache_stale = stale
    return response


def public(seconds, *, stale=False):
    """View decorator: `mark_public` on every response of the view."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return mark_public(view(request, *args, **kwargs), seconds() if callable(seconds) else seconds, stale=stale)

        return wrapper

    return decorator


def normalised_query(query_string):
    """The query string sorted, empty values dropped: `?b=2&a=&a=1` and `?a=1&b=2` share an entry."""
    pairs = sorted((k, v) for k, v in parse_qsl(query_string, keep_blank_values=False) if v.strip())
    return urlencode(pairs)


def entry_key(request):
    raw = f"{request.get_host()}|{request.path}|{normalised_query(request.META.get('QUERY_STRING', ''))}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _new_generation():
    return uuid.uuid4().hex


def lookup(key):
    """(generation, entry) in one round trip; (None, None) if the cache fails."""
    try:
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, _new_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        return generation, found.get(key)
    except Exception:  # noqa: BLE001  (any cache failure: render without it)
        logger.warning("Page cache unavailable: rendering without it", exc_info=True)
        return None, None


def store(key, generation, response, seconds, stale):
    entry = {
        "generation": generation,
        "time": time.time(),
        "seconds": seconds,
        "stale": stale,
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS],
        "content": response.content,
    }
    # Stale-capable entries outlive their freshness, to be served while one process rebuilds.
    timeout = seconds * 4 if stale else seconds
    try:
        cache.set(key, entry, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable: response not stored", exc_info=True)


def rebuild_lock(key, seconds=60):
    """True for the one process that may rebuild `key` now (and if the cache fails)."""
    try:
        return cache.add(LOCK_PREFIX + key, 1, timeout=seconds)
    except Exception:  # noqa: BLE001
        return True


def release_lock(key):
    try:
        cache.delete(LOCK_PREFIX + key)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable: lock not released", exc_info=True)


def generation():
    """The current generation (None when the cache fails): part of derived cache keys."""
    return lookup(GENERATION_KEY)[0]


def invalidate():
    """Forget every cached page and derived count, once the current transaction commits."""

    def bump():
        try:
            cache.set(GENERATION_KEY, _new_generation(), timeout=None)
        except Exception:  # noqa: BLE001
            # Entries then live until their time runs out (30 s for anything showing seats).
            logger.warning("Page cache unavailable: invalidation skipped", exc_info=True)

    transaction.on_commit(bump)


def cached_value(name, parts, seconds, compute):
    """`compute()` cached under `name` + `parts` for the current generation, at most `seconds`.

    Used for the counts a page shows beside its filters: they change only when
    staff change the programme (new generation) or, for seats, within `seconds`.
    """
    current = generation()
    if current is None:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"pagecache:value:{name}:{current}:{digest}"
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=seconds)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache unavailable: value not stored", exc_info=True)
    return value
