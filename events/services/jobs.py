"""Periodic jobs: reminders before a session, follow-ups after it.

Idempotent (each email is keyed in the outbox): run them as often as you like
(`manage.py send_reminders`, or the scheduler).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.models.registrations import Registration
from events.models.sessions import Session
from mailer.services import message_keys_missing

from .notifications import registration_email_queue


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue the reminders that are due; returns how many. Each goes once (keyed).

    Only the nearest due reminder is sent (a scheduler back after a pause does
    not send the day-before one an hour before), and none whose moment came
    before the person got their seat: the confirmation was enough.
    """
    now = now or timezone.now()
    offsets = sorted(settings.REGISTRATION_REMINDERS)
    if not offsets:
        return 0
    registrations = (
        Registration.objects.confirmed()
        .filter(
            anonymised_at__isnull=True,
            session__status=Session.Status.SCHEDULED,
            session__start__gt=now,
            session__start__lte=now + offsets[-1],
        )
        .select_related("session", "session__webinar")
    )
    candidates = {}
    for registration in registrations:
        offset = next(o for o in offsets if registration.session.start - o <= now)
        moment = registration.session.start - offset
        if registration.confirmed_at and registration.confirmed_at > moment:
            continue
        minutes = int(offset.total_seconds() // 60)
        key = f"reminder:{minutes}:{registration.pk}:{registration.session.sequence}"
        candidates[key] = (registration, offset)
    sent = 0
    for key in message_keys_missing(keys=candidates):
        registration, offset = candidates[key]
        session = registration.session
        with transaction.atomic():
            registration_email_queue(
                registration=registration,
                template="session_reminder",
                subject=format_lazy(
                    _("Reminder: {title}, {date}"),
                    title=session.webinar.title,
                    date=timezone.localtime(session.start).strftime("%d/%m/%Y %H:%M"),
                ),
                key=key,
                extra={"hours_before": offset.total_seconds() / 3600},
            )
        sent += 1
    return sent


def followups_send(*, now: datetime | None = None) -> int:
    """After a session: replay (when staff add it), kit and an invitation to contribute.

    One follow-up per registrant; if the replay comes later, one more email
    for it. Returns how many were queued.
    """
    now = now or timezone.now()
    registrations = list(
        Registration.objects.confirmed()
        .filter(
            anonymised_at__isnull=True,
            session__end__lte=now,
            session__end__gt=now - timedelta(days=settings.REGISTRATION_FOLLOWUP_DAYS),
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session", "session__webinar")
    )
    keys = [f"followup:{r.pk}" for r in registrations] + [f"replay:{r.pk}" for r in registrations]
    missing = set(message_keys_missing(keys=keys))
    queued = 0
    for registration in registrations:
        followup_key, replay_key = f"followup:{registration.pk}", f"replay:{registration.pk}"
        replay = registration.session.replay_url
        if replay and replay_key in missing:
            template = "session_followup" if followup_key in missing else "session_replay"
            key = replay_key
        elif not replay and followup_key in missing and replay_key in missing:
            template, key = "session_followup", followup_key
        else:
            continue
        with transaction.atomic():
            registration_email_queue(
                registration=registration,
                template=template,
                subject=format_lazy(
                    _("Replay available: {title}")
                    if template == "session_replay"
                    else _("Thank you for joining: {title}"),
                    title=registration.session.webinar.title,
                ),
                key=key,
                extra={
                    "replay_url": replay,
                    "kit_url": settings.REGISTRATION_KIT_URL,
                    "contribute_url": settings.REGISTRATION_CONTRIBUTE_URL,
                },
            )
        queued += 1
    return queued
