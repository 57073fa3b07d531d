"""The site's one public API, `/api/v1/` (django-ninja).

Each app contributes a router from its own `<app>/api.py`. The namespace
`api_v1` keeps it apart from Wagtail 8's own ninja API (`wagtailapi_v3`), which
this site does not mount.
"""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from events.api import router as events_router
from participation.api import router as participation_router

api = NinjaAPI(
    title="Réussir ensemble Mon espace santé",
    version="1",
    description=_(
        "Read-only open data of the Tour de France programme: webinars, sessions with seats left, "
        "themes, communities, regions. No personal data and no join link."
    ),
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)

api.add_router("/", events_router)
api.add_router("/participation/", participation_router)
