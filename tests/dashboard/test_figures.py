"""Every dashboard figure against known data: sessions, registrations, attendance, organisers."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from dashboard import figures
from events.models import OrganiserType, Registration, Session
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    in_days,
    programme_fixture,
    taxonomy_fixture,
)
from tests.factories import OrganiserFactory, RegistrationFactory, SessionFactory, WebinarPageFactory

pytestmark = pytest.mark.django_db

ALL = figures.Scope()
BRETAGNE = figures.Scope(region="53")
NATIONAL = figures.Scope(region="national")


def register(session, n, *, status="confirmed", department="35", community=None, attended=None, days_ago=0):
    created = timezone.now() - datetime.timedelta(days=days_ago)
    regs = [
        RegistrationFactory(
            session=session, status=status, department=department, community=community, attended=attended
        )
        for _ in range(n)
    ]
    Registration.objects.filter(pk__in=[r.pk for r in regs]).update(created_at=created)
    return regs


@pytest.fixture
def campaign(programme, taxonomy):
    t = taxonomy
    vendor = OrganiserFactory(name="Éditeur =HYPERLINK", type=OrganiserType.INDUSTRY)
    bretagne = WebinarPageFactory(
        parent=programme, title="=cmd|' /C calc'!A0", region="53", department="35", organiser=t["ars"]
    )
    national = WebinarPageFactory(
        parent=programme, title="Mon espace santé pour tous", region="", organiser=t["patients"]
    )
    vendor_webinar = WebinarPageFactory(parent=programme, title="Logiciels référencés", region="11", organiser=vendor)
    s = {
        "a": SessionFactory(webinar=bretagne, start=in_days(3), end=in_days(3, hour=11), capacity=10),
        "b": SessionFactory(webinar=national, start=in_days(20), end=in_days(20, hour=11), capacity=20),
        "c": SessionFactory(webinar=bretagne, start=in_days(-10), end=in_days(-10, hour=11), capacity=10),
        "d": SessionFactory(webinar=national, start=in_days(-40), end=in_days(-40, hour=11), capacity=10),
        "e": SessionFactory(
            webinar=vendor_webinar, start=in_days(5), end=in_days(5, hour=11), status=Session.Status.CANCELLED
        ),
    }
    register(s["a"], 4, community=t["pros"], days_ago=1)
    register(s["a"], 2, status="waitlisted", department="75", days_ago=1)
    register(s["a"], 1, status="cancelled", days_ago=1)
    register(s["b"], 5, department="75", community=t["citoyens"], days_ago=8)
    register(s["c"], 3, attended=True, community=t["pros"], days_ago=15)
    register(s["c"], 1, attended=False, days_ago=15)
    register(s["c"], 2, days_ago=15)
    register(s["d"], 2, department="", days_ago=50)
    register(s["e"], 1, department="29", days_ago=1)
    return s


def test_upcoming_sessions_fill_rate_and_waiting_list(campaign):
    assert figures.upcoming_summary(ALL) == {
        "sessions": 2,
        "capacity": 30,
        "confirmed": 9,
        "waitlisted": 2,
        "fill_rate": 30.0,
    }
    assert figures.upcoming_summary(BRETAGNE) == {
        "sessions": 1,
        "capacity": 10,
        "confirmed": 4,
        "waitlisted": 2,
        "fill_rate": 40.0,
    }
    rows = [(s.pk, s.confirmed, s.waitlisted) for s in figures.upcoming_sessions(ALL)]
    assert rows == [(campaign["a"].pk, 4, 2), (campaign["b"].pk, 5, 0)]


def test_period_keeps_sessions_starting_within_it(campaign):
    day = timezone.localtime(in_days(20)).date()
    scope = figures.Scope(date_from=day, date_to=day)
    assert figures.upcoming_summary(scope)["sessions"] == 1
    assert figures.upcoming_summary(figures.Scope(date_to=day - datetime.timedelta(days=1)))["confirmed"] == 4


def test_attendance_rate_over_marked_past_sessions(campaign):
    assert figures.attendance_summary(ALL) == {"sessions": 1, "confirmed": 6, "present": 3, "attendance_rate": 50.0}
    rows = [(s.pk, s.confirmed, s.marked, s.present) for s in figures.past_sessions_attendance(ALL)]
    assert rows == [(campaign["c"].pk, 6, 4, 3), (campaign["d"].pk, 2, 0, 0)]
    assert figures.attendance_summary(NATIONAL)["attendance_rate"] is None


def test_registrations_by_region_department_and_community(campaign):
    by_region = [(str(r["label"]), r["registrations"], r["share"]) for r in figures.registrations_by(ALL, "region")]
    # 4 + 6 (+1 cancelled-session registrant, still a sign-up) in Bretagne, 7 in Île-de-France, 2 not given.
    assert by_region == [("Bretagne", 11, 55.0), ("Île-de-France", 7, 35.0), ("Non renseigné", 2, 10.0)]
    by_department = [(str(r["label"]), r["registrations"]) for r in figures.registrations_by(ALL, "department")]
    assert by_department == [
        ("35 – Ille-et-Vilaine", 10),
        ("75 – Paris", 7),
        ("Non renseigné", 2),
        ("29 – Finistère", 1),
    ]
    by_community = [(str(r["label"]), r["registrations"]) for r in figures.registrations_by(BRETAGNE, "community")]
    assert by_community == [("Professionnels de santé", 7), ("Non renseigné", 5)]


def test_registrations_over_time_by_week_with_cumulative(campaign):
    rows = figures.registrations_over_time(ALL, "week")
    # Sign-ups 50, 15, 8 and 1 days ago (cancelled ones left out): four distinct weeks.
    assert [r["registrations"] for r in rows] == [2, 6, 5, 7]
    assert sum(r["registrations"] for r in rows) == 20
    assert rows[-1]["cumulative"] == 20
    assert all(r["period"].weekday() == 0 for r in rows)  # weeks start on Monday
    assert [r["registrations"] for r in figures.registrations_over_time(ALL, "day")] == [2, 6, 5, 7]
    recent = figures.Scope(date_from=timezone.localdate() - datetime.timedelta(days=2))
    assert figures.registrations_over_time(recent, "month")[-1]["cumulative"] == 7  # 6 on A (not cancelled) + 1 on E


def test_webinars_by_organiser_type(campaign):
    rows = {r["key"]: (r["webinars"], r["sessions"]) for r in figures.webinars_by_organiser_type(ALL)}
    assert rows["ars"] == (1, 2)
    assert rows["patients"] == (1, 2)
    assert rows["industry"] == (0, 0)  # its only session is cancelled
    assert rows["dns"] == (0, 0)
    assert [r["key"] for r in figures.webinars_by_organiser_type(BRETAGNE) if r["webinars"]] == ["ars"]


# --- Report pages ------------------------------------------------------------------


REPORT_URLS = [
    "/admin/tableau-de-bord/upcoming-sessions/",
    "/admin/tableau-de-bord/registrations-over-time/",
    "/admin/tableau-de-bord/registrations-by-region/",
    "/admin/tableau-de-bord/registrations-by-department/",
    "/admin/tableau-de-bord/registrations-by-community/",
    "/admin/tableau-de-bord/attendance/",
    "/admin/tableau-de-bord/webinars-by-organiser-type/",
]


@pytest.mark.parametrize("url", REPORT_URLS)
def test_every_report_renders_and_exports_csv_and_xlsx(admin_client, campaign, url):
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b"export=csv" in page.content and b"export=xlsx" in page.content
    csv_response = admin_client.get(url + "?export=csv")
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) >= 2
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    xlsx = admin_client.get(url + "?export=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content))
    sheet = workbook.active
    assert sheet.max_row == len(rows)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_upcoming_report_figures_and_region_filter(admin_client, campaign):
    body = admin_client.get("/admin/tableau-de-bord/upcoming-sessions/?region=53").content.decode()
    assert "40,0 %" in body and "=cmd" in body
    assert "Mon espace santé pour tous" not in body
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    admin_client.get("/admin/tableau-de-bord/upcoming-sessions/?region=53&export=csv").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == [
        "Webinaire",
        "Début (Paris)",
        "Région",
        "Capacité",
        "Inscrits confirmés",
        "Taux de remplissage (%)",
        "Liste d'attente",
    ]
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][2:] == ["Bretagne", "10", "4", "40.0", "2"]


def test_charts_are_svg_beside_their_table(admin_client, campaign):
    body = admin_client.get("/admin/tableau-de-bord/registrations-by-region/").content.decode()
    assert '<svg class="dashboard-chart__svg"' in body and 'role="img"' in body
    assert "<table" in body and "Bretagne" in body and "55,0 %" in body
    assert "style=" not in body.split('<svg class="dashboard-chart__svg"')[1].split("</svg>")[0]


def test_bad_filter_values_do_not_break_reports(admin_client, campaign):
    for url in REPORT_URLS:
        response = admin_client.get(url + "?region=zz&period_after=notadate&granularity=century")
        assert response.status_code == 200, url


def test_admin_home_shows_the_key_figures(admin_client, campaign):
    body = admin_client.get("/admin/").content.decode()
    assert "Tour de France" in body
    assert "30.0 %" in body or "30,0 %" in body
    assert "/admin/tableau-de-bord/attendance/" in body


def test_reports_need_the_staff_permission(client, django_user_model, campaign):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("organiser", "o@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(REPORT_URLS[0]).status_code in (302, 403)
    assert "Tour de France : chiffres clés" not in client.get("/admin/").content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="events"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(REPORT_URLS[0]).status_code == 200
