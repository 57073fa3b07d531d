"""The recurrence panel of the webinar editor: plain French form fields that build
a django-recurrence rule, with a cap and a preview (issue 8)."""

import datetime

import pytest
import recurrence

from events.admin_forms import MAX_OCCURRENCES
from events.models import ProgrammePage, WebinarPage
from tests.factories import ProgrammePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, site_root, django_user_model):
    user = django_user_model.objects.create_superuser("dns", "dns@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture
def programme(site_root):
    return ProgrammePage.objects.first() or ProgrammePageFactory(parent=site_root)


def page_data(**overrides):
    data = {
        "title": "Le DMP chaque semaine",
        "slug": "dmp-chaque-semaine",
        "summary": "Résumé",
        "platform": "teams",
        "language": "fr",
        "recurrence_first_date": "2027-01-05",
        "recurrence_start_time": "10:00",
        "recurrence_duration": "60",
        "recurrence_capacity": "100",
        "recurrence_frequency": "weekly",
        "recurrence_weekdays": ["1", "3"],
        "recurrence_month_week": "1",
        "recurrence_end": "until",
        "recurrence_until": "2027-01-31",
        "recurrence_count": "",
        "recurrence_exdates": "",
        "recurrence_rdates": "",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def add(admin_client, programme, **overrides):
    return admin_client.post(f"/admin/pages/add/events/webinarpage/{programme.pk}/", page_data(**overrides))


def starts(webinar):
    return [(s.date().isoformat(), s.hour) for s in webinar.recurrence_all_occurrences()]


def test_panel_is_plain_french_fields_without_django_recurrence_widget(admin_client, programme):
    html = admin_client.get(f"/admin/pages/add/events/webinarpage/{programme.pk}/").content.decode()
    assert "recurrence-widget" not in html
    assert "recurrence.js" not in html
    for text in (
        "Toutes les deux semaines",
        " Mardi</label>",
        "Jusqu’à une date",
        "Dates exclues",
        "Dates supplémentaires",
    ):
        assert text in html


def test_weekly_rule_with_weekdays_until_a_date_excluded_and_extra_dates(admin_client, programme):
    response = add(admin_client, programme, recurrence_exdates="12/01/2027", recurrence_rdates="01/02/2027")
    assert response.status_code == 302
    webinar = WebinarPage.objects.get(slug="dmp-chaque-semaine")
    assert isinstance(webinar.recurrence, recurrence.Recurrence)
    assert starts(webinar) == [
        ("2027-01-05", 10),
        ("2027-01-07", 10),
        ("2027-01-14", 10),
        ("2027-01-19", 10),
        ("2027-01-21", 10),
        ("2027-01-26", 10),
        ("2027-01-28", 10),
        ("2027-02-01", 10),
    ]
    # Opening it again shows the same choices.
    edit = admin_client.get(f"/admin/pages/{webinar.pk}/edit/")
    form = edit.context["form"]
    assert form.initial["recurrence_frequency"] == "weekly"
    assert form.initial["recurrence_weekdays"] == [1, 3]
    assert form.initial["recurrence_until"] == datetime.date(2027, 1, 31)
    assert form.initial["recurrence_exdates"] == [datetime.date(2027, 1, 12)]
    html = edit.content.decode()
    assert "cette règle donne 8 sessions" in html
    assert "mardi 5 janvier 2027, 10\u00a0h\u00a000" in html.replace("&nbsp;", "\u00a0")


def test_every_two_weeks_n_times(admin_client, programme):
    add(
        admin_client,
        programme,
        recurrence_frequency="biweekly",
        recurrence_weekdays=["1"],
        recurrence_end="count",
        recurrence_count="3",
    )
    webinar = WebinarPage.objects.get(slug="dmp-chaque-semaine")
    assert starts(webinar) == [("2027-01-05", 10), ("2027-01-19", 10), ("2027-02-02", 10)]


def test_monthly_on_the_last_thursday(admin_client, programme):
    add(
        admin_client,
        programme,
        recurrence_frequency="monthly",
        recurrence_weekdays=["3"],
        recurrence_month_week="-1",
        recurrence_until="2027-04-30",
    )
    webinar = WebinarPage.objects.get(slug="dmp-chaque-semaine")
    assert starts(webinar) == [("2027-01-28", 10), ("2027-02-25", 10), ("2027-03-25", 10), ("2027-04-29", 10)]


def test_rule_without_end_is_refused_with_a_clear_message(admin_client, programme):
    response = add(admin_client, programme, recurrence_until="")
    assert response.status_code == 200
    assert "une règle sans fin est refusée" in response.content.decode()
    assert not WebinarPage.objects.filter(slug="dmp-chaque-semaine").exists()


def test_rule_creating_too_many_sessions_is_capped_with_a_clear_message(admin_client, programme):
    response = add(admin_client, programme, recurrence_until="2027-12-31")
    assert response.status_code == 200
    assert f"Cette règle crée plus de {MAX_OCCURRENCES} sessions." in response.content.decode()
    assert not WebinarPage.objects.filter(slug="dmp-chaque-semaine").exists()


def test_bad_dates_are_refused_and_nothing_saved(admin_client, programme):
    response = add(admin_client, programme, recurrence_exdates="demain")
    assert response.status_code == 200
    assert "Pas une date : demain." in response.content.decode()
    assert not WebinarPage.objects.filter(slug="dmp-chaque-semaine").exists()
