"""Calendar files read by two independent parsers (icalendar and vobject).

The times are checked in winter, in summer and on both 2027 change days, in
a feed that spans more than one year (issue 8: one parser read them an hour off).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from events.calendar import invitation_ics
from events.models import Session
from events.services import session_update
from tests.events.registration_helpers import make_webinar
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC

# Paris wall-clock 10:00 on each day, and the instant it is.
CASES = {
    datetime.date(2027, 1, 12): datetime.datetime(2027, 1, 12, 9, tzinfo=UTC),  # winter
    datetime.date(2027, 3, 28): datetime.datetime(2027, 3, 28, 8, tzinfo=UTC),  # spring change day
    datetime.date(2027, 4, 13): datetime.datetime(2027, 4, 13, 8, tzinfo=UTC),  # the day seen an hour late
    datetime.date(2027, 7, 13): datetime.datetime(2027, 7, 13, 8, tzinfo=UTC),  # summer
    datetime.date(2027, 10, 31): datetime.datetime(2027, 10, 31, 9, tzinfo=UTC),  # autumn change day
    datetime.date(2028, 3, 26): datetime.datetime(2028, 3, 26, 8, tzinfo=UTC),  # next year's change day
}


@pytest.fixture
def sessions(site_root, settings):
    # The cases span more than a year: widen the feed's window (bounded to 180 days by default).
    settings.CALENDAR_FEED_DAYS_AHEAD = 3 * 366
    webinar = make_webinar(site_root, title="Le DMP au cabinet", slug="dmp-cabinet")
    made = {}
    for day in CASES:
        start = datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)
        made[day] = SessionFactory(webinar=webinar, start=start, end=start + datetime.timedelta(hours=1))
    return made


def vtimezone_shape(content):
    """(TZID, kind, RRULE, has RDATE) of every sub-component of every VTIMEZONE."""
    calendar = Calendar.from_ical(content)
    return sorted(
        (str(tz["TZID"]), sub.name, sub["RRULE"].to_ical().decode() if "RRULE" in sub else None, "RDATE" in sub)
        for tz in calendar.walk("VTIMEZONE")
        for sub in tz.subcomponents
    )


FULL_PARIS = [
    ("Europe/Paris", "DAYLIGHT", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", False),
    ("Europe/Paris", "STANDARD", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", False),
]


def starts_by_icalendar(content):
    """icalendar, applying the file's own VTIMEZONE definition (not the system zone database)."""
    calendar = Calendar.from_ical(content)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    zone = vtimezone.to_tz()
    starts = []
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        wall = event["DTSTART"].dt.replace(tzinfo=None)
        aware = zone.localize(wall) if hasattr(zone, "localize") else wall.replace(tzinfo=zone)
        starts.append(aware.astimezone(UTC))
    return sorted(starts)


def starts_by_vobject(content):
    calendar = vobject.readOne(content.decode())
    return sorted(event.dtstart.value.astimezone(UTC) for event in calendar.vevent_list)


def test_feed_writes_europe_paris_once_with_yearly_rules(client, sessions):
    content = client.get("/programme/agenda.ics").content
    assert vtimezone_shape(content) == FULL_PARIS
    assert content.count(b"BEGIN:VTIMEZONE") == 1


def test_feed_times_read_the_same_by_two_parsers_in_winter_summer_and_change_days(client, sessions):
    content = client.get("/programme/agenda.ics").content
    expected = sorted(CASES.values())
    assert starts_by_icalendar(content) == expected
    assert starts_by_vobject(content) == expected


@pytest.mark.parametrize("day", sorted(CASES))
def test_session_file_and_invitation_times_by_two_parsers(client, sessions, day):
    session = sessions[day]
    public = client.get(f"/programme/session/{session.pk}.ics").content
    invitation = invitation_ics(session, email="camille@example.org", name="Camille Martin")
    for content in (public, invitation):
        assert vtimezone_shape(content) == FULL_PARIS
        assert starts_by_icalendar(content) == [CASES[day]]
        assert starts_by_vobject(content) == [CASES[day]]


def test_feed_uid_is_stable_per_feed_url(client, sessions):
    def uid(url):
        return str(Calendar.from_ical(client.get(url).content)["UID"])

    assert uid("/programme/agenda.ics") == uid("/programme/agenda.ics")
    assert uid("/programme/agenda.ics?region=53") == uid("/programme/agenda.ics?region=53")
    assert uid("/programme/agenda.ics") != uid("/programme/agenda.ics?region=53")


def test_session_file_uid_is_stable(client, sessions):
    session = next(iter(sessions.values()))
    url = f"/programme/session/{session.pk}.ics"
    assert Calendar.from_ical(client.get(url).content)["UID"] == Calendar.from_ical(client.get(url).content)["UID"]


def test_english_feed_and_invitation_carry_english_labels(client, sessions):
    from django.utils import translation

    session = next(iter(sessions.values()))
    session.join_url = "https://visio.example.org/room"
    session.save()
    feed = Calendar.from_ical(client.get("/en/programme/agenda.ics").content)
    description = str(feed.walk("VEVENT")[0]["DESCRIPTION"])
    assert "Programme and registration: http" in description
    assert "inscription" not in description
    with translation.override("en"):
        invitation = Calendar.from_ical(invitation_ics(session, email="a@example.org", name="A B"))
    description = str(invitation.walk("VEVENT")[0]["DESCRIPTION"])
    assert "Join link: https://visio.example.org/room" in description
    with translation.override("fr"):
        invitation = Calendar.from_ical(invitation_ics(session, email="a@example.org", name="A B"))
    assert "Lien de connexion : https://visio.example.org/room" in str(invitation.walk("VEVENT")[0]["DESCRIPTION"])


def test_postponed_session_is_not_shown_as_happening_in_feed_or_its_file(client, sessions):
    session = next(iter(sessions.values()))
    session = session_update(session=session, data={"status": Session.Status.POSTPONED})
    for url in ("/programme/agenda.ics", f"/programme/session/{session.pk}.ics"):
        calendar = Calendar.from_ical(client.get(url).content)
        event = next(
            e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"session-{session.uid}@reussirmonespacesante.fr"
        )
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["SUMMARY"]).startswith("Reportée")
