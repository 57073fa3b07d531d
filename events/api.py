"""The programme's public, read-only API (router mounted under /api/v1/ by config/api.py).

Webinars and sessions with the programme page's own filters (validated by
`ProgrammeFilterForm`, applied by `selectors.filter_sessions`), seats left,
and the taxonomy. Nothing personal and no join link ever leaves through it.
Every list runs a fixed number of queries: the page's ids are read first,
then only those rows are annotated and prefetched.
"""

import datetime
import uuid
from functools import wraps
from typing import Literal

from django.conf import settings
from django.db.models import Min, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError

from events import selectors
from events.filters import MAX_QUERY_LENGTH, NATIONAL, ProgrammeFilterForm
from events.geo import DEPARTMENTS, REGIONS
from events.models import Community, OrganiserType, ProgrammePage, Session, Theme, WebinarPage


def public_read(view):
    """For public, anonymous reads: an ETag (304 on If-None-Match) and a short shared cache lifetime.

    Applied router by router (`router.add_decorator(public_read, mode="view")`),
    so that an authenticated endpoint never becomes publicly cacheable.
    """
    conditional = conditional_page(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


router = Router(tags=["programme"])
router.add_decorator(public_read, mode="view")

# Shared caches and browsers may keep a read this long (seconds).
PUBLIC_MAX_AGE = 60
MAX_PAGE_SIZE = 100
# Far beyond any real programme; keeps OFFSET inside what every database accepts.
MAX_PAGE = 10_000


# --- Schemas -----------------------------------------------------------------


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]


class NotFoundOut(Schema):
    detail: str


class TaxonomyOut(Schema):
    slug: str
    name: str


class OrganiserTypeOut(Schema):
    code: str
    name: str


class DepartmentOut(Schema):
    code: str
    name: str
    region_code: str


class RegionOut(Schema):
    code: str
    name: str
    departments: list[DepartmentOut]


class OrganiserOut(Schema):
    name: str
    type: str


class SessionOut(Schema):
    id: int
    uid: uuid.UUID
    start: datetime.datetime
    end: datetime.datetime
    status: str
    registration_open: bool
    capacity: int
    seats_left: int
    replay_url: str
    calendar_url: str


class WebinarSummaryOut(Schema):
    id: int
    title: str
    summary: str
    url: str
    region: str = Field(description="Region code (INSEE); empty for a national webinar.")
    region_name: str
    department: str
    department_name: str
    organiser: OrganiserOut | None
    themes: list[str] = Field(description="Theme slugs (see /themes).")
    communities: list[str] = Field(description="Community slugs (see /communities).")
    platform: str
    language: str
    has_captions: bool
    has_sign_language: bool


class SessionListItemOut(SessionOut):
    webinar: WebinarSummaryOut


class WebinarOut(WebinarSummaryOut):
    sessions: list[SessionOut] = Field(description="The webinar's sessions that match the filters.")


class SessionPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[SessionListItemOut]


class WebinarPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[WebinarOut]


# Static code lists become enums in the schema; theme and community slugs are data, checked per request.
RegionCode = Literal[(NATIONAL, *(r.code for r in REGIONS))]
DepartmentCode = Literal[tuple(d.code for d in DEPARTMENTS)]
OrganiserTypeCode = Literal[tuple(OrganiserType.values)]


class ProgrammeFilters(Schema):
    """The programme page's filters, under the same names as in its URLs."""

    q: str | None = Field(
        None, max_length=MAX_QUERY_LENGTH, description="Words searched in title, summary, organiser, speakers."
    )
    communaute: str | None = Field(None, description="Community slug.")
    theme: str | None = Field(None, description="Theme slug.")
    region: RegionCode | None = Field(None, description=f'Region code, or "{NATIONAL}" for national webinars.')
    departement: DepartmentCode | None = Field(
        None, description="Department code (must be in the region, if one is given)."
    )
    organisateur: OrganiserTypeCode | None = Field(None, description="Organiser type code (see /organiser-types).")
    du: datetime.date | None = Field(None, description="Sessions starting on or after this day (Paris time).")
    au: datetime.date | None = Field(None, description="Sessions starting on or before this day (Paris time).")
    places: bool = Field(False, description="Only sessions with seats left and registration open.")
    passees: bool = Field(False, description="Past sessions (most recent first) instead of upcoming ones.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# --- Reading the filters -----------------------------------------------------


def _valid_filters(params: ProgrammeFilters) -> dict:
    """The programme form's cleaned filters; any value it would ignore is a 422 here."""
    data = {}
    for name in ("q", "communaute", "theme", "region", "departement", "organisateur"):
        value = getattr(params, name)
        if value not in (None, ""):
            data[name] = value
    for name in ("du", "au"):
        value = getattr(params, name)
        if value is not None:
            data[name] = value.isoformat()
    if params.places:
        data["places"] = "on"
    form = ProgrammeFilterForm(data)
    filters = form.filters
    if form.ignored:
        names = {str(form.fields[name].label): name for name in form.fields}
        raise ValidationError(
            [
                {
                    "loc": ["query", names.get(item["field"], item["field"])],
                    "msg": f"{item['field']}: {item['reason']} ({item['value']!s})",
                    "type": "value_error",
                }
                for item in form.ignored
            ]
        )
    return filters


def _programme():
    return ProgrammePage.objects.live().first()


def _programme_url(request, programme):
    if programme is None:
        return None
    return settings.SITE_URL + (programme.get_url(request) or "/")


def _matching_sessions(params: ProgrammeFilters, programme):
    filters = _valid_filters(params)
    base = selectors.base_sessions(programme, past=params.passees, now=timezone.now())
    return selectors.filter_sessions(base, filters)


def _page_bounds(count, params):
    pages = max(1, -(-count // params.page_size))
    start = (params.page - 1) * params.page_size
    return pages, start, start + params.page_size


# --- Serialising ---------------------------------------------------------------


def _session_data(session, programme_url):
    return {
        "id": session.pk,
        "uid": session.uid,
        "start": session.start,
        "end": session.end,
        "status": session.status,
        "registration_open": session.registration_open,
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "replay_url": session.replay_url,
        "calendar_url": f"{programme_url}session/{session.pk}.ics" if programme_url else "",
    }


def _webinar_data(webinar, programme_url):
    organiser = webinar.organiser
    return {
        "id": webinar.pk,
        "title": webinar.title,
        "summary": webinar.summary,
        "url": f"{programme_url}{webinar.slug}/" if programme_url else "",
        "region": webinar.region,
        "region_name": webinar.region_name,
        "department": webinar.department,
        "department_name": webinar.department_name,
        "organiser": {"name": organiser.name, "type": organiser.type} if organiser else None,
        "themes": [t.slug for t in webinar.themes.all()],
        "communities": [c.slug for c in webinar.communities.all()],
        "platform": webinar.platform,
        "language": webinar.language,
        "has_captions": webinar.has_captions,
        "has_sign_language": webinar.has_sign_language,
    }


def _webinar_queryset():
    return WebinarPage.objects.select_related("organiser").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.all()),
        Prefetch("communities", queryset=Community.objects.all()),
    )


# --- Endpoints -----------------------------------------------------------------

LIST_RESPONSES = {422: ValidationErrorOut}


@router.get("/sessions", response={200: SessionPageOut, **LIST_RESPONSES}, summary="Sessions of the programme")
def list_sessions(request, params: Query[ProgrammeFilters]):
    """Upcoming sessions (or past ones with `passees=true`) in date order, with the programme's filters."""
    programme = _programme()
    matching = _matching_sessions(params, programme)
    count = matching.count()
    pages, start, stop = _page_bounds(count, params)
    order = ("-start", "-pk") if params.passees else ("start", "pk")
    ids = list(matching.order_by(*order).values_list("pk", flat=True)[start:stop])
    sessions = selectors.session_list(Session.objects.filter(pk__in=ids), past=params.passees)
    programme_url = _programme_url(request, programme)
    items = [{**_session_data(s, programme_url), "webinar": _webinar_data(s.webinar, programme_url)} for s in sessions]
    return {"count": count, "page": params.page, "pages": pages, "page_size": params.page_size, "items": items}


@router.get("/sessions/{session_id}", response={200: SessionListItemOut, 404: NotFoundOut}, summary="One session")
def get_session(request, session_id: int = Path(..., ge=1, le=2**31 - 1)):
    programme = _programme()
    session = selectors.session_list(
        Session.objects.filter(pk=session_id, webinar__in=selectors.live_webinars(programme))
    ).first()
    if session is None:
        raise Http404
    programme_url = _programme_url(request, programme)
    return {**_session_data(session, programme_url), "webinar": _webinar_data(session.webinar, programme_url)}


@router.get("/webinars", response={200: WebinarPageOut, **LIST_RESPONSES}, summary="Webinars of the programme")
def list_webinars(request, params: Query[ProgrammeFilters]):
    """Webinars with at least one session matching the filters, by their first such session.

    Each webinar lists its matching sessions only.
    """
    programme = _programme()
    matching = _matching_sessions(params, programme)
    by_webinar = matching.order_by().values("webinar").annotate(first=Min("start"))
    count = by_webinar.count()
    pages, start, stop = _page_bounds(count, params)
    ids = [
        row["webinar"] for row in by_webinar.order_by("-first" if params.passees else "first", "webinar")[start:stop]
    ]
    sessions = selectors.session_list(matching.filter(webinar_id__in=ids), past=params.passees)
    webinars = (
        _webinar_queryset()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("sessions", queryset=sessions.prefetch_related(None).select_related(None), to_attr="matching")
        )
    )
    position = {pk: i for i, pk in enumerate(ids)}
    programme_url = _programme_url(request, programme)
    items = [
        {
            **_webinar_data(webinar, programme_url),
            "sessions": [_session_data(s, programme_url) for s in webinar.matching],
        }
        for webinar in sorted(webinars, key=lambda w: position[w.pk])
    ]
    return {"count": count, "page": params.page, "pages": pages, "page_size": params.page_size, "items": items}


@router.get("/webinars/{webinar_id}", response={200: WebinarOut, 404: NotFoundOut}, summary="One webinar")
def get_webinar(request, webinar_id: int = Path(..., ge=1, le=2**31 - 1)):
    """A webinar with all its sessions, past and upcoming."""
    programme = _programme()
    webinar = (
        _webinar_queryset()
        .filter(pk=webinar_id, pk__in=selectors.live_webinars(programme))
        .prefetch_related(
            Prefetch("sessions", queryset=Session.objects.with_seats().order_by("start", "pk"), to_attr="matching")
        )
        .first()
    )
    if webinar is None:
        raise Http404
    programme_url = _programme_url(request, programme)
    return {
        **_webinar_data(webinar, programme_url),
        "sessions": [_session_data(s, programme_url) for s in webinar.matching],
    }


@router.get("/themes", response=list[TaxonomyOut], summary="Themes")
def list_themes(request):
    return list(Theme.objects.values("slug", "name"))


@router.get("/communities", response=list[TaxonomyOut], summary="Target communities")
def list_communities(request):
    return list(Community.objects.values("slug", "name"))


@router.get("/organiser-types", response=list[OrganiserTypeOut], summary="Organiser types")
def list_organiser_types(request):
    return [{"code": code, "name": str(name)} for code, name in OrganiserType.choices]


@router.get("/regions", response=list[RegionOut], summary="Regions and their departments")
def list_regions(request):
    """France's regions and departments (INSEE codes), static data."""
    departments = {}
    for department in DEPARTMENTS:
        departments.setdefault(department.region_code, []).append(department._asdict())
    return [{"code": r.code, "name": r.name, "departments": departments.get(r.code, [])} for r in REGIONS]
