"""Dates in Paris time and add-to-calendar links for sessions."""

from datetime import UTC
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from events.dates import PARIS, time_label

register = template.Library()


NBSP = "\u00a0"


_time = time_label


@register.filter
def paris_time(value):
    """A time in Paris, written as everywhere else on the site and in emails."""
    if not value:
        return ""
    return _time(timezone.localtime(value, PARIS))


@register.filter
def session_when(session):
    """'mardi 1 décembre 2026, 10 h 00 – 11 h 00' in Paris time."""
    start = timezone.localtime(session.start, PARIS)
    end = timezone.localtime(session.end, PARIS)
    day = date_format(start, "l j F Y")
    if start.date() != end.date():
        return gettext("%(start_day)s, %(start)s – %(end_day)s, %(end)s") % {
            "start_day": day,
            "start": _time(start),
            "end_day": date_format(end, "l j F Y"),
            "end": _time(end),
        }
    return gettext("%(day)s, %(start)s – %(end)s") % {"day": day, "start": _time(start), "end": _time(end)}


def _utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@register.simple_tag
def google_calendar_url(session, webinar_url=None):
    webinar = session.webinar
    url = webinar_url or webinar.absolute_url
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": webinar.title,
            "dates": f"{_utc(session.start)}/{_utc(session.end)}",
            "details": f"{webinar.summary}\n\n{url}",
            "location": url,
            "ctz": "Europe/Paris",
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


@register.simple_tag
def outlook_calendar_url(session, webinar_url=None):
    webinar = session.webinar
    url = webinar_url or webinar.absolute_url
    query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": webinar.title,
            "startdt": session.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "enddt": session.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "body": f"{webinar.summary}\n\n{url}",
            "location": url,
        }
    )
    return f"https://outlook.live.com/calendar/0/deeplink/compose?{query}"
