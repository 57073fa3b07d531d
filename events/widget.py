"""The embeddable programme widget (/widget/programme/) and the page that builds its snippet (/widget/).

The widget is the only page of the site that other sites may frame
(`frame-ancestors *`, no X-Frame-Options); everything else stays `DENY` /
`frame-ancestors 'none'`. Its filters are the programme page's, read by the same
form and applied by the same selector.
"""

from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace, csp_update
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from events import selectors
from events.filters import ProgrammeFilterForm
from events.models import ProgrammePage
from events.presentation import filter_query

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
# The filters a partner is offered in the snippet builder.
BUILDER_FILTERS = ("region", "departement", "communaute", "theme")
WIDGET_MAX_AGE = 300


def _limit(raw):
    try:
        return min(max(int(raw), 1), MAX_LIMIT)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT


def _absolute(path):
    return settings.SITE_URL + path


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def programme_widget(request):
    programme = ProgrammePage.objects.live().first()
    form = ProgrammeFilterForm(request.GET)
    filters = form.filters
    limit = _limit(request.GET.get("nombre"))
    sessions, total, programme_url = [], 0, None
    if programme is not None:
        matching = selectors.filter_sessions(
            selectors.base_sessions(programme, now=timezone.now()).not_cancelled(), filters
        )
        total = matching.count()
        sessions = list(selectors.session_list(matching)[:limit])
        programme_path = programme.get_url(request) or "/"
        for session in sessions:
            session.webinar_url = _absolute(f"{programme_path}{session.webinar.slug}/")
        query = filter_query(filters)
        programme_url = _absolute(programme_path) + (f"?{query}" if query else "")
    response = render(
        request,
        "events/widget_programme.html",
        {
            "sessions": sessions,
            "total": total,
            "more": max(total - len(sessions), 0),
            "programme_url": programme_url,
            "ignored": form.ignored,
        },
    )
    patch_cache_control(response, public=True, max_age=WIDGET_MAX_AGE)
    return response


class WidgetBuilderForm(ProgrammeFilterForm):
    """The programme's filters a partner may fix, plus how many sessions to show."""

    nombre = forms.IntegerField(
        label=_("Number of sessions shown"), required=False, min_value=1, max_value=MAX_LIMIT, initial=DEFAULT_LIMIT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in (*BUILDER_FILTERS, "nombre"):
                del self.fields[name]


def widget_snippets(filters, limit):
    """The iframe and the script snippets for these filters."""
    query = {k: filters[k] for k in BUILDER_FILTERS if filters.get(k)}
    if limit != DEFAULT_LIMIT:
        query["nombre"] = limit
    widget_url = _absolute(reverse("events:programme_widget"))
    if query:
        widget_url += "?" + urlencode(query)
    script_url = static("js/widget-embed.js")
    if not script_url.startswith(("http://", "https://")):
        script_url = _absolute(script_url)
    # Attribute values are escaped (`&` becomes `&amp;`), as any HTML page should carry them.
    src, script_src, title = (
        escape(widget_url),
        escape(script_url),
        escape(_("Programme of the Mon espace santé webinars")),
    )
    iframe = (
        f'<iframe src="{src}" title="{title}" width="100%" height="600" '
        f'loading="lazy" referrerpolicy="strict-origin"></iframe>'
    )
    script = f'<script src="{script_src}" data-rmes-widget="{src}" data-title="{title}" async></script>'
    return {"widget_url": widget_url, "iframe": iframe, "script": script}


@require_safe
@csp_update({"frame-src": [SELF]})
def widget_builder(request):
    form = WidgetBuilderForm(request.GET)
    filters = form.filters
    limit = filters.get("nombre") or DEFAULT_LIMIT
    return render(
        request,
        "events/widget_builder.html",
        {"form": form, "ignored": form.ignored, "limit": limit, **widget_snippets(filters, limit)},
    )
