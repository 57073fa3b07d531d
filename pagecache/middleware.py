"""Serve anonymous public pages from the cache, and set the right caching headers on every response.

Placed right after WhiteNoise: a hit costs one cache round trip and none of the
session, authentication, CSRF or template machinery.

Kinds of response and their headers:
- public pages (marked by `pagecache.mark_public`) for a visitor without a
  session: `Cache-Control: public, max-age=N`, an `Age` header on hits (so a
  proxy or browser never keeps them past N seconds in all), no `Vary: Cookie`
  and no cookie. The language is in the path, so no `Vary: Accept-Language`.
- the same pages for a signed-in visitor (staff): `private, no-cache`, never stored.
- everything else (personal pages, forms, errors, redirects): `private,
  no-cache` unless the view said otherwise (`never_cache` pages keep theirs).
"""

import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import cache as pagecache

PRIVATE = "private, no-cache"


def _anonymous(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _strip_vary(response, names):
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() not in names]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def _from_entry(entry, request, age):
    response = HttpResponse(b"" if request.method == "HEAD" else entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Cache-Control"] = f"public, max-age={entry['seconds']}"
    response["Age"] = str(max(0, int(age)))
    response["X-Cache"] = "HIT"
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request.method in ("GET", "HEAD") and _anonymous(request)
        if not cacheable or not pagecache.enabled():
            return self._finish(request, self.get_response(request), cacheable, None, None)

        key = pagecache.entry_key(request)
        generation, entry = pagecache.lookup(key)
        now = time.time()
        locked = False
        if entry is not None and generation is not None:
            age = now - entry["time"]
            if entry["generation"] == generation and age < entry["seconds"]:
                return _from_entry(entry, request, age)
            if entry["stale"]:
                # Outdated: one process rebuilds, the others serve the previous version meanwhile.
                locked = pagecache.rebuild_lock(key)
                if not locked:
                    return _from_entry(entry, request, min(age, entry["seconds"]))
        try:
            response = self.get_response(request)
            return self._finish(request, response, cacheable, key, generation)
        finally:
            if locked:
                pagecache.release_lock(key)

    def _finish(self, request, response, cacheable, key, generation):
        seconds = getattr(response, "pagecache_seconds", None)
        if seconds is None or response.status_code != 200 or getattr(response, "streaming", False):
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            return response
        if not cacheable or response.cookies:
            # Public page seen by a signed-in visitor: personal (the Wagtail user bar, ...).
            response["Cache-Control"] = PRIVATE
            return response
        # The same for every anonymous visitor: no Vary on cookies, nor on the language (it is in the path).
        _strip_vary(response, {"cookie", "accept-language"})
        del response["Cache-Control"]
        patch_cache_control(response, public=True, max_age=seconds)
        if key is not None and generation is not None:
            response["X-Cache"] = "MISS"
            if request.method == "GET":
                pagecache.store(key, generation, response, seconds, response.pagecache_stale)
        return response
