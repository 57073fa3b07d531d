"""The site's public API, `/api/v1/`: one NinjaAPI; each app adds its router here.

Its namespace (`api_v1`) differs from Wagtail's own ninja API (`wagtailapi_v3`, not
mounted here), so both can live in one project.
"""

from ninja import NinjaAPI

from participation.api import router as participation_router

api = NinjaAPI(
    title="Réussir Mon espace santé",
    version="1",
    urls_namespace="api_v1",
    description="Public API of reussirmonespacesante.fr.",
)

api.add_router("/participation/", participation_router)
