"""Emails to registrants: each is an outbox row written in the caller's transaction
(mailer.services.message_queue), so a rolled-back change sends nothing."""

import uuid
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from events.calendar import invitation_ics
from events.models.registrations import Registration
from events.models.sessions import Session
from mailer.models import OutboundMessage
from mailer.services import calendar_attachment, message_queue

# A repeated submission re-sends the confirmation at most once per this period,
# so nobody can flood someone else's inbox through the form.
RESEND_PERIOD_SECONDS = 600


def registration_email_queue(
    *,
    registration: Registration,
    template: str,
    subject: str,
    session: Session | None = None,
    calendar: Literal["REQUEST", "CANCEL"] | None = None,
    key: str | None = None,
    extra: dict[str, Any] | None = None,
) -> OutboundMessage:
    """One email to a registrant, with their invitation (REQUEST) or its cancellation (CANCEL)."""
    session = session or registration.session
    attachments = []
    if calendar:
        ics = invitation_ics(
            session, email=registration.email, name=registration.full_name, cancel=calendar == "CANCEL"
        )
        attachments.append(calendar_attachment(ics, method=calendar))
    webinar = session.webinar
    context = {
        "registration": registration,
        "session": session,
        "webinar": webinar,
        "webinar_url": webinar.absolute_url,
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


def registration_status_email_queue(*, registration: Registration, again: bool = False) -> OutboundMessage:
    """Tell the person where they stand: a seat (with the invitation) or a place in line."""
    title = registration.session.webinar.title
    key = None
    if again:
        period = int(timezone.now().timestamp()) // RESEND_PERIOD_SECONDS
        key = f"again:{registration.pk}:{registration.status}:{period}"
    if registration.is_confirmed:
        return registration_email_queue(
            registration=registration,
            template="registration_confirmed",
            subject=format_lazy(_("Registration confirmed: {title}"), title=title),
            calendar="REQUEST",
            key=key,
            extra={"again": again},
        )
    return registration_email_queue(
        registration=registration,
        template="registration_waitlisted",
        subject=format_lazy(_("Waiting list: {title}"), title=title),
        key=key,
        extra={"again": again, "position": registration.waitlist_position()},
    )


def session_change_notify(*, session: Session) -> None:
    """The time or status changed: every registrant gets the update (same UID, higher
    SEQUENCE) or the cancellation. Keyed by sequence, so notifying twice sends once."""
    title = session.webinar.title
    with transaction.atomic():
        cancelled = session.status == Session.Status.CANCELLED
        for registration in session.registrations.active().order_by("pk"):
            registration.session = session
            key = f"session-change:{registration.pk}:{session.sequence}"
            if cancelled:
                registration_email_queue(
                    registration=registration,
                    template="session_cancelled",
                    subject=format_lazy(_("Session cancelled: {title}"), title=title),
                    calendar="CANCEL" if registration.is_confirmed else None,
                    key=key,
                )
            elif registration.is_confirmed:
                registration_email_queue(
                    registration=registration,
                    template="session_updated",
                    subject=format_lazy(_("Session changed: {title}"), title=title),
                    calendar="REQUEST",
                    key=key,
                )


def registrants_message(
    *, session: Session, subject: str, body: str, include_waitlist: bool = False, batch: str | None = None
) -> int:
    """One email from staff to every registrant of a session; returns the count.

    `batch` (the form's one-time id) makes a double submit send nothing twice.
    """
    batch = batch or uuid.uuid4().hex
    registrations = session.registrations.active() if include_waitlist else session.registrations.confirmed()
    count = 0
    with transaction.atomic():
        for registration in registrations.filter(anonymised_at__isnull=True).order_by("pk"):
            registration.session = session
            registration_email_queue(
                registration=registration,
                template="staff_message",
                subject=subject,
                key=f"staff-message:{batch}:{registration.pk}",
                extra={"body": body},
            )
            count += 1
    return count
