"""iCalendar output: public feeds, one session's .ics, and personal invitations.

Calendars apply an update only with the same UID and a higher SEQUENCE, and
drop an event only on METHOD:CANCEL; every builder here keeps to that.
"""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress

from events.dates import PARIS
from events.models.sessions import Session

PRODID = "-//reussirmonespacesante.fr//Programme des webinaires//FR"
UID_DOMAIN = "reussirmonespacesante.fr"


def session_uid(session):
    return f"session-{session.uid}@{UID_DOMAIN}"


def session_event(session, *, private_join_url=False, attendee=None, cancelled=False, url=None):
    """One VEVENT for a session. The join link goes in only when asked (emails).

    `url` is the webinar's absolute URL when the caller knows it already (a
    feed of thousands of sessions should not work it out once per session).
    """
    webinar = session.webinar
    if url is None:
        url = webinar.absolute_url
    description = [webinar.summary, "", f"Programme et inscription : {url}"]
    location = url
    if private_join_url and session.join_url:
        description += ["", f"Lien de connexion : {session.join_url}"]
        location = session.join_url
    is_cancelled = cancelled or session.status == Session.Status.CANCELLED
    event = Event.new(
        uid=session_uid(session),
        sequence=session.sequence,
        summary=webinar.title,
        description="\n".join(description),
        start=session.start.astimezone(PARIS),
        end=session.end.astimezone(PARIS),
        location=location,
        url=url,
        stamp=timezone.now(),
        last_modified=session.updated_at or timezone.now(),
        status="CANCELLED" if is_cancelled else "CONFIRMED",
        organizer=_organizer(),
        attendees=[attendee] if attendee is not None else None,
    )
    return event


def _organizer():
    organizer = vCalAddress(f"mailto:{settings.CONTACT_EMAIL}")
    organizer.params["CN"] = "Réussir ensemble Mon espace santé"
    return organizer


def attendee_address(email, name):
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["CN"] = name
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "ACCEPTED"
    attendee.params["RSVP"] = "FALSE"
    return attendee


def build_calendar(events, *, method=None, name=None, first=None, last=None):
    """A VCALENDAR with a VTIMEZONE for Europe/Paris covering the events' dates."""
    events = list(events)
    calendar = Calendar.new(prodid=PRODID, method=method, name=name)
    calendar.add("X-WR-TIMEZONE", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    if first is None or last is None:
        starts = [event.DTSTART.date() for event in events] or [timezone.localdate()]
        first = first or min(starts)
        last = last or max(starts)
    # The range keeps the VTIMEZONE small (otherwise it covers 1970-2038).
    calendar.add_missing_timezones(first - timedelta(days=1), last + timedelta(days=366))
    if not calendar.timezones:
        calendar.add_component(_paris_timezone(first, last))
    return calendar.to_ical()


def _paris_timezone(first: date, last: date):
    return Timezone.from_tzid(
        "Europe/Paris", first_date=first - timedelta(days=1), last_date=last + timedelta(days=366)
    )


def invitation_ics(session, *, email, name, cancel=False):
    """A personal invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL), with the join link."""
    event = session_event(
        session, private_join_url=not cancel, attendee=attendee_address(email, name), cancelled=cancel
    )
    return build_calendar([event], method="CANCEL" if cancel else "REQUEST")
