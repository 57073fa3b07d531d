import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import recurrence
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    in_days,
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)
from tests.factories import SessionFactory, WebinarPageFactory

pytestmark = pytest.mark.django_db


def test_webinar_page_shows_everything_about_it(client, webinars):
    html = client.get("/programme/dmp-bretagne/").content.decode()
    assert "<h1>Le DMP en Bretagne</h1>" in html
    assert "Bretagne (35 – Ille-et-Vilaine)" in html
    assert "ARS Bretagne" in html
    assert "Agence régionale de santé (ARS)" in html
    assert "Sous-titrage en direct" in html
    assert "20 places restantes" in html
    assert "secret-room" not in html
    # "mardi 1 décembre 2026, 10 h 00 – 11 h 00"
    start = webinars["bretagne_1"].start
    assert f"{start.day} " in html and "10\u00a0h\u00a000 – 11\u00a0h\u00a000" in html


def test_add_to_calendar_links_use_utc_and_no_join_link(client, webinars):
    session = webinars["bretagne_1"]
    html = client.get("/programme/dmp-bretagne/").content.decode()
    assert f'href="/programme/session/{session.pk}.ics"' in html
    google = next(part for part in html.split('"') if part.startswith("https://calendar.google.com/"))
    query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    start = session.start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = session.end.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert query["dates"] == [f"{start}/{end}"]
    assert query["text"] == ["Le DMP en Bretagne"]
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    assert "secret-room" not in google


def test_full_cancelled_and_past_sessions_are_marked(client, webinars):
    html = client.get("/programme/messagerie-paris/").content.decode()
    assert "Complet" in html
    html = client.get("/programme/mon-espace-sante-pour-tous/").content.decode()
    assert "Cette session est annulée." in html
    assert "Voir le replay" in html
    assert 'href="https://replay.example.org/mes"' in html


def test_share_links(client, webinars):
    html = client.get("/programme/dmp-bretagne/").content.decode()
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2F127.0.0.1%3A8000%2Fprogramme%2Fdmp-bretagne%2F"
        in html
    )
    assert "https://twitter.com/intent/tweet?" in html
    assert "mailto:?subject=Le%20DMP%20en%20Bretagne" in html


def test_publishing_a_recurring_webinar_creates_its_sessions(programme):
    first = datetime.date.today() + datetime.timedelta(days=3)
    webinar = WebinarPageFactory(
        parent=programme,
        recurrence=recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY, count=4)]),
        recurrence_first_date=first,
        recurrence_start_time=datetime.time(14, 0),
        recurrence_duration=45,
        recurrence_capacity=30,
    )
    assert webinar.sessions.count() == 0
    webinar.save_revision().publish()
    sessions = list(webinar.sessions.order_by("start"))
    assert len(sessions) == 4
    assert {s.capacity for s in sessions} == {30}
    assert all(s.from_recurrence for s in sessions)
    # Publishing again changes nothing.
    webinar.save_revision().publish()
    assert webinar.sessions.count() == 4


def test_reserved_slug_is_refused(programme):
    from django.core.exceptions import ValidationError

    webinar = WebinarPageFactory.build(slug="passees", title="x", summary="y")
    webinar.path = programme.path + "0001"
    with pytest.raises(ValidationError) as error:
        webinar.clean()
    assert "slug" in error.value.message_dict


def test_webinar_page_query_count_does_not_grow_with_its_sessions(client, webinars):
    # Each open session carries its registration form: still no query per session.
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programme/dmp-bretagne/").status_code == 200
        return len(queries)

    client.get("/programme/dmp-bretagne/")
    before = count()
    for i in range(10):
        SessionFactory(webinar=webinars["bretagne"], start=in_days(60 + i), end=in_days(60 + i, hour=11))
    assert count() == before


def test_with_many_sessions_only_the_first_form_is_on_the_page(client, webinars):
    extra = [
        SessionFactory(webinar=webinars["bretagne"], start=in_days(40 + i), end=in_days(40 + i, hour=11))
        for i in range(3)
    ]
    html = client.get("/programme/dmp-bretagne/").content.decode()
    first = webinars["bretagne_1"]
    # One form (its ~130 options once), the other open sessions link to their own registration page.
    assert html.count('id="inscription-') == 1
    assert f'id="inscription-{first.pk}"' in html
    assert html.count("<option") < 150
    for session in extra:
        assert f'href="/inscription/{session.pk}/"' in html
    assert "inscrire à cette session" in html
