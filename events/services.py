"""Registration workflows: seats, waiting list, moves, session changes, reminders, retention.

The seat rule holds under any concurrency because every change that can take
or free a seat first locks the session row inside `transaction.atomic()`:
`select_for_update()` on PostgreSQL; on SQLite the connection opens its write
transactions with BEGIN IMMEDIATE (config/settings/base.py), which already
serialises writers, and Django ignores `select_for_update()`. Only then are
confirmed seats counted and a row written. Every email is an outbox row
written in that same transaction (mailer.services.message_queue).
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mailer.models import OutboundMessage
from mailer.services import calendar_attachment, message_queue

from .calendar import invitation_ics
from .models import Registration, Session

logger = logging.getLogger(__name__)

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "community",
    "department",
    "consent_newsletter",
    "consent_contact",
)


class RegistrationError(Exception):
    """A rule refused the change; `message` is shown to the person as it is."""

    code = "invalid"

    def __init__(self, message=None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message

    default_message = _("This change is not possible.")


class RegistrationClosed(RegistrationError):
    code = "closed"
    default_message = _("Registration for this session is closed.")


class SessionFull(RegistrationError):
    code = "full"
    default_message = _("This session is full.")


def _lock_session(pk):
    return Session.objects.select_for_update().get(pk=pk)


def closed_reason(session, now=None):
    """Why a session takes no registration, or "" when it does."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        return "cancelled"
    if session.start <= now:
        return "past"
    if session.status != Session.Status.SCHEDULED or not session.registration_open:
        return "closed"
    return ""


CLOSED_MESSAGES = {
    "cancelled": _("This session has been cancelled."),
    "past": _("This session has already taken place."),
    "closed": _("Registration for this session is closed."),
}


# --- Emails -----------------------------------------------------------------


def _title(session):
    return session.webinar.title


def _queue_email(registration, *, template, subject, session=None, calendar=None, key=None, extra=None):
    """One email to a registrant; `calendar` is "REQUEST", "CANCEL" or None."""
    session = session or registration.session
    attachments = []
    if calendar:
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            ics = invitation_ics(
                session, email=registration.email, name=registration.full_name, cancel=calendar == "CANCEL"
            )
        attachments.append(calendar_attachment(ics, method=calendar))
    webinar = session.webinar
    context = {
        "registration": registration,
        "session": session,
        "webinar": webinar,
        "webinar_url": f"{settings.SITE_URL}{webinar.url}" if webinar.url else settings.SITE_URL,
        "personal_url": registration.personal_url(),
        "start": timezone.localtime(session.start),
        "end": timezone.localtime(session.end),
        **(extra or {}),
    }
    return message_queue(
        to=registration.email,
        template=template,
        context=context,
        subject=subject,
        key=key,
        attachments=attachments,
        language=registration.language or settings.LANGUAGE_CODE,
    )


# A repeated submission re-sends the confirmation at most once per this period,
# so nobody can flood someone else's inbox through the form.
RESEND_PERIOD_SECONDS = 600


def _queue_status_email(registration, *, again=False):
    """Tell the person where they stand: a seat (with the invitation) or a place in line."""
    session = registration.session
    key = None
    if again:
        key = (
            f"again:{registration.pk}:{registration.status}:{int(timezone.now().timestamp()) // RESEND_PERIOD_SECONDS}"
        )
    if registration.is_confirmed:
        return _queue_email(
            registration,
            template="registration_confirmed",
            subject=format_lazy(_("Registration confirmed: {title}"), title=_title(session)),
            calendar="REQUEST",
            key=key,
            extra={"again": again},
        )
    return _queue_email(
        registration,
        template="registration_waitlisted",
        subject=format_lazy(_("Waiting list: {title}"), title=_title(session)),
        key=key,
        extra={"again": again, "position": registration.waitlist_position()},
    )


# --- Seats and the waiting list ---------------------------------------------


def _take_seat_or_wait(registration, session, now):
    """Confirmed if a seat is free and nobody is waiting for it, else on the waiting list."""
    confirmed = session.registrations.confirmed().count()
    if confirmed < session.capacity and session.registrations.waitlisted().exists():
        # Seats were freed without promotion (e.g. rows changed by hand): the line goes first.
        confirmed += len(waitlist_promote(session=session))
    if confirmed < session.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = now
        registration.confirmed_at = None


def registration_create(*, session, data, language=None):
    """Register someone for a session; returns (registration, created).

    The same email twice on a session takes no second seat nor a second place
    in line: the confirmation (or waiting-list email) is sent again and
    `created` is False. A cancelled registration comes back to life.
    """
    email = data["email"].strip()
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        reason = closed_reason(session, now)
        if reason:
            raise RegistrationClosed(CLOSED_MESSAGES[reason])
        registration = Registration.objects.for_email(email).filter(session=session).first()
        if registration is not None and not registration.is_cancelled:
            registration.session = session
            _queue_status_email(registration, again=True)
            return registration, False
        if registration is None:
            registration = Registration(session=session, email=email)
        for field in PERSON_FIELDS:
            if field in data:
                setattr(registration, field, data[field])
        registration.language = language or settings.LANGUAGE_CODE
        registration.cancelled_at = None
        registration.attended = None
        _take_seat_or_wait(registration, session, now)
        registration.save()
        _queue_status_email(registration)
    return registration, True


def waitlist_promote(*, session):
    """Give free seats to the first in line, in order, and tell them. Returns the promoted.

    Takes the session lock itself (a no-op if the caller already holds it).
    """
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        if session.status == Session.Status.CANCELLED or session.start <= now:
            return []
        free = session.capacity - session.registrations.confirmed().count()
        if free <= 0:
            return []
        promoted = list(session.registrations.waitlist_order().select_related("session__webinar")[:free])
        for registration in promoted:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at", "updated_at"])
            _queue_email(
                registration,
                template="registration_promoted",
                subject=format_lazy(_("A seat is yours: {title}"), title=_title(session)),
                calendar="REQUEST",
            )
    return promoted


def registration_cancel(*, registration):
    """The person cancels: the seat goes to the next in line. Cancelling twice changes nothing."""
    with transaction.atomic():
        session = _lock_session(registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        was_confirmed = registration.is_confirmed
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration.session = session
        _queue_email(
            registration,
            template="registration_cancelled",
            subject=format_lazy(_("Registration cancelled: {title}"), title=_title(session)),
            calendar="CANCEL" if was_confirmed else None,
            extra={"was_confirmed": was_confirmed},
        )
        if was_confirmed:
            waitlist_promote(session=session)
    return registration


def move_targets(registration, now=None):
    """The other sessions of the same webinar the person may move to, with seats annotated."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            webinar_id=registration.session.webinar_id,
            status=Session.Status.SCHEDULED,
            registration_open=True,
            start__gt=now,
        )
        .exclude(pk=registration.session_id)
        .with_seats()
        .order_by("start")
    )


def registration_move(*, registration, to_session):
    """Move to another session of the same webinar, keeping the personal link.

    Only to a session with a free seat; the seat left behind goes to the next
    in line there. The person gets the new invitation and, if they held a seat,
    the cancellation of the old one.
    """
    if to_session.pk == registration.session_id:
        raise RegistrationError(_("You are already registered for this session."))
    with transaction.atomic():
        # Both sessions locked, always in the same order, so two moves cannot deadlock.
        locked = {
            s.pk: s
            for s in Session.objects.select_for_update()
            .filter(pk__in=[registration.session_id, to_session.pk])
            .order_by("pk")
        }
        old_session, to_session = locked[registration.session_id], locked[to_session.pk]
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            raise RegistrationError(_("This registration has been cancelled."))
        if old_session.start <= timezone.now():
            raise RegistrationError(CLOSED_MESSAGES["past"])
        if to_session.webinar_id != old_session.webinar_id:
            raise RegistrationError(_("You can only move to another session of the same webinar."))
        reason = closed_reason(to_session)
        if reason:
            raise RegistrationClosed(CLOSED_MESSAGES[reason])
        clash = Registration.objects.for_email(registration.email).filter(session=to_session).first()
        if clash is not None and not clash.is_cancelled:
            raise RegistrationError(_("You are already registered for that session."))
        confirmed = to_session.registrations.confirmed().count()
        if confirmed >= to_session.capacity or to_session.registrations.waitlisted().exists():
            raise SessionFull(_("That session is full. Choose another one or keep your registration."))
        if clash is not None:
            # An old cancelled row for the same address would break the one-per-session rule.
            clash.delete()
        was_confirmed = registration.is_confirmed
        registration.session = to_session
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.waitlisted_at = None
        registration.attended = None
        registration.save()
        if was_confirmed:
            _queue_email(
                registration,
                session=old_session,
                template="registration_cancelled",
                subject=format_lazy(_("Registration cancelled: {title}"), title=_title(old_session)),
                calendar="CANCEL",
                extra={"was_confirmed": True, "moved": True},
            )
        _queue_email(
            registration,
            template="registration_moved",
            subject=format_lazy(_("Registration moved: {title}"), title=_title(to_session)),
            calendar="REQUEST",
            extra={"old_start": timezone.localtime(old_session.start)},
        )
        if was_confirmed:
            waitlist_promote(session=old_session)
    return registration


# --- Staff changes to a session ---------------------------------------------


def session_calendar_changed(*, session):
    """The time or status changed: every registrant gets the update (same UID, higher
    SEQUENCE) or the cancellation. Keyed by sequence, so saving twice sends once."""
    with transaction.atomic():
        registrations = session.registrations.active().order_by("pk")
        cancelled = session.status == Session.Status.CANCELLED
        for registration in registrations:
            registration.session = session
            key = f"session-change:{registration.pk}:{session.sequence}"
            if cancelled:
                _queue_email(
                    registration,
                    template="session_cancelled",
                    subject=format_lazy(_("Session cancelled: {title}"), title=_title(session)),
                    calendar="CANCEL" if registration.is_confirmed else None,
                    key=key,
                )
            elif registration.is_confirmed:
                _queue_email(
                    registration,
                    template="session_updated",
                    subject=format_lazy(_("Session changed: {title}"), title=_title(session)),
                    calendar="REQUEST",
                    key=key,
                )


def session_capacity_changed(*, session):
    """Capacity may have grown: the waiting list moves up (under the session lock)."""
    if session.status != Session.Status.SCHEDULED or session.start <= timezone.now():
        return []
    if not session.registrations.waitlisted().exists():
        return []
    return waitlist_promote(session=session)


# --- Messages from staff ----------------------------------------------------


def registrants_message(*, session, subject, body, include_waitlist=False, batch=None):
    """One email from staff to every registrant of a session; returns the count.

    `batch` (the form's one-time id) makes a double submit send nothing twice.
    """
    batch = batch or uuid.uuid4().hex
    registrations = session.registrations.confirmed()
    if include_waitlist:
        registrations = session.registrations.active()
    count = 0
    with transaction.atomic():
        for registration in registrations.filter(anonymised_at__isnull=True).order_by("pk"):
            registration.session = session
            _queue_email(
                registration,
                template="staff_message",
                subject=subject,
                key=f"staff-message:{batch}:{registration.pk}",
                extra={"body": body},
            )
            count += 1
    return count


# --- Periodic jobs (idempotent; see events/management/commands) -----------------


def _missing_keys(keys):
    existing = set(OutboundMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    return [key for key in keys if key not in existing]


def reminders_send(*, now=None):
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
    for key in _missing_keys(candidates):
        registration, offset = candidates[key]
        session = registration.session
        with transaction.atomic():
            _queue_email(
                registration,
                template="session_reminder",
                subject=format_lazy(
                    _("Reminder: {title}, {date}"),
                    title=_title(session),
                    date=timezone.localtime(session.start).strftime("%d/%m/%Y %H:%M"),
                ),
                key=key,
                extra={"hours_before": offset.total_seconds() / 3600},
            )
        sent += 1
    return sent


def _page_url(slug, fallback):
    """The absolute URL of the live public page with this slug, else `fallback` (may be empty)."""
    from wagtail.models import Page

    page = Page.objects.live().public().filter(slug=slug).order_by("depth").first()
    url = page.url if page is not None else None
    if url:
        return url if "://" in url else f"{settings.SITE_URL}{url}"
    return fallback or ""


def followups_send(*, now=None):
    """After a session: replay (when staff add it), kit and an invitation to contribute.

    One follow-up per registrant; if the replay comes later, one more email
    for it. Returns how many were queued.
    """
    now = now or timezone.now()
    registrations = (
        Registration.objects.confirmed()
        .filter(
            anonymised_at__isnull=True,
            session__end__lte=now,
            session__end__gt=now - timedelta(days=settings.REGISTRATION_FOLLOWUP_DAYS),
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session", "session__webinar")
    )
    registrations = list(registrations)
    # Decided at send time: the kit and contribution pages are linked once they exist.
    links = {
        "kit_url": _page_url("kit", settings.REGISTRATION_KIT_URL),
        "contribute_url": _page_url("contribuer", settings.REGISTRATION_CONTRIBUTE_URL),
    }
    keys = [f"followup:{r.pk}" for r in registrations] + [f"replay:{r.pk}" for r in registrations]
    missing = set(_missing_keys(keys))
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
            _queue_email(
                registration,
                template=template,
                subject=format_lazy(
                    _("Replay available: {title}")
                    if template == "session_replay"
                    else _("Thank you for joining: {title}"),
                    title=_title(registration.session),
                ),
                key=key,
                extra={"replay_url": replay, **links},
            )
        queued += 1
    return queued


def personal_data_purge(*, now=None):
    """Anonymise registrants a set time after their session; counts by community and
    department, statuses and attendance stay. Old outbox rows go too. Idempotent."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    pk_text = Cast("pk", output_field=CharField())
    with transaction.atomic():
        anonymised = Registration.objects.filter(session__end__lt=cutoff, anonymised_at__isnull=True).update(
            first_name="",
            last_name="",
            organisation="",
            email=Concat(Value("anonyme-"), pk_text, Value("@anonyme.invalid"), output_field=CharField()),
            # A new key kills every personal link that was sent.
            access_key=Concat(Value("anonymised-"), pk_text, output_field=CharField()),
            consent_newsletter=False,
            consent_contact=False,
            anonymised_at=now,
            updated_at=now,
        )
        deleted, _detail = (
            OutboundMessage.objects.filter(created_at__lt=cutoff)
            .exclude(status__in=[OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING])
            .delete()
        )
    return {"anonymised": anonymised, "messages_deleted": deleted}
