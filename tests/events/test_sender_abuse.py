"""Issue 9: the official sender cannot be made to mail arbitrary text to anyone."""

import pytest
from django.core.cache import cache

from events.forms import RegistrantsMessageForm, RegistrationForm
from events.models import Registration
from tests.events.registration_helpers import form_data, make_session, make_webinar
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def session(site_root):
    return make_session(make_webinar(site_root), capacity=5)


@pytest.mark.parametrize(
    "name",
    [
        "Camille\nCliquez ici",
        "Camille\r\nBcc: x@example.org",
        "Gagnez https://arnaque.example",
        "voir www.arnaque.example",
        "arnaque.com/gain",
        "moi@arnaque.example",
        "A" * 61,
    ],
)
def test_names_are_one_line_without_links(session, community, name):
    form = RegistrationForm(form_data(community, first_name=name), session=session)
    assert not form.is_valid()
    assert "first_name" in form.errors


@pytest.mark.parametrize("name", ["Jean-Pierre", "Marie-Hélène d'Arc", "N'Guessan", "Zoë O'Neil", "St. John"])
def test_ordinary_names_pass(session, community, name):
    assert RegistrationForm(form_data(community, last_name=name), session=session).is_valid()


def test_staff_message_subject_with_a_line_break_is_refused():
    form = RegistrantsMessageForm({"subject": "Bonjour\nBcc: x@example.org", "body": "Texte", "batch": "1"})
    assert not form.is_valid()
    assert "subject" in form.errors
    assert RegistrantsMessageForm({"subject": "Bonjour", "body": "Texte", "batch": "1"}).is_valid()


def test_one_address_cannot_trigger_unlimited_registrations(client, session, community, settings):
    settings.RATELIMIT_ENABLE = True
    settings.REGISTRATION_RATE_LIMIT = "100/m"
    settings.REGISTRATION_EMAIL_RATE_LIMIT = "2/h"
    cache.clear()
    url = f"/inscription/{session.pk}/"
    statuses = [
        client.post(url, form_data(community, email="cible@example.org"), REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    # Another address from the same clients is not affected.
    assert client.post(url, form_data(community, email="autre@example.org")).status_code == 302
    assert Registration.objects.filter(email="cible@example.org").count() == 1
    cache.clear()
