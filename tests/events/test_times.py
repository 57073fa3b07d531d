"""Times are written one way (French « 10 h 00 ») and never break across lines."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from events.templatetags.programme_tags import paris_time, session_when
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"


@pytest.fixture
def session(site_root):
    from tests.events.registration_helpers import make_webinar

    start = datetime.datetime(2027, 7, 13, 10, tzinfo=PARIS)
    return SessionFactory(webinar=make_webinar(site_root), start=start, end=start + datetime.timedelta(hours=1))


def test_times_use_non_breaking_spaces_in_french_and_the_same_format_everywhere(session):
    with translation.override("fr"):
        assert paris_time(session.start) == f"10{NBSP}h{NBSP}00"
        assert session_when(session) == f"mardi 13 juillet 2027, 10{NBSP}h{NBSP}00 – 11{NBSP}h{NBSP}00"
    with translation.override("en"):
        assert paris_time(session.start) == "10:00"


def test_pages_and_emails_write_the_time_the_same_way(client, session):
    from django.template.loader import render_to_string

    with translation.override("fr"):
        context = {"webinar": session.webinar, "start": session.start, "end": session.end, "webinar_url": "x"}
        text = render_to_string("emails/_session.txt", context)
        summary = render_to_string("events/registration/session_summary.html", {"session": session})
    assert f"de 10{NBSP}h{NBSP}00 à 11{NBSP}h{NBSP}00" in text
    assert f"de 10{NBSP}h{NBSP}00 à 11{NBSP}h{NBSP}00" in summary
    page = client.get(session.webinar.url).content.decode()
    assert f"10{NBSP}h{NBSP}00 – 11{NBSP}h{NBSP}00" in page
    assert "10 h 00" not in page
