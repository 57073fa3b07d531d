"""The organiser space: registrants, exports, attendance, messages, session changes, colleagues, permissions."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Registration, Session
from organisers import services
from organisers.models import SessionChangeRequest, WebinarAccess
from tests.events.registration_helpers import in_hours
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

# Every organiser address that shows one webinar's data; {s} is the session, {w} the webinar.
SESSION_VIEWS = [
    ("get", "/espace-organisateur/session/{s}/"),
    ("post", "/espace-organisateur/session/{s}/"),
    ("get", "/espace-organisateur/session/{s}/export.csv"),
    ("get", "/espace-organisateur/session/{s}/export.xlsx"),
    ("get", "/espace-organisateur/session/{s}/message/"),
    ("post", "/espace-organisateur/session/{s}/message/"),
    ("get", "/espace-organisateur/session/{s}/modifier/"),
    ("post", "/espace-organisateur/session/{s}/modifier/"),
    ("get", "/espace-organisateur/webinaire/{w}/"),
    ("post", "/espace-organisateur/webinaire/{w}/"),
]


def fill(url, session):
    return url.format(s=session.pk, w=session.webinar_id)


@pytest.fixture
def registrant(organiser_webinar):
    _webinar, session, _user = organiser_webinar
    return RegistrationFactory(session=session, email="=cmd@example.org", first_name="Jeanne", last_name="Dupont")


@pytest.mark.parametrize(("method", "url"), SESSION_VIEWS)
def test_another_organiser_gets_a_404(client, organiser_webinar, other_organiser, registrant, method, url):
    _webinar, session, _user = organiser_webinar
    client.force_login(other_organiser[2])
    data = {"subject": "x", "body": "x", "batch": "b1", "email": "a@b.fr", "attended": [str(registrant.pk)]}
    response = getattr(client, method)(fill(url, session), data)
    assert response.status_code == 404
    assert "Jeanne" not in response.content.decode(errors="ignore")
    registrant.refresh_from_db()
    assert registrant.attended is None or registrant.attended is False
    assert not WebinarAccess.objects.filter(user__email="a@b.fr").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("method", "url"), SESSION_VIEWS)
def test_a_signed_in_stranger_gets_a_404(client, organiser_webinar, registrant, django_user_model, method, url):
    _webinar, session, _user = organiser_webinar
    client.force_login(django_user_model.objects.create_user("passant", "passant@example.org"))
    response = getattr(client, method)(fill(url, session), {"subject": "x", "body": "x", "batch": "b"})
    assert response.status_code == 404
    assert mail.outbox == []


@pytest.mark.parametrize(("method", "url"), SESSION_VIEWS)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, organiser_webinar, method, url):
    _webinar, session, _user = organiser_webinar
    response = getattr(client, method)(fill(url, session))
    assert response.status_code == 302
    assert response["Location"].startswith("/espace-organisateur/connexion/?next=")


@pytest.mark.parametrize(("method", "url"), [v for v in SESSION_VIEWS if v[0] == "get"])
def test_staff_see_every_webinar(client, organiser_webinar, staff, registrant, method, url):
    _webinar, session, _user = organiser_webinar
    client.force_login(staff)
    assert client.get(fill(url, session)).status_code == 200


@pytest.mark.parametrize("url", ["/espace-organisateur/session/999999/", "/espace-organisateur/webinaire/999999/"])
def test_forged_ids_are_404(client, organiser_webinar, url):
    client.force_login(organiser_webinar[2])
    assert client.get(url).status_code == 404


def test_unknown_export_format_is_404(client, organiser_webinar):
    _webinar, session, user = organiser_webinar
    client.force_login(user)
    assert client.get(f"/espace-organisateur/session/{session.pk}/export.pdf").status_code == 404


def test_another_organisers_proposal_is_404(client, confirmed, other_organiser):
    client.force_login(other_organiser[2])
    assert client.get(f"/espace-organisateur/proposition/{confirmed.pk}/").status_code == 404


def test_home_lists_only_my_webinars_and_their_sessions(client, organiser_webinar, other_organiser, registrant):
    webinar, session, user = organiser_webinar
    client.force_login(user)
    html = client.get("/espace-organisateur/").content.decode()
    assert webinar.title in html
    assert other_organiser[0].title not in html
    assert f"/espace-organisateur/session/{session.pk}/" in html
    assert "1 inscrits sur 2 places" in html


def test_registrants_and_waiting_list_are_shown(client, organiser_webinar, registrant):
    _webinar, session, user = organiser_webinar
    RegistrationFactory(session=session, status="waitlisted", first_name="Paul", waitlisted_at=timezone.now())
    client.force_login(user)
    html = client.get(f"/espace-organisateur/session/{session.pk}/").content.decode()
    assert "Jeanne Dupont" in html
    assert "=cmd@example.org" in html
    assert "Paul" in html
    assert "1 confirmés sur 2 places" in html or "1 confirmé" in html


def test_csv_and_xlsx_exports_neutralise_formulas(client, organiser_webinar, registrant):
    _webinar, session, user = organiser_webinar
    client.force_login(user)
    response = client.get(f"/espace-organisateur/session/{session.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=cmd@example.org" in body
    assert "Jeanne" in body
    response = client.get(f"/espace-organisateur/session/{session.pk}/export.xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_attendance_is_saved(client, organiser_webinar, registrant):
    _webinar, session, user = organiser_webinar
    other = RegistrationFactory(session=session)
    client.force_login(user)
    response = client.post(f"/espace-organisateur/session/{session.pk}/", {"attended": [str(registrant.pk), "x"]})
    assert response.status_code == 302
    registrant.refresh_from_db()
    other.refresh_from_db()
    assert (registrant.attended, other.attended) == (True, False)


def test_message_goes_to_every_registrant_through_the_outbox_with_a_copy(client, organiser_webinar, registrant):
    _webinar, session, user = organiser_webinar
    RegistrationFactory(session=session, email="deux@example.org")
    RegistrationFactory(session=session, email="annule@example.org", status="cancelled")
    client.force_login(user)
    data = {"subject": "Lien de connexion", "body": "Rendez-vous à 10 h.", "batch": "batch-1"}
    response = client.post(f"/espace-organisateur/session/{session.pk}/message/", data)
    assert response.status_code == 302
    from mailer.models import OutboundMessage

    recipients = sorted(OutboundMessage.objects.filter(template="staff_message").values_list("to", flat=True))
    assert recipients == ["=cmd@example.org", "deux@example.org"]
    copy = OutboundMessage.objects.get(template="organiser_message_copy")
    assert copy.to == "orga@ars.example.org"
    assert "Rendez-vous à 10 h." in copy.text
    # A double submit sends nothing twice.
    client.post(f"/espace-organisateur/session/{session.pk}/message/", data)
    assert OutboundMessage.objects.filter(template__in=["staff_message", "organiser_message_copy"]).count() == 3


def test_empty_or_huge_message_is_refused(client, organiser_webinar, registrant):
    _webinar, session, user = organiser_webinar
    client.force_login(user)
    url = f"/espace-organisateur/session/{session.pk}/message/"
    assert client.post(url, {"subject": "", "body": "x", "batch": "b"}).status_code == 400
    assert client.post(url, {"subject": "x", "body": "x" * 20_000, "batch": "b"}).status_code == 400
    assert mail.outbox == []


def change_data(start, hours=1, capacity=5):
    local = timezone.localtime(start)
    return {
        "date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "end_time": (local + datetime.timedelta(hours=hours)).strftime("%H:%M"),
        "capacity": str(capacity),
    }


def test_session_change_applies_at_once_and_registrants_get_the_update(client, organiser_webinar, registrant, settings):
    settings.ORGANISER_SESSION_CHANGES = "apply"
    _webinar, session, user = organiser_webinar
    waiting = RegistrationFactory(session=session, status="waitlisted", waitlisted_at=timezone.now())
    RegistrationFactory(session=session)  # now full (2 seats)
    new_start = (in_hours(24 * 10)).replace(hour=14, minute=0, second=0)
    client.force_login(user)
    mail.outbox.clear()
    response = client.post(f"/espace-organisateur/session/{session.pk}/modifier/", change_data(new_start, capacity=3))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.start == new_start
    assert session.capacity == 3
    assert session.sequence == 1
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert "=cmd@example.org" in [m.to[0] for m in mail.outbox]


def test_session_change_goes_to_staff_review_when_so_configured(client, organiser_webinar, registrant, settings):
    settings.ORGANISER_SESSION_CHANGES = "review"
    settings.ORGANISER_STAFF_EMAILS = ["equipe@esante.gouv.fr"]
    _webinar, session, user = organiser_webinar
    before = (session.start, session.capacity)
    new_start = (in_hours(24 * 10)).replace(hour=14, minute=0, second=0)
    client.force_login(user)
    mail.outbox.clear()
    client.post(f"/espace-organisateur/session/{session.pk}/modifier/", change_data(new_start))
    session.refresh_from_db()
    assert (session.start, session.capacity) == before
    change = SessionChangeRequest.objects.get()
    assert (change.start, change.capacity, change.status) == (new_start, 5, "pending")
    assert [m.to for m in mail.outbox] == [["equipe@esante.gouv.fr"]]


def test_staff_apply_a_change_request(client, organiser_webinar, registrant, superuser):
    _webinar, session, user = organiser_webinar
    new_start = (in_hours(24 * 10)).replace(hour=14, minute=0, second=0)
    change = SessionChangeRequest.objects.create(
        session=session, requested_by=user, start=new_start, end=new_start + datetime.timedelta(hours=1), capacity=9
    )
    client.force_login(superuser)
    assert client.get("/admin/session_change_requests/").status_code == 200
    response = client.post(f"/admin/session_change_requests/inspect/{change.pk}/")
    assert response.status_code == 302
    session.refresh_from_db()
    change.refresh_from_db()
    assert (session.start, session.capacity, change.status) == (new_start, 9, "applied")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "2020-01-01"}, "doit être à venir"),
        ({"end_time": "06:00"}, "après le début"),
        ({"capacity": "0"}, "supérieure ou égale à 1"),
        ({"date": "pas-une-date"}, "Saisissez une date valide"),
    ],
)
def test_bad_session_changes_are_refused(client, organiser_webinar, overrides, message):
    _webinar, session, user = organiser_webinar
    before = (session.start, session.end, session.capacity)
    data = {**change_data(in_hours(24 * 10).replace(hour=14, minute=0, second=0)), **overrides}
    client.force_login(user)
    response = client.post(f"/espace-organisateur/session/{session.pk}/modifier/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    session.refresh_from_db()
    assert (session.start, session.end, session.capacity) == before


def test_a_past_session_cannot_be_changed(client, organiser_webinar):
    webinar, _session, user = organiser_webinar
    past = Session.objects.create(webinar=webinar, start=in_hours(-5), end=in_hours(-4), capacity=5)
    client.force_login(user)
    response = client.get(f"/espace-organisateur/session/{past.pk}/modifier/")
    assert response.status_code == 302


def test_invite_a_colleague_shares_the_webinar(client, organiser_webinar, registrant):
    webinar, session, user = organiser_webinar
    client.force_login(user)
    response = client.post(f"/espace-organisateur/webinaire/{webinar.pk}/", {"email": "collegue@ars.example.org"})
    assert response.status_code == 302
    colleague = WebinarAccess.objects.get(webinar=webinar, user__email="collegue@ars.example.org").user
    assert not colleague.is_staff
    assert mail.outbox[-1].to == ["collegue@ars.example.org"]
    assert "/espace-organisateur/connexion/lien/" in mail.outbox[-1].body
    client.force_login(colleague)
    assert client.get(f"/espace-organisateur/session/{session.pk}/").status_code == 200


def test_invite_with_a_bad_address_is_refused(client, organiser_webinar):
    webinar, _session, user = organiser_webinar
    client.force_login(user)
    response = client.post(f"/espace-organisateur/webinaire/{webinar.pk}/", {"email": "pas une adresse"})
    assert response.status_code == 400
    assert WebinarAccess.objects.filter(webinar=webinar).count() == 1


def test_kit_place_is_in_the_webinar_space(client, organiser_webinar):
    webinar, _session, user = organiser_webinar
    client.force_login(user)
    html = client.get(f"/espace-organisateur/webinaire/{webinar.pk}/").content.decode()
    assert "Le kit et les visuels de votre webinaire" in html


def test_webinar_space_offers_the_visuals_made_for_the_webinar(client, organiser_webinar):
    from kits.models import VisualTemplate
    from tests.kits.conftest import template_spec

    VisualTemplate.objects.create(**template_spec())
    webinar, _session, user = organiser_webinar
    client.force_login(user)
    html = client.get(f"/espace-organisateur/webinaire/{webinar.pk}/").content.decode()
    assert f"/kit/visuels/{webinar.pk}/banniere.png" in html


def test_organiser_has_no_cms_access(client, organiser_webinar):
    client.force_login(organiser_webinar[2])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/inscriptions/").status_code in (302, 403)


def test_events_permission_hooks_answer_for_organisers(organiser_webinar, other_organiser):
    from events.admin_views import can_manage, can_view

    _webinar, session, user = organiser_webinar
    assert can_view(user, session) and can_manage(user, session)
    assert not can_view(other_organiser[2], session)
    assert not can_manage(other_organiser[2], session)
    assert services.webinar_access(other_organiser[2], session.webinar_id) is None
