import base64
import datetime
import json

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.db import transaction
from django.utils import timezone

from mailer.models import EmailSuppression, OutboundMessage
from mailer.services import calendar_attachment, message_queue, message_retry, message_send, messages_retry_due
from tests.mailer.backends import FlakyBackend

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def queue(key=None, to="camille@example.org"):
    return message_queue(
        to=to,
        template="staff_message",
        subject="Un message",
        context={"body": "Bonjour à tous & à toutes", "registration": {"first_name": "Camille"}},
        key=key,
        attachments=[calendar_attachment(ICS, method="REQUEST")],
    )


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.mailer.backends.FlakyBackend"
    FlakyBackend.calls = 0
    FlakyBackend.failures = 1
    FlakyBackend.status_code = 503
    return FlakyBackend


def test_message_is_an_outbox_row_sent_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue()
        assert OutboundMessage.objects.get().status == OutboundMessage.Status.QUEUED
        assert mail.outbox == []
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["camille@example.org"]
    assert email.subject == "Un message"
    assert "Bonjour à tous & à toutes" in email.body  # the text part is not HTML-escaped
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Bonjour à tous &amp; à toutes" in html
    assert email.extra_headers["Message-ID"] == f"<outbox-{message.pk}@reussirmonespacesante.fr>"


def test_invitation_is_attached_as_a_text_calendar_file_with_its_method(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
    raw = mail.outbox[0].message()
    parts = [part for part in raw.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    assert parts[0].get_filename() == "invite.ics"
    assert parts[0].get_payload(decode=True).decode() == ICS


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the registration failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert OutboundMessage.objects.count() == 0
    assert mail.outbox == []


def test_a_keyed_message_is_created_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="reminder-day:1:0")
        second = queue(key="reminder-day:1:0")
    assert first.pk == second.pk
    assert OutboundMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_the_same_message_twice_sends_it_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message_send(message_id=message.pk)
    message_send(message_id=message.pk)
    assert len(mail.outbox) == 1
    assert OutboundMessage.objects.get().attempts == 1


def test_temporary_provider_error_is_retried_with_backoff_then_sent(flaky, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.QUEUED
    assert message.attempts == 1
    assert "503" in message.last_error
    # First retry after about MAILER_RETRY_BASE_SECONDS (60 s, +20 % jitter at most).
    delay = (message.next_attempt_at - timezone.now()).total_seconds()
    assert 50 <= delay <= 73
    assert mail.outbox == []

    # The sweep does nothing before the retry is due ...
    assert messages_retry_due()["enqueued"] == 0
    # ... then sends it, once.
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + datetime.timedelta(minutes=5)
        patch.setattr(timezone, "now", lambda: later)
        assert messages_retry_due()["enqueued"] == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_backoff_doubles_and_gives_up_after_max_attempts(flaky, settings, django_capture_on_commit_callbacks):
    flaky.failures = 100
    settings.MAILER_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    delays = []
    for _ in range(2):
        message.refresh_from_db()
        delays.append((message.next_attempt_at - timezone.now()).total_seconds())
        OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        message_send(message_id=message.pk)
    message.refresh_from_db()
    assert 50 <= delays[0] <= 73
    assert 110 <= delays[1] <= 145
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == 3
    assert mail.outbox == []


def test_permanent_provider_error_fails_without_retry(flaky, django_capture_on_commit_callbacks):
    flaky.status_code = 400
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED
    assert message.attempts == 1


def test_staff_retry_of_a_failed_message_sends_it(flaky, django_capture_on_commit_callbacks):
    flaky.status_code = 400
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    with django_capture_on_commit_callbacks(execute=True):
        assert message_retry(message=message) is True
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_message_left_sending_by_a_dead_worker_is_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue()
    stale = timezone.now() - datetime.timedelta(hours=1)
    OutboundMessage.objects.filter(pk=message.pk).update(status="sending", claimed_at=stale, attempts=1)
    result = messages_retry_due()
    assert result == {"recovered": 1, "enqueued": 1}
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_message_lost_before_enqueue_is_found_by_the_sweep(django_capture_on_commit_callbacks):
    # The process died between commit and enqueue: the row is still there.
    with django_capture_on_commit_callbacks(execute=False):
        message = queue()
    assert messages_retry_due()["enqueued"] == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT


def test_suppressed_address_receives_nothing(django_capture_on_commit_callbacks):
    EmailSuppression.objects.create(email="Camille@Example.org", reason="bounced")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(to="camille@example.org")
    assert callbacks == []
    assert message.status == OutboundMessage.Status.SUPPRESSED
    assert mail.outbox == []


def test_address_blocked_between_queue_and_send_is_not_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue()
    EmailSuppression.objects.create(email="camille@example.org", reason="complained")
    message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SUPPRESSED
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("event_type", "reject_reason", "blocked"),
    [
        ("bounced", None, True),
        ("complained", None, True),
        ("rejected", "invalid", True),
        ("rejected", "other", False),
        ("delivered", None, False),
        ("deferred", None, False),
    ],
)
def test_tracking_events_mark_bad_addresses(event_type, reject_reason, blocked):
    event = AnymailTrackingEvent(
        event_type=event_type, recipient="Camille@Example.org", reject_reason=reject_reason, message_id="m-1"
    )
    tracking.send(sender=object, event=event, esp_name="Brevo")
    assert EmailSuppression.is_suppressed("camille@example.org") is blocked


def test_provider_bounce_webhook_blocks_the_address(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    auth = base64.b64encode(b"hook:secret").decode()
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": "nobody@example.org",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 user unknown",
        "BouncedAt": "2026-03-01T10:00:00Z",
    }
    response = client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert response.status_code == 200
    suppression = EmailSuppression.objects.get()
    assert suppression.email == "nobody@example.org"
    assert suppression.reason == "bounced"
    assert suppression.provider == "Postmark"
