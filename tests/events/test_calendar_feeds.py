import datetime

import pytest
from icalendar import Calendar

from events.models import Session
from events.services import session_update
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    in_days,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def feed(client, url="/programme/agenda.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_feed_has_paris_timezone_and_one_event_per_recent_or_future_session(client, webinars):
    old = SessionFactory(webinar=webinars["bretagne"], start=in_days(-60), end=in_days(-60, hour=11))
    calendar = feed(client)
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    uids = [event["UID"] for event in calendar.walk("VEVENT")]
    expected = [
        webinars[key]
        for key in ("national_past", "national_1", "bretagne_1", "paris_1", "national_cancelled", "bretagne_2")
    ]
    assert uids == [f"session-{s.uid}@reussirmonespacesante.fr" for s in expected]
    assert f"session-{old.uid}@reussirmonespacesante.fr" not in uids


def test_feed_events_carry_paris_times_status_and_no_join_link(client, webinars):
    calendar = feed(client)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    cancelled = events[f"session-{webinars['national_cancelled'].uid}@reussirmonespacesante.fr"]
    assert cancelled["STATUS"] == "CANCELLED"
    bretagne = events[f"session-{webinars['bretagne_1'].uid}@reussirmonespacesante.fr"]
    assert bretagne["STATUS"] == "CONFIRMED"
    assert bretagne["SUMMARY"] == "Le DMP en Bretagne"
    assert bretagne.DTSTART.tzinfo.key == "Europe/Paris"
    assert bretagne.DTSTART.hour == 10
    assert bretagne["URL"] == "http://127.0.0.1:8000/programme/dmp-bretagne/"
    assert b"secret-room" not in calendar.to_ical()


def test_feed_takes_the_programme_filters(client, webinars):
    calendar = feed(client, "/programme/agenda.ics?region=53")
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Le DMP en Bretagne"}
    assert len(calendar.walk("VEVENT")) == 2


def test_feed_ignores_bad_filters_instead_of_failing(client, webinars):
    calendar = feed(client, "/programme/agenda.ics?theme=inconnu&du=hier&page=x")
    assert len(calendar.walk("VEVENT")) == 6


def test_sequence_rises_when_a_session_moves_and_uid_stays(client, webinars):
    session = webinars["bretagne_1"]
    uid = f"session-{session.uid}@reussirmonespacesante.fr"

    def event():
        return next(e for e in feed(client).walk("VEVENT") if e["UID"] == uid)

    assert event()["SEQUENCE"] == 0
    session = session_update(
        session=session,
        data={"start": session.start + datetime.timedelta(hours=1), "end": session.end + datetime.timedelta(hours=1)},
    )
    assert event()["SEQUENCE"] == 1
    session_update(session=session, data={"status": Session.Status.CANCELLED})
    moved = event()
    assert moved["SEQUENCE"] == 2
    assert moved["STATUS"] == "CANCELLED"


def test_session_ics_download(client, webinars):
    session = webinars["bretagne_1"]
    response = client.get(f"/programme/session/{session.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dmp-bretagne-')
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"session-{session.uid}@reussirmonespacesante.fr"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    assert b"secret-room" not in response.content


def test_session_ics_of_unpublished_webinar_or_unknown_session_is_not_found(client, webinars):
    assert client.get("/programme/session/999999.ics").status_code == 404
    webinars["paris"].unpublish()
    assert client.get(f"/programme/session/{webinars['paris_1'].pk}.ics").status_code == 404


def test_dotted_calendar_routes_resolve_on_the_page(programme):
    view, args, kwargs = programme.resolve_subpage("/agenda.ics/")
    assert view.__name__ == "feed_route"
    view, args, kwargs = programme.resolve_subpage("/session/12.ics/")
    assert kwargs == {"pk": 12}
