"""iCalendar output: public feeds, one session's .ics, and personal invitations.

Calendars apply an update only with the same UID and a higher SEQUENCE, and
drop an event only on METHOD:CANCEL; every builder here keeps to that.
"""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
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
    description = [webinar.summary, "", gettext("Programme and registration: %(url)s") % {"url": url}]
    location = url
    postponed = session.status == Session.Status.POSTPONED
    if postponed:
        # A postponed slot is not happening: calendars must stop showing it.
        description[:0] = [gettext("Postponed: a new date will be announced."), ""]
    elif private_join_url and session.join_url:
        description += ["", gettext("Join link: %(url)s") % {"url": session.join_url}]
        location = session.join_url
    is_cancelled = cancelled or postponed or session.status == Session.Status.CANCELLED
    summary = webinar.title
    if postponed:
        summary = gettext("Postponed: %(title)s") % {"title": webinar.title}
    event = Event.new(
        uid=session_uid(session),
        sequence=session.sequence,
        summary=summary,
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


# Europe/Paris as calendar servers write it: one full definition with yearly
# rules (last Sunday of March at 02:00, of October at 03:00). A cut-down zone
# with RDATEs beside a DTSTART is valid but misread by Mozilla's ical.js, and
# vobject caches one definition per TZID for a whole process: every file
# carries this same one.
PARIS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
X-LIC-LOCATION:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
""".replace("\n", "\r\n")


def paris_timezone():
    return Timezone.from_ical(PARIS_VTIMEZONE)


def calendar_uid(key):
    """A stable calendar-level UID: the same feed URL always gives the same one."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@{UID_DOMAIN}"


def build_calendar(events, *, method=None, name=None, uid_key=None):
    """A VCALENDAR with the one Europe/Paris VTIMEZONE, then the events.

    `uid_key` (the feed's URL, or the session's UID for a single event) makes
    the calendar's own UID stable from one download to the next.
    """
    calendar = Calendar.new(prodid=PRODID, method=method, name=name, uid=calendar_uid(uid_key) if uid_key else None)
    calendar.add("X-WR-TIMEZONE", "Europe/Paris")
    calendar.add_component(paris_timezone())
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def invitation_ics(session, *, email, name, cancel=False):
    """A personal invitation (METHOD:REQUEST) or its cancellation (METHOD:CANCEL), with the join link."""
    event = session_event(
        session, private_join_url=not cancel, attendee=attendee_address(email, name), cancelled=cancel
    )
    return build_calendar([event], method="CANCEL" if cancel else "REQUEST", uid_key=session_uid(session))
