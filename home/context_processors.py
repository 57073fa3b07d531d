from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

# The pages a French public site must have, at fixed paths (footer links).
MANDATORY_PAGES = [
    ("mentions-legales", _("Legal notice")),
    ("donnees-personnelles", _("Personal data")),
    ("accessibilite", _("Accessibility: partially compliant")),
    ("plan-du-site", _("Sitemap")),
]


def _main_menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().specific(defer=True))


def site_chrome(request):
    """Navigation, language switch and footer links shared by every public page."""
    current = get_language()
    path = request.get_full_path()
    return {
        "main_menu": SimpleLazyObject(lambda: _main_menu(request)),
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
            for code, name in settings.LANGUAGES
        ],
        "mandatory_links": [
            {"url": reverse("wagtail_serve", args=[f"{slug}/"]), "label": label} for slug, label in MANDATORY_PAGES
        ],
        "contact_email": settings.CONTACT_EMAIL,
    }
