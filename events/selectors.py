"""Reads of the programme shared by the programme page, its feeds and the home page.

Every function runs a fixed number of queries whatever the size of the
programme: lists are annotated and prefetched, counts are grouped aggregates.
"""

import datetime
from collections import OrderedDict

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page

from events.dates import PARIS
from events.filters import NATIONAL
from events.geo import REGIONS
from events.models.registrations import Registration
from events.models.sessions import Session
from events.models.taxonomy import Community, Theme

# Sessions ended less than this long ago stay in calendar feeds, so that a
# calendar that synchronises late still sees a last-minute cancellation.
FEED_RECENT = datetime.timedelta(days=30)


def live_webinars(programme):
    """The live, public pages under the programme (its children are webinars only)."""
    if programme is None:
        return Page.objects.none()
    return programme.get_descendants().live().public()


def _confirmed_count():
    return Coalesce(
        Subquery(
            Registration.objects.filter(session=OuterRef("pk"), status=Registration.Status.CONFIRMED)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


def _paris_midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=PARIS)


def filter_sessions(sessions, filters, *, exclude=None):
    """Apply the programme filters (a ProgrammeFilterForm's `filters`) to a Session queryset.

    `exclude` names one filter to leave out: the counts shown beside a filter's
    options are those of the other filters.
    """
    f = {k: v for k, v in filters.items() if k != exclude}
    if "communaute" in f:
        sessions = sessions.filter(webinar__in=Community.objects.filter(slug=f["communaute"]).values("webinars"))
    if "theme" in f:
        sessions = sessions.filter(webinar__in=Theme.objects.filter(slug=f["theme"]).values("webinars"))
    if "region" in f:
        sessions = sessions.filter(webinar__region="" if f["region"] == NATIONAL else f["region"])
    if "departement" in f:
        sessions = sessions.filter(webinar__department=f["departement"])
    if "organisateur" in f:
        sessions = sessions.filter(webinar__organiser__type=f["organisateur"])
    if "du" in f:
        sessions = sessions.filter(start__gte=_paris_midnight(f["du"]))
    if "au" in f:
        sessions = sessions.filter(start__lt=_paris_midnight(f["au"] + datetime.timedelta(days=1)))
    if f.get("places"):
        sessions = sessions.filter(
            status=Session.Status.SCHEDULED, registration_open=True, capacity__gt=_confirmed_count()
        )
    if f.get("q"):
        for word in f["q"].split()[:8]:
            sessions = sessions.filter(
                Q(webinar__title__icontains=word)
                | Q(webinar__summary__icontains=word)
                | Q(webinar__organiser__name__icontains=word)
                | Q(webinar__in=Session.objects.filter(webinar__speakers__name__icontains=word).values("webinar"))
            )
    return sessions


def base_sessions(programme=None, *, past=False, now=None):
    """Sessions of live public webinars, upcoming (or past), without filters."""
    now = now or timezone.now()
    sessions = Session.objects.filter(webinar__in=live_webinars(programme))
    return sessions.past(now) if past else sessions.upcoming(now)


def session_list(sessions, *, past=False):
    """A filtered Session queryset made ready for display: seats, webinar, taxonomy, one query each."""
    return (
        sessions.with_seats()
        .select_related("webinar", "webinar__organiser")
        .prefetch_related(
            Prefetch("webinar__themes", queryset=Theme.objects.all()),
            Prefetch("webinar__communities", queryset=Community.objects.all()),
        )
        .order_by("-start" if past else "start", "pk")
    )


def group_by_month(sessions):
    """[(label, [session, ...]), ...] in the given order, months in Paris time."""
    months = OrderedDict()
    for session in sessions:
        local = timezone.localtime(session.start, PARIS)
        key = (local.year, local.month)
        if key not in months:
            months[key] = (date_format(local, "F Y"), [])
        months[key][1].append(session)
    return list(months.values())


def facet_counts(sessions, filters):
    """Per option of each filter, how many sessions match it and the other filters.

    One grouped query per facet: five queries whatever the size of the programme.
    """
    facets = {
        "theme": "webinar__themes__slug",
        "communaute": "webinar__communities__slug",
        "region": "webinar__region",
        "departement": "webinar__department",
        "organisateur": "webinar__organiser__type",
    }
    counts = {}
    for name, field in facets.items():
        rows = (
            filter_sessions(sessions, filters, exclude=name)
            .order_by()
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .values_list(field, "n")
        )
        counts[name] = {key: n for key, n in rows if key is not None}
    counts["region"][NATIONAL] = counts["region"].pop("", 0)
    return counts


def region_webinar_counts(sessions):
    """{region code: number of webinars with a session in `sessions`} (national under "")."""
    rows = (
        sessions.order_by()
        .values("webinar__region")
        .annotate(n=Count("webinar", distinct=True))
        .values_list("webinar__region", "n")
    )
    return dict(rows)


def region_map(counts, href):
    """The 18 regions with their outline, count and link, for the map and its text alternative.

    `href(code)` gives the link of a region.
    """
    from events.map_paths import REGION_LABEL_POINTS, REGION_PATHS

    regions = []
    top = max([n for code, n in counts.items() if code] or [0])
    for region in REGIONS:
        n = counts.get(region.code, 0)
        # Five shades, so the map reads at a glance; the number is always given in words too.
        level = 0 if not n else 1 + min(3, (4 * (n - 1)) // max(top, 1))
        x, y = REGION_LABEL_POINTS[region.code]
        regions.append(
            {
                "code": region.code,
                "name": region.name,
                "count": n,
                "level": level,
                "path": REGION_PATHS[region.code],
                "x": x,
                "y": y,
                "href": href(region.code),
            }
        )
    return regions


def home_programme_context(programme, *, now=None, next_count=4):
    """What the home page shows of the programme (None before it exists): next sessions,
    key figures, region map."""
    now = now or timezone.now()
    upcoming = base_sessions(programme, now=now).not_cancelled()
    next_sessions = list(session_list(upcoming)[:next_count])
    figures = upcoming.aggregate(
        sessions=Count("pk", distinct=True),
        webinars=Count("webinar", distinct=True),
        regions=Count("webinar__region", distinct=True, filter=~Q(webinar__region="")),
    )
    figures["registrations"] = Registration.objects.filter(
        session__in=base_sessions(programme, now=now), status=Registration.Status.CONFIRMED
    ).count()
    counts = region_webinar_counts(upcoming)
    programme_url = programme.url if programme else None
    regions = (
        region_map(counts, lambda code: f"{programme_url}?region={code}" if programme_url else None)
        if programme
        else []
    )
    return {
        "programme_page": programme,
        "next_sessions": next_sessions,
        "programme_figures": figures,
        "map_regions": regions,
        "national_webinars": counts.get("", 0),
        "national_href": f"{programme_url}?region={NATIONAL}" if programme_url else None,
    }
