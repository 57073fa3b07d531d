"""Pages whose public version is cached (see pagecache.middleware)."""

from .cache import mark_public, page_seconds, seats_seconds


class PublicCacheMixin:
    """A Wagtail page served from the cache to anonymous visitors.

    `pagecache_seats = True` for pages that show seats left (30 seconds at most).
    A route may mark its own response first (`mark_public`): that mark wins.
    """

    pagecache_seats = False

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            return response
        return mark_public(response, seats_seconds() if self.pagecache_seats else page_seconds())
