"""CSRF protection for forms on cached pages, without a cookie.

A page served from the cache cannot carry a per-visitor token (and the
`csrftoken` cookie it would set makes it uncacheable). Browsers say where a
request comes from: `Sec-Fetch-Site` (every current browser) and `Origin`
(on every cross-site POST). A POST is accepted only when the browser says it
comes from this site, as OWASP's "verifying origin with standard headers" and
Go's CrossOriginProtection do; a request that says nothing at all is refused.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import REASON_BAD_ORIGIN
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _same_origin(request, value):
    if not value or value == "null":
        return False
    expected = f"{request.scheme}://{request.get_host()}"
    return value == expected or value in settings.CSRF_TRUSTED_ORIGINS


def origin_verified(request):
    if getattr(request, "_dont_enforce_csrf_checks", False):  # Django's test client, as CsrfViewMiddleware does
        return True
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return _same_origin(request, origin)
    if fetch_site is not None:
        return True
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    return bool(referer.netloc) and _same_origin(request, f"{referer.scheme}://{referer.netloc}")


def origin_protect(view):
    """Refuse a POST (or any unsafe method) that a browser says came from another site."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not origin_verified(request):
            return get_callable(settings.CSRF_FAILURE_VIEW)(
                request, reason=REASON_BAD_ORIGIN % request.META.get("HTTP_ORIGIN", "none")
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
