"""Organiser sign-in: one-time email link, password and its reset, rate limit and honeypot."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache

from organisers import services
from tests.organisers.conftest import link_in

pytestmark = pytest.mark.django_db


def test_email_link_signs_in_once(client, organiser_webinar):
    response = client.post("/espace-organisateur/connexion/", {"email": "ORGA@ars.example.org", "website": ""})
    assert response.status_code == 200
    assert "Consultez votre messagerie" in response.content.decode()
    path = link_in(mail.outbox[-1], r"/espace-organisateur/connexion/lien/[^\s/]+/")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert client.get("/espace-organisateur/").status_code == 200
    client.logout()
    assert client.post(path).status_code == 410


def test_unknown_address_gets_the_same_answer_and_no_email(client, organiser_webinar):
    known = client.post("/espace-organisateur/connexion/", {"email": "orga@ars.example.org"}).content.decode()
    mail.outbox.clear()
    unknown = client.post("/espace-organisateur/connexion/", {"email": "inconnu@example.org"}).content.decode()
    strip = lambda html: re.sub(r'value="[^"]*"', "", re.sub(r"nonce=\"[^\"]*\"", "", html))  # noqa: E731
    assert strip(known) == strip(unknown)
    assert mail.outbox == []


def test_expired_link_says_so(client, organiser_webinar, settings, monkeypatch):
    user = organiser_webinar[2]
    url = services.signin_url(user)
    path = url.removeprefix(settings.SITE_URL)
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)
    response = client.post(path)
    assert response.status_code == 410
    assert "ne fonctionne plus" in response.content.decode()


@pytest.mark.parametrize("token", ["forged", "x" * 500, "eyJ1IjoxfQ:1abc:def"])
def test_forged_link_says_so(client, organiser_webinar, token):
    assert client.post(f"/espace-organisateur/connexion/lien/{token}/").status_code == 410


def test_honeypot_sends_nothing(client, organiser_webinar):
    client.post("/espace-organisateur/connexion/", {"email": "orga@ars.example.org", "website": "x"})
    assert mail.outbox == []


def test_signin_is_rate_limited(client, organiser_webinar, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SIGNIN_RATE_LIMIT = "2/h"
    cache.clear()
    codes = [client.post("/espace-organisateur/connexion/", {"email": "x@example.org"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    password = [
        client.post("/espace-organisateur/connexion/mot-de-passe/", {"username": "x@example.org", "password": "x"})
        for _ in range(3)
    ]
    assert password[-1].status_code == 429


def test_password_reset_then_password_sign_in(client, organiser_webinar):
    response = client.post("/espace-organisateur/mot-de-passe/oublie/", {"email": "orga@ars.example.org"})
    assert response.status_code == 302
    from mailer.models import OutboundMessage

    assert OutboundMessage.objects.filter(template="organiser_password_reset").count() == 1
    path = link_in(mail.outbox[-1], r"/espace-organisateur/mot-de-passe/nouveau/[^\s/]+/[^\s/]+/")
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "une-phrase-de-passe-solide-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    response = client.post(
        "/espace-organisateur/connexion/mot-de-passe/", {"username": "Orga@ars.example.org", "password": new}
    )
    assert response.status_code == 302
    assert response["Location"] == "/espace-organisateur/"


def test_wrong_password_is_a_clear_message(client, organiser_webinar):
    response = client.post(
        "/espace-organisateur/connexion/mot-de-passe/", {"username": "orga@ars.example.org", "password": "faux"}
    )
    assert response.status_code == 200
    assert "fr-alert--error" in response.content.decode()


def test_set_a_password_from_the_space(client, organiser_webinar):
    user = organiser_webinar[2]
    client.force_login(user)
    new = "une-autre-phrase-solide-43"
    response = client.post("/espace-organisateur/mot-de-passe/", {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_sign_out(client, organiser_webinar):
    client.force_login(organiser_webinar[2])
    assert client.post("/espace-organisateur/deconnexion/").status_code == 302
    assert client.get("/espace-organisateur/").status_code == 302


def test_link_lifetime_setting(settings):
    assert datetime.timedelta(minutes=settings.ORGANISER_SIGNIN_LINK_MINUTES) == datetime.timedelta(minutes=30)
