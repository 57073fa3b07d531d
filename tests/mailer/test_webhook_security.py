"""Forged bounces (issue 9): the provider webhook refuses anyone without the secret."""

import base64
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from home.groups import EDITORS
from mailer.checks import check_webhook_authentication
from mailer.models import EmailSuppression, OutboundMessage

pytestmark = pytest.mark.django_db

URL = "/anymail/brevo/tracking/"
HARD_BOUNCE = {"event": "hard_bounce", "email": "victime@example.org", "message-id": "<x@y>", "reason": "forged"}


def post(client, **extra):
    return client.post(URL, data=json.dumps(HARD_BOUNCE), content_type="application/json", **extra)


def basic(credentials):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def test_forged_bounce_without_a_configured_secret_is_refused(client, settings):
    settings.ANYMAIL = {}
    assert post(client).status_code == 404
    assert not EmailSuppression.objects.exists()


def test_forged_bounce_without_the_secret_is_refused(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "brevo:s3cret-long-enough"}
    assert post(client).status_code in (400, 401, 403)
    assert post(client, **basic("brevo:guess")).status_code in (400, 401, 403)
    assert not EmailSuppression.objects.exists()


def test_authenticated_bounce_blocks_the_address_for_a_while(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "brevo:s3cret-long-enough"}
    settings.MAILER_BLOCK_DAYS = 30
    assert post(client, **basic("brevo:s3cret-long-enough")).status_code == 200
    blocked = EmailSuppression.objects.get()
    assert blocked.email == "victime@example.org"
    assert abs(blocked.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert EmailSuppression.is_suppressed("Victime@example.org")


def test_an_expired_block_lets_mail_through_again():
    EmailSuppression.objects.create(
        email="ancien@example.org", reason="bounced", expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert not EmailSuppression.is_suppressed("ancien@example.org")


@pytest.mark.parametrize(
    ("anymail", "expected"),
    [
        ({}, ["mailer.E001"]),
        ({"WEBHOOK_SECRET": "a:b"}, []),
    ],
)
def test_deploy_check_refuses_a_provider_without_webhook_secret(settings, anymail, expected):
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = anymail
    assert [error.id for error in check_webhook_authentication(None)] == expected


def test_deploy_check_asks_for_the_signing_key_of_providers_that_sign(settings):
    settings.EMAIL_BACKEND = "anymail.backends.postal.EmailBackend"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "a:b"}
    assert [error.id for error in check_webhook_authentication(None)] == ["mailer.E002"]
    settings.ANYMAIL = {"WEBHOOK_SECRET": "a:b", "POSTAL_WEBHOOK_KEY": "k"}
    assert check_webhook_authentication(None) == []


@pytest.fixture
def editor(client, site_root):
    user = User.objects.create_user("editrice", "editrice@example.org", "motdepasse-solide-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def test_staff_see_and_unblock_blocked_addresses(client, editor):
    blocked = EmailSuppression.objects.create(email="bloque@example.org", reason="bounced")
    assert "bloque@example.org" in client.get("/admin/blocked_addresses/").content.decode()
    response = client.post(f"/admin/blocked_addresses/delete/{blocked.pk}/")
    assert response.status_code == 302
    assert not EmailSuppression.is_suppressed("bloque@example.org")


LINK = "https://reussirmonespacesante.fr/mon-inscription/eyJyIjoxMjN9:1vQabc:Zx9_secretsignature-0123456789/"


def test_editors_read_personal_links_masked_in_the_outbox(client, editor):
    message = OutboundMessage.objects.create(to="a@example.org", template="t", subject="S", text=f"Lien : {LINK}")
    html = client.get(f"/admin/outbox/inspect/{message.pk}/").content.decode()
    assert "secretsignature" not in html
    assert "https://reussirmonespacesante.fr/mon-inscription/•••/" in html


def test_superusers_read_personal_links_whole(client, site_root):
    admin = User.objects.create_superuser("root", "root@example.org", "motdepasse-solide-123")
    client.force_login(admin)
    message = OutboundMessage.objects.create(to="a@example.org", template="t", subject="S", text=f"Lien : {LINK}")
    assert "secretsignature" in client.get(f"/admin/outbox/inspect/{message.pk}/").content.decode()
