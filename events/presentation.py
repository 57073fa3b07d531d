"""What the programme and webinar pages show: their context and calendar responses.

Kept out of the page models so they stay readable; the pages' `get_context`
and `@path` routes call these, passing the page in: nothing here imports the
page models back.
"""

from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from events import calendar, selectors
from events.dates import PARIS
from events.filters import FILTER_PARAMS, NATIONAL, ProgrammeFilterForm
from events.geo import DEPARTMENTS, REGIONS
from events.models.sessions import Session
from events.models.taxonomy import Community, OrganiserType, Theme

SESSIONS_PER_PAGE = 20


def serve_calendar_path(request, path):
    """Serve `<page path>/<name>.ics` through the page's routes.

    Wagtail's page URL pattern refuses dots; config/urls.py may route
    `*.ics` paths here (URL name "calendar_path") so that feeds have their
    usual `.ics` names.
    """
    from wagtail.views import serve

    return serve(request, path + "/")


def _path_of(page, request):
    """The page's path (language prefix included), without scheme or host."""
    return urlsplit(page.get_url(request) or "/").path


def filter_query(filters, **replace):
    """A query string of the valid filters only (so shared links drop what was ignored)."""
    values = {**filters, **replace}
    query = {}
    for key in FILTER_PARAMS:
        value = values.get(key)
        if value in (None, "", False):
            continue
        if key == "places":
            value = "1"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        query[key] = value
    return urlencode(query)


def _paginate(sessions, request):
    """The requested page; a malformed or out-of-range number falls back and says so."""
    paginator = Paginator(sessions, SESSIONS_PER_PAGE)
    raw = request.GET.get("page", "1")
    ignored = []
    try:
        number = int(raw)
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        number = 1
        ignored.append({"field": gettext("Page"), "value": raw[:20], "reason": gettext("not a page number")})
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(paginator.num_pages)
        ignored.append(
            {
                "field": gettext("Page"),
                "value": raw[:20],
                "reason": ngettext(
                    "there is only %(count)d page: showing it",
                    "there are only %(count)d pages: showing the last one",
                    paginator.num_pages,
                )
                % {"count": paginator.num_pages},
            }
        )
    return page, ignored


def _options(choices, counts, selected):
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "selected": value == selected}
        for value, label in choices
    ]


def programme_context(programme, request, *, past=False):
    now = timezone.now()
    themes = list(Theme.objects.all())
    communities = list(Community.objects.all())
    form = ProgrammeFilterForm(request.GET, themes=themes, communities=communities)
    filters = form.filters
    base = selectors.base_sessions(programme, past=past, now=now)
    matching = selectors.filter_sessions(base, filters)
    page, page_ignored = _paginate(selectors.session_list(matching, past=past), request)

    programme_path = _path_of(programme, request)
    sessions = list(page.object_list)
    for session in sessions:
        session.webinar_url = f"{programme_path}{session.webinar.slug}/"

    counts = selectors.facet_counts(base, filters)
    region_counts = selectors.region_webinar_counts(selectors.filter_sessions(base, filters, exclude="region"))
    list_path = programme_path + ("passees/" if past else "")
    selected_region = filters.get("region", "")
    map_regions = selectors.region_map(
        region_counts, lambda code: f"{list_path}?{filter_query(filters, region=code, departement=None)}"
    )
    for region in map_regions:
        region["selected"] = region["code"] == selected_region

    department_choices = [
        (d.code, f"{d.code} – {d.name}")
        for d in DEPARTMENTS
        if not selected_region or selected_region == NATIONAL or d.region_code == selected_region
    ]
    feed_query = filter_query(filters)
    feed_url = f"{settings.SITE_URL}{programme_path}agenda.ics" + (f"?{feed_query}" if feed_query else "")
    return {
        "past": past,
        "form": form,
        "filters": filters,
        "ignored": form.ignored + page_ignored,
        "page_obj": page,
        "paginator": page.paginator,
        "months": selectors.group_by_month(sessions),
        "result_count": page.paginator.count,
        "facets": {
            "theme": _options([(t.slug, t.name) for t in themes], counts["theme"], filters.get("theme")),
            "communaute": _options(
                [(c.slug, c.name) for c in communities], counts["communaute"], filters.get("communaute")
            ),
            "region": _options(
                [(NATIONAL, gettext("National webinars")), *((r.code, r.name) for r in REGIONS)],
                counts["region"],
                selected_region,
            ),
            "departement": _options(department_choices, counts["departement"], filters.get("departement")),
            "organisateur": _options(OrganiserType.choices, counts["organisateur"], filters.get("organisateur")),
        },
        "map_regions": map_regions,
        "national_count": region_counts.get("", 0),
        "national_href": f"{list_path}?{filter_query(filters, region=NATIONAL, departement=None)}",
        "programme_path": programme_path,
        "upcoming_url": programme_path + (f"?{feed_query}" if feed_query else ""),
        "past_url": programme_path + "passees/" + (f"?{feed_query}" if feed_query else ""),
        "reset_url": list_path,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
    }


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def programme_feed_response(programme, request):
    """The calendar feed: the page's filters, future and recently ended sessions, no join link."""
    now = timezone.now()
    form = ProgrammeFilterForm(request.GET)
    sessions = Session.objects.filter(
        webinar__in=selectors.live_webinars(programme), end__gte=now - selectors.FEED_RECENT
    )
    sessions = selectors.filter_sessions(sessions, form.filters).select_related("webinar").order_by("start", "pk")
    base_url = f"{settings.SITE_URL}{_path_of(programme, request)}"
    events = [
        calendar.session_event(session, url=f"{base_url}{session.webinar.slug}/") for session in sessions.iterator()
    ]
    name = gettext("Webinar programme — Réussir ensemble Mon espace santé")
    content = calendar.build_calendar(events, method="PUBLISH", name=name)
    response = _calendar_response(content, "programme-webinaires.ics")
    response["Cache-Control"] = "public, max-age=900"
    return response


def session_ics_response(programme, request, pk):
    session = (
        Session.objects.filter(webinar__in=selectors.live_webinars(programme), pk=pk).select_related("webinar").first()
    )
    if session is None:
        raise Http404
    url = f"{settings.SITE_URL}{_path_of(programme, request)}{session.webinar.slug}/"
    content = calendar.build_calendar([calendar.session_event(session, url=url)], method="PUBLISH")
    day = timezone.localtime(session.start, PARIS)
    return _calendar_response(content, f"{session.webinar.slug}-{day:%Y-%m-%d}.ics")


def webinar_context(webinar, request):
    now = timezone.now()
    sessions = list(webinar.sessions.with_seats().order_by("start", "pk"))
    for session in sessions:
        session.webinar = webinar  # already loaded: no query per session
    programme = webinar.get_parent().specific
    programme_path = _path_of(programme, request)
    for session in sessions:
        session.ics_url = f"{programme_path}session/{session.pk}.ics"
    page_url = f"{settings.SITE_URL}{_path_of(webinar, request)}"
    share_text = webinar.title
    context = {
        "programme_page": programme,
        "upcoming_sessions": [s for s in sessions if s.end >= now],
        "past_sessions": [s for s in sessions if s.end < now][::-1],
        "absolute_url": page_url,
        "share_links": [
            {
                "network": "mail",
                "label": gettext("Share by email"),
                "url": "mailto:?" + urlencode({"subject": share_text, "body": page_url}, quote_via=quote),
            },
            {
                "network": "linkedin",
                "label": gettext("Share on LinkedIn"),
                "url": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": page_url}),
            },
            {
                "network": "twitter-x",
                "label": gettext("Share on X"),
                "url": "https://twitter.com/intent/tweet?" + urlencode({"url": page_url, "text": share_text}),
            },
        ],
        "themes": list(webinar.themes.all()),
        "communities": list(webinar.communities.all()),
        "speakers": list(webinar.speakers.all()),
    }
    return context
