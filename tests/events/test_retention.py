"""Personal data is anonymised a set time after the session; the figures stay."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from events import services
from events.models import Registration, Session
from mailer.models import OutboundMessage
from tests.events import registration_helpers
from tests.events.registration_helpers import make_session, registration_data

pytestmark = pytest.mark.django_db

webinar = registration_helpers.webinar
community = registration_helpers.community


def test_personal_data_is_anonymised_after_the_retention_period(webinar, community, settings, client):
    old = make_session(webinar, capacity=1, start_in_hours=48)
    recent = make_session(webinar, capacity=5, start_in_hours=72)
    kept, _ = services.registration_create(session=recent, data=registration_data(community=community))
    seat, _ = services.registration_create(session=old, data=registration_data(community=community))
    services.registration_create(
        session=old, data=registration_data(email="b@example.org", community=community, department="29")
    )
    token = seat.personal_token()
    Registration.objects.filter(pk=seat.pk).update(attended=True)
    ended = timezone.now() - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 1)
    Session.objects.filter(pk=old.pk).update(start=ended - datetime.timedelta(hours=1), end=ended)
    OutboundMessage.objects.update(created_at=ended, status=OutboundMessage.Status.SENT)
    before = list(Registration.objects.filter(session=old).values("community", "department", "status", "attended"))

    result = services.personal_data_purge()

    assert result == {"anonymised": 2, "messages_deleted": 3}
    after = list(Registration.objects.filter(session=old).values("community", "department", "status", "attended"))
    assert after == before
    for registration in Registration.objects.filter(session=old):
        assert (registration.first_name, registration.last_name, registration.organisation) == ("", "", "")
        assert registration.email == f"anonyme-{registration.pk}@anonyme.invalid"
        assert registration.anonymised_at is not None
        assert registration.consent_contact is False
    by_department = dict(
        Registration.objects.filter(session=old).values_list("department").annotate(n=Count("pk")).order_by()
    )
    assert by_department == {"35": 1, "29": 1}
    assert Registration.objects.get(pk=kept.pk).email == "camille.martin@example.org"
    # The personal link is dead.
    assert Registration.objects.from_token(token) is None
    assert client.get(f"/mon-inscription/{token}/").status_code == 404
    # Running it again changes nothing.
    assert services.personal_data_purge() == {"anonymised": 0, "messages_deleted": 0}


def test_purge_command_reports_what_it_did(webinar, capsys):
    call_command("purge_personal_data")
    assert "0 registration(s) anonymised" in capsys.readouterr().out
