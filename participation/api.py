"""The feed of contributions for partner platforms (participez.esante.gouv.fr), pulled with a token.

`GET /api/v1/participation/contributions?since=<cursor>` with `Authorization: Bearer <token>`
answers the published, consented contributions changed after the cursor, oldest change
first, and the cursor to ask from next time.
"""

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .models import Partner
from .services import feed


class PartnerToken(HttpBearer):
    def authenticate(self, request, token):
        return Partner.from_token(token)


class LocalizedText(Schema):
    fr: str


class FeedItem(Schema):
    external_id: str
    revision: int
    kind: str
    title: LocalizedText
    body: LocalizedText
    theme: str
    communities: list[str]
    webinar: str
    author: str
    organisation: str
    staff_answer: str
    retained: bool
    source_url: str
    published_at: str
    updated_at: str
    content_hash: str


class FeedPage(Schema):
    items: list[FeedItem]
    next_cursor: str
    has_more: bool


router = Router(tags=["participation"])


@router.get("/contributions", response=FeedPage, auth=PartnerToken(), url_name="participation_contributions")
def contributions(request, since: str = "", limit: int = 100):
    if not 1 <= limit <= 500:
        raise HttpError(400, "limit must be between 1 and 500")
    try:
        return feed.feed_pull(partner=request.auth, since=since, limit=limit)
    except feed.BadCursor as exc:
        raise HttpError(400, "since is not a cursor given by this API") from exc
