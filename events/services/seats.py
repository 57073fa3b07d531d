"""Seats and the waiting list: register, cancel, move, promote.

The seat rule holds under any concurrency because every change that can take
or free a seat first takes the session lock (`locks.session_lock`) inside
`transaction.atomic()`; only then are confirmed seats counted and a row
written. Every email is an outbox row written in that same transaction.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.models.registrations import Registration
from events.models.sessions import Session

from .locks import session_lock, sessions_lock
from .notifications import registration_email_queue, registration_status_email_queue
from .rules import CLOSED_MESSAGES, RegistrationClosed, RegistrationError, SessionFull, closed_reason

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "community",
    "department",
    "consent_newsletter",
    "consent_contact",
)


def _take_seat_or_wait(registration: Registration, session: Session, now: datetime) -> None:
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


def registration_create(
    *, session: Session, data: dict[str, Any], language: str | None = None
) -> tuple[Registration, bool]:
    """Register someone for a session; returns (registration, created).

    The same email twice on a session takes no second seat nor a second place
    in line: the confirmation (or waiting-list email) is sent again and
    `created` is False. A cancelled registration comes back to life, at the end
    of the line if it has to wait.
    """
    email = data["email"].strip()
    now = timezone.now()
    with transaction.atomic():
        session = session_lock(pk=session.pk)
        reason = closed_reason(session, now)
        if reason:
            raise RegistrationClosed(CLOSED_MESSAGES[reason])
        registration = Registration.objects.for_email(email).filter(session=session).first()
        if registration is not None and not registration.is_cancelled:
            registration.session = session
            registration_status_email_queue(registration=registration, again=True)
            return registration, False
        if registration is None:
            registration = Registration(session=session, email=email)
        for field in PERSON_FIELDS:
            if field in data:
                setattr(registration, field, data[field])
        registration.session = session
        registration.language = language or settings.LANGUAGE_CODE
        registration.cancelled_at = None
        registration.attended = None
        _take_seat_or_wait(registration, session, now)
        registration.save()
        registration_status_email_queue(registration=registration)
    return registration, True


def waitlist_promote(*, session: Session) -> list[Registration]:
    """Give free seats to the first in line, in order, and tell them. Returns the promoted.

    Takes the session lock itself (a no-op if the caller already holds it).
    """
    now = timezone.now()
    with transaction.atomic():
        session = session_lock(pk=session.pk)
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
            registration_email_queue(
                registration=registration,
                template="registration_promoted",
                subject=format_lazy(_("A seat is yours: {title}"), title=session.webinar.title),
                calendar="REQUEST",
            )
    return promoted


def registration_cancel(*, registration: Registration) -> Registration:
    """The person cancels: the seat goes to the next in line. Cancelling twice changes nothing."""
    with transaction.atomic():
        session = session_lock(pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.is_cancelled:
            return registration
        was_confirmed = registration.is_confirmed
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration.session = session
        registration_email_queue(
            registration=registration,
            template="registration_cancelled",
            subject=format_lazy(_("Registration cancelled: {title}"), title=session.webinar.title),
            calendar="CANCEL" if was_confirmed else None,
            extra={"was_confirmed": was_confirmed},
        )
        if was_confirmed:
            waitlist_promote(session=session)
    return registration


def move_targets(registration: Registration, now: datetime | None = None) -> QuerySet[Session]:
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


def registration_move(*, registration: Registration, to_session: Session) -> Registration:
    """Move to another session of the same webinar, keeping the personal link.

    Only to a session with a free seat; the seat left behind goes to the next
    in line there. The person gets the new invitation and, if they held a seat,
    the cancellation of the old one.
    """
    if to_session.pk == registration.session_id:
        raise RegistrationError(_("You are already registered for this session."))
    with transaction.atomic():
        locked = sessions_lock(pks=[registration.session_id, to_session.pk])
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
            registration_email_queue(
                registration=registration,
                session=old_session,
                template="registration_cancelled",
                subject=format_lazy(_("Registration cancelled: {title}"), title=old_session.webinar.title),
                calendar="CANCEL",
                extra={"was_confirmed": True, "moved": True},
            )
        registration_email_queue(
            registration=registration,
            template="registration_moved",
            subject=format_lazy(_("Registration moved: {title}"), title=to_session.webinar.title),
            calendar="REQUEST",
            extra={"old_start": timezone.localtime(old_session.start)},
        )
        if was_confirmed:
            waitlist_promote(session=old_session)
    return registration
