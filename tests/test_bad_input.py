"""Bad input anywhere public: a clear page, never a server error, nothing changed."""

import pytest
from django.test import Client

from events.models import Registration
from tests.events.fixtures_programme import (  # noqa: F401 (fixtures)
    programme_fixture,
    taxonomy_fixture,
    webinars_fixture,
)

pytestmark = pytest.mark.django_db

NASTY = ["", "0", "-1", "abc", "9" * 40, "2026-13-45", "<script>alert(1)</script>", "' OR 1=1 --", "é" * 300, "\x00"]
PROGRAMME_PARAMS = ["communaute", "theme", "region", "departement", "organisateur", "du", "au", "places", "q", "page"]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def test_programme_filters_and_feed_never_fail(anonymous, webinars):
    for path in ["/programme/", "/programme/passees/", "/programme/agenda.ics", "/en/programme/"]:
        for param in PROGRAMME_PARAMS:
            for value in NASTY:
                response = anonymous.get(path, {param: value})
                assert response.status_code in (200, 400), (path, param, value, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/programme/session/0.ics",
        "/programme/session/99999999999999999999.ics",
        "/programme/session/abc.ics",
        "/programme/inconnu/",
        "/inscription/0/",
        "/inscription/99999999999999999999/",
        "/inscription/merci/?r=forged",
        "/mon-inscription/forged/",
        "/mon-inscription/forged:1xXPq3:signature/",
        "/mon-inscription/forged/annuler/",
        "/recherche/?q=" + "%00" * 5,
        "/recherche/?page=-1&q=dmp",
    ],
)
def test_unknown_or_forged_addresses_give_a_clear_page(anonymous, webinars, path):
    response = anonymous.get(path)
    assert response.status_code in (200, 400, 404, 410), response.status_code
    assert "Traceback" not in response.content.decode(errors="replace")


def test_registration_with_garbage_changes_nothing(anonymous, webinars):
    session = webinars["bretagne_1"]
    before = Registration.objects.count()
    payloads = [
        {},
        {"first_name": "x" * 5000, "last_name": "y", "email": "a@b.fr", "department": "35", "community": "1"},
        {"first_name": "A", "last_name": "B", "email": "not-an-email", "department": "35"},
        {"first_name": "A", "last_name": "B", "email": "a@b.fr", "department": "999", "community": "abc"},
        {"first_name": "A", "last_name": "B", "email": "a@b.fr", "department": "35", "community": "999999"},
        {"first_name": "\x00", "last_name": "B", "email": "a@b.fr", "department": "35"},
    ]
    for payload in payloads:
        response = anonymous.post(f"/inscription/{session.pk}/", payload)
        assert response.status_code == 400, (payload, response.status_code)
        assert "fr-error-text" in response.content.decode() or "fr-alert--error" in response.content.decode()
    assert Registration.objects.count() == before
