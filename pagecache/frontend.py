"""Purge a CDN or Varnish in front (wagtail.contrib.frontend_cache), when one is configured.

Wagtail purges a page's own URL when it is published or unpublished. The site
also serves each page in English under `/en/` (French has no prefix, which
`WAGTAILFRONTENDCACHE_LANGUAGES` cannot express), and pages show sessions,
which are not pages: these purges are done here. Purges run as tasks, never in
the request.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _language_urls(url):
    parts = urlsplit(url)
    urls = [url]
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            urls.append(urlunsplit(parts._replace(path=f"/{code}{parts.path}")))
    return urls


def purge_pages(pages, *, other_languages_only=False):
    if not configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = []
    for page in pages:
        url = page.get_full_url()
        if url:
            variants = _language_urls(url)
            urls.extend(variants[1:] if other_languages_only else variants)
    purge_urls_from_cache(urls)


def purge_other_languages(pages):
    purge_pages(pages, other_languages_only=True)
