import datetime

import pytest
import recurrence

from events.dates import PARIS
from events.models import ProgrammePage, Session, WebinarPage
from events.services import session_update, webinar_sessions_sync

# Building a page reads its default locale from the database.
pytestmark = pytest.mark.django_db


def weekly(**kwargs):
    return recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY, **kwargs)])


def make_webinar(rule, first=datetime.date(2026, 3, 12), at=datetime.time(10, 0)):
    return WebinarPage(
        title="Webinaire hebdomadaire",
        summary="s",
        recurrence=rule,
        recurrence_first_date=first,
        recurrence_start_time=at,
        recurrence_duration=90,
    )


def paris_hour(value):
    return value.astimezone(PARIS).hour


def test_weekly_session_keeps_its_wall_clock_time_across_spring_change():
    webinar = make_webinar(weekly(count=5))
    starts = webinar.recurrence_occurrences(
        datetime.datetime(2026, 3, 1, tzinfo=PARIS), datetime.datetime(2026, 5, 1, tzinfo=PARIS)
    )
    assert [s.date() for s in starts] == [datetime.date(2026, 3, d) for d in (12, 19, 26)] + [
        datetime.date(2026, 4, 2),
        datetime.date(2026, 4, 9),
    ]
    assert {paris_hour(s) for s in starts} == {10}
    # 10:00 in Paris is 09:00 UTC in winter and 08:00 UTC in summer.
    assert starts[0].astimezone(datetime.UTC).hour == 9
    assert starts[-1].astimezone(datetime.UTC).hour == 8


def test_weekly_session_keeps_its_wall_clock_time_across_autumn_change():
    webinar = make_webinar(weekly(count=3), first=datetime.date(2026, 10, 20))
    starts = webinar.recurrence_occurrences(
        datetime.datetime(2026, 10, 1, tzinfo=PARIS), datetime.datetime(2026, 12, 1, tzinfo=PARIS)
    )
    assert [(s.day, s.month, paris_hour(s)) for s in starts] == [(20, 10, 10), (27, 10, 10), (3, 11, 10)]


def test_exception_dates_are_skipped_and_extra_dates_added():
    rule = weekly(count=4)
    rule.exdates = [datetime.datetime(2026, 3, 19, 0, 0)]
    rule.rdates = [datetime.datetime(2026, 3, 21, 0, 0)]
    webinar = make_webinar(rule)
    starts = webinar.recurrence_occurrences(
        datetime.datetime(2026, 3, 1, tzinfo=PARIS), datetime.datetime(2026, 5, 1, tzinfo=PARIS)
    )
    assert [s.day for s in starts] == [12, 21, 26, 2]
    assert {paris_hour(s) for s in starts} == {10}


@pytest.fixture
def programme(site_root):
    page = ProgrammePage(title="Programme", slug="programme")
    site_root.add_child(instance=page)
    return page


def test_sync_creates_sessions_then_cancels_dropped_ones(programme):
    webinar = make_webinar(weekly(count=4))
    programme.add_child(instance=webinar)
    now = datetime.datetime(2026, 3, 1, tzinfo=PARIS)

    assert webinar_sessions_sync(webinar=webinar, now=now) == (4, 0)
    assert webinar_sessions_sync(webinar=webinar, now=now) == (0, 0)
    sessions = list(webinar.sessions.order_by("start"))
    assert [paris_hour(s.start) for s in sessions] == [10, 10, 10, 10]
    assert sessions[0].end - sessions[0].start == datetime.timedelta(minutes=90)

    webinar.recurrence = weekly(count=2)
    assert webinar_sessions_sync(webinar=webinar, now=now) == (0, 2)
    assert webinar.sessions.filter(status=Session.Status.CANCELLED).count() == 2
    assert webinar.sessions.count() == 4


def test_calendar_changes_raise_the_sequence(programme):
    webinar = WebinarPage(title="W", summary="s")
    programme.add_child(instance=webinar)
    start = datetime.datetime(2026, 12, 1, 10, tzinfo=PARIS)
    session = Session.objects.create(webinar=webinar, start=start, end=start + datetime.timedelta(hours=1))
    assert session.sequence == 0
    session = session_update(session=session, data={"capacity": 10})
    assert session.sequence == 0
    session = session_update(
        session=session,
        data={"start": session.start + datetime.timedelta(hours=1), "end": session.end + datetime.timedelta(hours=1)},
    )
    assert session.sequence == 1
    session_update(session=session, data={"status": Session.Status.CANCELLED})
    session.refresh_from_db()
    assert session.sequence == 2
