"""Staff tools: registrants per session, CSV/XLSX exports, attendance, messages."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from openpyxl import load_workbook

from events import services
from events.exports import neutralise
from events.models import Registration
from home.groups import EDITORS
from mailer.models import OutboundMessage
from tests.events import registration_helpers
from tests.events.registration_helpers import registration_data

pytestmark = pytest.mark.django_db

webinar = registration_helpers.webinar
session = registration_helpers.session
community = registration_helpers.community

DANGEROUS = ['=HYPERLINK("http://evil")', "+33 6 00", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1"]


@pytest.fixture(autouse=True)
def send_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def editor(client, site_root):
    user = User.objects.create_user("editrice", "editrice@example.org", "motdepasse-solide-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


@pytest.fixture
def filled(session, community):
    services.registration_create(
        session=session, data=registration_data(email="a@example.org", first_name=DANGEROUS[0], community=community)
    )
    services.registration_create(
        session=session,
        data=registration_data(email="b@example.org", last_name=DANGEROUS[3], organisation=DANGEROUS[1]),
    )
    services.registration_create(session=session, data=registration_data(email="c@example.org", organisation="\t=1+1"))
    mail.outbox.clear()
    return session


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Camille", "CHU de Rennes", "", None, 3, "a=b"])
def test_ordinary_values_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_export_lists_confirmed_then_waiting_with_formulas_neutralised(client, editor, filled):
    response = client.get(f"/admin/inscriptions/{filled.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inscrits-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Statut", "Place en liste d'attente", "Prénom", "Nom", "Courriel"]
    assert [row[0] for row in rows[1:]] == ["Confirmée", "Confirmée", "Liste d'attente"]
    assert rows[1][2] == "'" + DANGEROUS[0]
    assert rows[2][3] == "'" + DANGEROUS[3] and rows[2][5] == "'" + DANGEROUS[1]
    assert rows[3][1] == "1" and rows[3][5] == "'\t=1+1"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_export_has_no_formula(client, editor, filled):
    response = client.get(f"/admin/inscriptions/{filled.pk}/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Prénom"
    assert rows[1][2] == "'" + DANGEROUS[0]
    assert rows[2][5] == "'" + DANGEROUS[1]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"


def test_registrants_page_shows_seats_and_waiting_list(client, editor, filled):
    response = client.get(f"/admin/inscriptions/{filled.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "a@example.org" in html and "c@example.org" in html
    assert "2 confirmé(s) sur 2 places, 1 en liste d'attente, 0 annulée(s)." in html
    index = client.get("/admin/inscriptions/").content.decode()
    assert f"/admin/inscriptions/{filled.pk}/" in index


def test_attendance_is_marked_by_post(client, editor, filled):
    present = Registration.objects.get(email="a@example.org")
    response = client.post(f"/admin/inscriptions/{filled.pk}/", {"attended": [str(present.pk)]})
    assert response.status_code == 302
    assert dict(Registration.objects.confirmed().values_list("email", "attended")) == {
        "a@example.org": True,
        "b@example.org": False,
    }
    assert Registration.objects.get(email="c@example.org").attended is None


def test_write_to_all_registrants_queues_one_message_each(client, editor, filled):
    form = client.get(f"/admin/inscriptions/{filled.pk}/message/").content.decode()
    assert 'name="batch"' in form
    data = {"subject": "Lien modifié", "body": "Le lien change.", "batch": "abc123"}
    response = client.post(f"/admin/inscriptions/{filled.pk}/message/", data)
    assert response.status_code == 302
    client.post(f"/admin/inscriptions/{filled.pk}/message/", data)  # double submit
    assert OutboundMessage.objects.filter(template="staff_message").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Le lien change." in mail.outbox[0].body


def test_registrant_tools_need_the_permission(client, filled):
    user = User.objects.create_user("curieux", "c@example.org", "motdepasse-solide-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for path in [
        "/admin/inscriptions/",
        f"/admin/inscriptions/{filled.pk}/",
        f"/admin/inscriptions/{filled.pk}/export.csv",
    ]:
        assert client.get(path).status_code in (302, 403)
    assert client.post(f"/admin/inscriptions/{filled.pk}/", {"attended": []}).status_code in (302, 403)
    assert Registration.objects.filter(attended=False).count() == 0
