"""The public registration pages: form, what happens next, the personal page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar

from events import services
from events.models import Registration, Session
from mailer.models import OutboundMessage
from tests.events import registration_helpers
from tests.events.registration_helpers import form_data, make_session, registration_data

pytestmark = pytest.mark.django_db

community = registration_helpers.community
webinar = registration_helpers.webinar
session = registration_helpers.session


@pytest.fixture(autouse=True)
def send_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def french():
    # The test client leaves the last request's language active in the thread.
    with translation.override("fr"):
        yield


def url(session):
    return f"/inscription/{session.pk}/"


def personal_link(email_message):
    return re.search(r"http://127\.0\.0\.1:8000(/mon-inscription/[^\s/]+/)", email_message.body).group(1)


def test_registration_page_shows_the_dsfr_form_with_session_prefixed_ids(client, session, community):
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "S'inscrire au webinaire" in html
    assert f'action="/inscription/{session.pk}/"' in html
    assert f'id="s{session.pk}-email"' in html
    assert 'class="fr-input-group"' in html and 'class="fr-select"' in html
    assert "Vos données personnelles" in html and 'href="/donnees-personnelles/"' in html
    assert f'aria-describedby="s{session.pk}-email_helptext"' in html
    assert "Professionnels de santé" in html and "Ille-et-Vilaine" in html
    # The join link is never on a public page.
    assert session.join_url not in html


def test_register_redirects_to_what_happens_next_and_sends_the_confirmation(client, session, community):
    response = client.post(url(session), form_data(community))
    assert response.status_code == 302
    assert response["Location"].startswith("/inscription/merci/?r=")
    registration = Registration.objects.get()
    assert (registration.first_name, registration.community, registration.department) == ("Camille", community, "35")
    assert registration.consent_newsletter is False and registration.consent_contact is False
    assert registration.language == "fr"
    done = client.get(response["Location"]).content.decode()
    assert "Merci de votre inscription" in done
    assert "Et maintenant ?" in done
    assert session.join_url not in done
    [email] = mail.outbox
    assert email.to == ["camille.martin@example.org"]


def test_invalid_form_shows_dsfr_errors_and_changes_nothing(client, session, community):
    response = client.post(url(session), form_data(community, email="pas-une-adresse", first_name=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le formulaire contient 2 erreurs" in html
    assert "<title>Erreur : " in html
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    assert 'tabindex="-1"' in html[html.index("error-summary") - 200 : html.index("data-error-summary")]
    assert f'<a href="#s{session.pk}-first_name">Prénom : Champ requis.</a>' in summary
    assert (
        f'<a href="#s{session.pk}-email">Adresse électronique : Saisissez une adresse de courriel valide.</a>'
        in summary
    )
    assert "fr-input-group--error" in html
    assert f'<p class="fr-error-text" id="s{session.pk}-email-error">' in html
    assert f'aria-describedby="s{session.pk}-email_helptext s{session.pk}-email-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Saisissez une adresse de courriel valide." in html
    assert f'id="s{session.pk}-first_name-error"' in html
    assert Registration.objects.count() == 0
    assert OutboundMessage.objects.count() == 0


def test_missing_fields_and_unknown_choices_are_refused(client, session, community):
    response = client.post(url(session), {"email": "a@example.org", "community": "999999", "department": "99"})
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def strip_tokens(html):
    """Drop what differs between any two requests: the CSRF token and the signed,
    timestamped outcome in the page's own links."""
    html = re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+\"", "", html)
    return re.sub(r"\?r=[\w\-%.:]+", "?r=", html)


def test_duplicate_registration_looks_the_same_to_a_stranger(client, session, community):
    first = client.post(url(session), form_data(community), follow=True)
    second = client.post(url(session), form_data(community, first_name="Intrus"), follow=True)
    never_seen = client.post(url(session), form_data(community, email="nouveau@example.org"), follow=True)
    strip = lambda response: strip_tokens(response.content.decode())  # noqa: E731
    assert strip(first) == strip(second)
    # A seat is left for the new address too, so the page is the same as for a new registration.
    assert strip(second) == strip(never_seen)
    assert Registration.objects.count() == 2
    assert Registration.objects.get(email="camille.martin@example.org").first_name == "Camille"


def test_when_full_the_page_says_waiting_list_and_the_place(client, session, community):
    services.registration_create(session=session, data=registration_data(email="a@example.org"))
    services.registration_create(session=session, data=registration_data(email="b@example.org"))
    page = client.get(url(session)).content.decode()
    assert "Rejoindre la liste d'attente" in page
    done = client.post(url(session), form_data(community), follow=True).content.decode()
    assert "Vous êtes sur la liste d'attente" in done
    assert "Vous êtes numéro 1 sur la liste d'attente." in done
    # The same address again shows what a new address gets: the next place in line.
    strip = strip_tokens
    again = client.post(url(session), form_data(community), follow=True).content.decode()
    stranger = client.post(url(session), form_data(community, email="new@example.org"), follow=True).content.decode()
    assert "Vous êtes numéro 2 sur la liste d'attente." in again
    assert strip(again) == strip(stranger)
    assert Registration.objects.waitlisted().count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_open": False}, "Les inscriptions à cette session sont closes."),
        ({"status": Session.Status.CANCELLED}, "Cette session a été annulée."),
        ({"start_delta": -48}, "Cette session a déjà eu lieu."),
    ],
)
def test_closed_cancelled_or_past_session_says_so_on_get_and_post(client, session, community, changes, message):
    if "start_delta" in changes:
        start = timezone.now() + datetime.timedelta(hours=changes.pop("start_delta"))
        changes.update(start=start, end=start + datetime.timedelta(hours=1))
    Session.objects.filter(pk=session.pk).update(**changes)
    assert message in client.get(url(session)).content.decode()
    response = client.post(url(session), form_data(community))
    assert response.status_code == 409
    assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_unknown_or_unpublished_session_is_a_friendly_404(client, session):
    assert client.get("/inscription/999999/").status_code == 404
    session.webinar.unpublish()
    response = client.get(url(session))
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_done_page_with_a_forged_token_stays_generic(client, session):
    response = client.get("/inscription/merci/?r=forged")
    assert response.status_code == 200
    assert "Merci de votre inscription" in response.content.decode()


def test_personal_page_shows_the_join_link_and_the_invitation(client, session, community):
    client.post(url(session), form_data(community))
    link = personal_link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre inscription est confirmée." in html
    assert session.join_url in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    ics = client.get(f"{link}invitation.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    assert calendar["METHOD"] == "REQUEST"
    assert str(calendar.events[0]["ATTENDEE"]) == "mailto:camille.martin@example.org"


@pytest.mark.parametrize("token", ["nimportequoi", "abc:def:ghi", "a" * 300])
def test_forged_personal_link_is_a_friendly_404(client, token):
    response = client.get(f"/mon-inscription/{token}/")
    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in response.content.decode()
    assert client.post(f"/mon-inscription/{token}/annuler/").status_code == 404


def test_expired_personal_link_says_so(client, session, settings):
    registration, _ = services.registration_create(session=session, data=registration_data())
    token = registration.personal_token()
    start = timezone.now() - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 2)
    Session.objects.filter(pk=session.pk).update(start=start, end=start + datetime.timedelta(hours=1))
    response = client.get(f"/mon-inscription/{token}/")
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


def test_cancel_asks_for_confirmation_then_cancels_and_sends_the_cancellation(client, session, community):
    client.post(url(session), form_data(community))
    link = personal_link(mail.outbox[0])
    confirm = client.get(f"{link}annuler/")
    assert "Oui, annuler mon inscription" in confirm.content.decode()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    response = client.post(f"{link}annuler/", follow=True)
    html = response.content.decode()
    assert "Votre inscription est annulée." in html
    assert "Cette inscription est annulée." in html
    assert session.join_url not in html
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    cancellation = mail.outbox[-1]
    [part] = [p for p in cancellation.message().walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    assert Calendar.from_ical(part.get_payload(decode=True))["METHOD"] == "CANCEL"
    # A second cancel (double submit) changes nothing and sends nothing.
    client.post(f"{link}annuler/")
    assert len(mail.outbox) == 2


def test_move_to_another_session_from_the_personal_page(client, session, webinar, community):
    other = make_session(webinar, capacity=3, start_in_hours=24 * 9)
    client.post(url(session), form_data(community))
    link = personal_link(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Changer de session" in page and f'value="{other.pk}"' in page
    assert "3 places restantes" in page
    response = client.post(f"{link}changer/", {"session": other.pk}, follow=True)
    assert "Votre inscription a été déplacée." in response.content.decode()
    assert Registration.objects.get().session == other


def test_move_with_a_bad_choice_shows_an_error(client, session, webinar, community):
    make_session(webinar, capacity=3, start_in_hours=24 * 9)
    client.post(url(session), form_data(community))
    link = personal_link(mail.outbox[0])
    response = client.post(f"{link}changer/", {"session": "123456"})
    assert response.status_code == 400
    assert "fr-message--error" in response.content.decode()
    assert Registration.objects.get().session == session


def test_english_interface_registers_in_english(client, session, community):
    response = client.post(f"/en{url(session)}", form_data(community))
    assert response.status_code == 302
    assert Registration.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Registration confirmed")


def test_webinar_page_shows_a_form_per_upcoming_session(client, session, webinar):
    other = make_session(webinar, capacity=3, start_in_hours=24 * 9)
    response = client.get(webinar.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="/inscription/{session.pk}/"' in html
    assert f'action="/inscription/{other.pk}/"' in html
    assert f'id="s{session.pk}-email"' in html and f'id="s{other.pk}-email"' in html
    assert session.join_url not in html


@pytest.mark.parametrize("department", ["", "99"])
def test_department_is_optional_with_a_choice_for_outside_france(client, session, community, department):
    page = client.get(url(session)).content.decode()
    assert '<option value="99">Hors de France</option>' in page
    response = client.post(url(session), form_data(community, department=department))
    assert response.status_code == 302
    assert Registration.objects.get().department == department


def _personal_page(client, session, community):
    client.post(url(session), form_data(community))
    return personal_link(mail.outbox[0])


def test_past_session_personal_page_shows_the_replay_not_the_join_link(client, session, community):
    link = _personal_page(client, session, community)
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=2),
        replay_url="https://video.example.org/replay",
    )
    html = client.get(link).content.decode()
    assert session.join_url not in html
    assert "Rejoindre le webinaire" not in html
    assert 'href="https://video.example.org/replay"' in html
    assert "Ajouter à mon agenda" not in html


def test_postponed_session_personal_page_keeps_the_place_without_join_link(client, session, community):
    link = _personal_page(client, session, community)
    session.status = Session.Status.POSTPONED
    session.save()
    html = client.get(link).content.decode()
    assert "Cette session est reportée. Votre place est conservée" in html
    assert session.join_url not in html
    ics = Calendar.from_ical(client.get(f"{link}invitation.ics").content)
    assert ics["METHOD"] == "CANCEL"


def test_personal_pages_have_distinct_titles(client, session, community):
    link = _personal_page(client, session, community)
    html = client.get(link).content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.startswith(f"Mon inscription : {session.webinar.title}, ")
