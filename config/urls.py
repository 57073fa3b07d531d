from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from events.presentation import serve_calendar_path
from home import views as home_views
from mailer import views as mailer_views
from pagecache import cache as pagecache

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", home_views.healthz, name="healthz"),
    path("readyz", home_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    # For search engines: every live public page (cached like the pages, dropped on publish).
    path("sitemap.xml", pagecache.public(pagecache.page_seconds)(sitemap), name="sitemap_xml"),
    # Provider webhooks (bounces, complaints): anymail's tracking signal feeds mailer.
    # Refused (404) without ANYMAIL_WEBHOOK_SECRET, so nobody can forge a bounce.
    path("anymail/<path:rest>", mailer_views.provider_webhook, name="anymail_webhook"),
    # Kit downloads and webinar visuals (counted and drawn there, never on a page view).
    path("", include("kits.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# French (the default) lives at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("recherche/", home_views.search, name="search"),
    path("", include("events.urls")),
    path("", include("participation.urls")),
    path("espace-organisateur/", include("organisers.urls")),
    # Calendar files keep their .ics names; Wagtail's page pattern refuses dots.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", serve_calendar_path, name="calendar_path"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
