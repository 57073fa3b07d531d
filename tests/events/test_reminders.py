"""Reminders before a session and emails after it: each goes once, whoever runs the job."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import Registration, Session
from mailer.models import OutboundMessage
from tests.events import registration_helpers
from tests.events.registration_helpers import make_session, registration_data

pytestmark = pytest.mark.django_db

webinar = registration_helpers.webinar


@pytest.fixture(autouse=True)
def send_at_once(monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def register(session, email, confirmed_at):
    registration, _ = services.registration_create(session=session, data=registration_data(email=email))
    Registration.objects.filter(pk=registration.pk).update(confirmed_at=confirmed_at)
    return registration


def reminders(email=None):
    return [m for m in mail.outbox if "Rappel" in m.subject and (email is None or m.to == [email])]


def test_day_before_and_hour_before_reminders_go_once_each(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=72)
    register(session, "a@example.org", confirmed_at=timezone.now() - datetime.timedelta(days=5))
    mail.outbox.clear()
    start = session.start

    assert services.reminders_send(now=start - datetime.timedelta(hours=30)) == 0
    assert services.reminders_send(now=start - datetime.timedelta(hours=23)) == 1
    assert services.reminders_send(now=start - datetime.timedelta(hours=22)) == 0  # a second run, or worker
    [day_before] = reminders()
    assert day_before.subject.startswith(f"Rappel : {webinar.title}")
    assert "Votre webinaire a lieu demain." in day_before.body
    assert session.join_url in day_before.body

    assert services.reminders_send(now=start - datetime.timedelta(minutes=50)) == 1
    assert services.reminders_send(now=start - datetime.timedelta(minutes=40)) == 0
    assert len(reminders()) == 2
    assert "Votre webinaire commence bientôt." in reminders()[1].body
    assert services.reminders_send(now=start + datetime.timedelta(minutes=5)) == 0


def test_no_reminder_whose_moment_passed_before_the_seat_was_given(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=72)
    register(session, "late@example.org", confirmed_at=session.start - datetime.timedelta(hours=3))
    mail.outbox.clear()
    assert services.reminders_send(now=session.start - datetime.timedelta(hours=2)) == 0
    assert services.reminders_send(now=session.start - datetime.timedelta(minutes=30)) == 1


def test_a_scheduler_back_from_a_pause_sends_only_the_nearest_reminder(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=72)
    register(session, "a@example.org", confirmed_at=timezone.now() - datetime.timedelta(days=5))
    mail.outbox.clear()
    assert services.reminders_send(now=session.start - datetime.timedelta(minutes=30)) == 1
    assert "commence bientôt" in reminders()[0].body


def test_reminders_skip_waitlisted_cancelled_and_cancelled_sessions(webinar):
    session = make_session(webinar, capacity=1, start_in_hours=72)
    long_ago = timezone.now() - datetime.timedelta(days=5)
    register(session, "seat@example.org", confirmed_at=long_ago)
    register(session, "wait@example.org", confirmed_at=long_ago)
    gone = register(make_session(webinar, capacity=5, start_in_hours=72), "gone@example.org", confirmed_at=long_ago)
    services.registration_cancel(registration=gone)
    cancelled_session = make_session(webinar, capacity=5, start_in_hours=72)
    register(cancelled_session, "c@example.org", confirmed_at=long_ago)
    Session.objects.filter(pk=cancelled_session.pk).update(status=Session.Status.CANCELLED)
    mail.outbox.clear()
    assert services.reminders_send(now=session.start - datetime.timedelta(hours=20)) == 1
    assert [m.to for m in reminders()] == [["seat@example.org"]]


def test_a_moved_session_gets_its_reminder_again(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=72)
    register(session, "a@example.org", confirmed_at=timezone.now() - datetime.timedelta(days=5))
    services.reminders_send(now=session.start - datetime.timedelta(hours=20))
    session = services.session_update(
        session=session,
        data={"start": session.start + datetime.timedelta(days=2), "end": session.end + datetime.timedelta(days=2)},
    )
    assert services.reminders_send(now=session.start - datetime.timedelta(hours=20)) == 1


def test_reminder_offsets_come_from_settings(webinar, settings):
    settings.REGISTRATION_REMINDERS = [datetime.timedelta(hours=48)]
    session = make_session(webinar, capacity=5, start_in_hours=72)
    register(session, "a@example.org", confirmed_at=timezone.now() - datetime.timedelta(days=5))
    assert services.reminders_send(now=session.start - datetime.timedelta(hours=47)) == 1
    assert services.reminders_send(now=session.start - datetime.timedelta(minutes=30)) == 0


def test_after_the_session_follow_up_then_replay_when_staff_add_it(webinar, settings):
    session = make_session(webinar, capacity=5, start_in_hours=2)
    register(session, "a@example.org", confirmed_at=timezone.now())
    mail.outbox.clear()
    after = session.end + datetime.timedelta(minutes=10)
    assert services.followups_send(now=session.start) == 0
    assert services.followups_send(now=after) == 1
    assert services.followups_send(now=after) == 0
    [followup] = mail.outbox
    assert followup.subject == f"Merci de votre participation : {webinar.title}"
    assert settings.REGISTRATION_KIT_URL in followup.body
    assert settings.REGISTRATION_CONTRIBUTE_URL in followup.body
    assert "Le replay vous sera envoyé" in followup.body

    Session.objects.filter(pk=session.pk).update(replay_url="https://video.example.org/replay")
    assert services.followups_send(now=after + datetime.timedelta(days=1)) == 1
    assert services.followups_send(now=after + datetime.timedelta(days=1)) == 0
    replay = mail.outbox[-1]
    assert replay.subject == f"Replay disponible : {webinar.title}"
    assert "https://video.example.org/replay" in replay.body


def test_follow_up_carries_the_replay_when_it_is_already_there(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=2, replay_url="https://video.example.org/r")
    register(session, "a@example.org", confirmed_at=timezone.now())
    mail.outbox.clear()
    after = session.end + datetime.timedelta(hours=1)
    assert services.followups_send(now=after) == 1
    assert services.followups_send(now=after) == 0
    assert "https://video.example.org/r" in mail.outbox[0].body


def test_send_reminders_command_is_idempotent(webinar):
    session = make_session(webinar, capacity=5, start_in_hours=12)
    register(session, "a@example.org", confirmed_at=timezone.now() - datetime.timedelta(days=2))
    call_command("send_reminders", stdout=None)
    call_command("send_reminders", stdout=None)
    assert OutboundMessage.objects.filter(template="session_reminder").count() == 1
