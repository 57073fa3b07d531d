"""The one way the site sends email: render, record in the outbox, send from the worker.

`message_queue` renders a template pair (HTML and text) in the recipient's
language and writes an outbox row inside the caller's transaction; only after
commit is the send task enqueued. `message_send`, run by the worker, claims the
row with a conditional UPDATE (queued -> sending), so two workers or a repeated
task never send it twice, then marks it sent, schedules a retry with
exponential backoff, or marks it failed.
"""

import logging
import random
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from functools import partial
from typing import Any

from anymail.exceptions import (
    AnymailAPIError,
    AnymailConfigurationError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailSerializationError,
    AnymailUnsupportedFeature,
)
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import EmailSuppression, OutboundMessage

logger = logging.getLogger(__name__)

MESSAGE_ID_DOMAIN = "reussirmonespacesante.fr"
# Provider answers that will not change on a retry (the address or the message is bad).
PERMANENT_ERRORS = (
    AnymailRecipientsRefused,
    AnymailInvalidAddress,
    AnymailUnsupportedFeature,
    AnymailSerializationError,
    AnymailConfigurationError,
    smtplib.SMTPRecipientsRefused,
)


def message_queue(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    subject: str,
    key: str | None = None,
    attachments: Iterable[dict[str, str]] = (),
    language: str = "fr",
) -> OutboundMessage:
    """Record one message in the outbox and send it from the worker after commit.

    `subject` may be a lazy translation: it is rendered in `language`, like the
    bodies (`templates/emails/<template>.html` and `.txt`). With a `key`, the
    message is created once: asking again returns the existing row.
    """
    if key:
        existing = OutboundMessage.objects.filter(key=key).first()
        if existing is not None:
            return existing
    with translation.override(language):
        full_context = {
            "site_url": settings.SITE_URL,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "contact_email": settings.CONTACT_EMAIL,
            **context,
            "subject": str(subject),
        }
        text = render_to_string(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    suppressed = EmailSuppression.is_suppressed(to)
    fields = {
        "to": to,
        "template": template,
        "subject": full_context["subject"][:255],
        "text": text,
        "html": html,
        "attachments": list(attachments),
        "language": language,
        "status": OutboundMessage.Status.SUPPRESSED if suppressed else OutboundMessage.Status.QUEUED,
        "last_error": "The address is on the list of blocked addresses." if suppressed else "",
    }
    try:
        # A savepoint: losing a race on the key must not break the caller's transaction.
        with transaction.atomic():
            message = OutboundMessage.objects.create(key=key, **fields)
    except IntegrityError:
        if not key:
            raise
        return OutboundMessage.objects.get(key=key)
    if not suppressed:
        transaction.on_commit(partial(enqueue_send, message.pk), robust=True)
    return message


def calendar_attachment(ics: bytes | str, *, method: str, filename: str = "invite.ics") -> dict[str, str]:
    """An .ics attached as a file: most providers refuse a text/calendar alternative part."""
    content = ics.decode() if isinstance(ics, bytes) else ics
    return {"filename": filename, "content": content, "mimetype": f"text/calendar; method={method}"}


def enqueue_send(message_id: int, *, run_after: datetime | None = None):
    send = send_message
    if run_after is not None:
        if not send.get_backend().supports_defer:
            return None  # the sweep (`mailer_retry`) sends it when due
        send = send.using(run_after=run_after)
    return send.enqueue(message_id)


def build_email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        # A stable Message-ID: should a crash make us send twice, mail clients show one.
        headers={"Message-ID": f"<outbox-{message.pk}@{MESSAGE_ID_DOMAIN}>"},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        mimetype = attachment.get("mimetype", "application/octet-stream")
        basetype, _sep, rest = mimetype.partition("/")
        subtype, *params = [part.strip() for part in rest.split(";")]
        if basetype == "text":
            part = MIMEText(attachment["content"], subtype, "utf-8")
            for param in params:
                name, _eq, value = param.partition("=")
                part.set_param(name.strip(), value.strip())
            part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
            email.attach(part)
        else:
            email.attach(attachment["filename"], attachment["content"], mimetype)
    return email


def is_permanent(error):
    if isinstance(error, PERMANENT_ERRORS):
        return True
    if isinstance(error, AnymailAPIError) and error.status_code is not None:
        # 4xx is our fault and will not improve, except throttling and timeouts.
        return 400 <= error.status_code < 500 and error.status_code not in (408, 409, 425, 429)
    return False


def retry_delay(attempts):
    base = settings.MAILER_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    delay = min(base, settings.MAILER_RETRY_MAX_SECONDS)
    return timedelta(seconds=delay * random.uniform(1.0, 1.2))


def message_send(*, message_id: int) -> OutboundMessage | None:
    """Send one queued message; safe to call any number of times for the same id."""
    now = timezone.now()
    claimed = (
        OutboundMessage.objects.due(now)
        .filter(pk=message_id)
        .update(status=OutboundMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    )
    if not claimed:
        return None
    message = OutboundMessage.objects.get(pk=message_id)
    if EmailSuppression.is_suppressed(message.to):
        _finish(message, status=OutboundMessage.Status.SUPPRESSED, last_error="The address is blocked.")
        return message
    try:
        email = build_email(message)
        email.send()
    except Exception as error:
        return _failed_attempt(message, error)
    status = getattr(email, "anymail_status", None)
    provider_id = status.message_id if status is not None and isinstance(status.message_id, str) else ""
    _finish(message, status=OutboundMessage.Status.SENT, sent_at=timezone.now(), provider_message_id=provider_id or "")
    return message


@task()
def send_message(message_id: int) -> None:
    """The worker's task: takes the row's primary key, enqueued only after commit."""
    message_send(message_id=message_id)


def _finish(message, **fields):
    fields["updated_at"] = timezone.now()
    OutboundMessage.objects.filter(pk=message.pk).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)


def _describe(error):
    try:
        text = str(error)
    except Exception:  # some provider errors cannot describe themselves without a response
        text = repr(error.args)
    status = getattr(error, "status_code", None)
    prefix = f"{type(error).__name__} (HTTP {status})" if status else type(error).__name__
    return f"{prefix}: {text}"[:2000]


def _failed_attempt(message, error):
    description = _describe(error)
    if isinstance(error, AnymailRecipientsRefused):
        EmailSuppression.objects.get_or_create(
            email=message.to.strip().lower(),
            defaults={"reason": EmailSuppression.Reason.REJECTED, "description": description},
        )
    if is_permanent(error) or message.attempts >= settings.MAILER_MAX_ATTEMPTS:
        logger.error("Email %s failed for good after %s attempt(s): %s", message.pk, message.attempts, description)
        _finish(message, status=OutboundMessage.Status.FAILED, last_error=description)
        return message
    next_attempt = timezone.now() + retry_delay(message.attempts)
    logger.warning(
        "Email %s failed (attempt %s), retry at %s: %s", message.pk, message.attempts, next_attempt, description
    )
    _finish(message, status=OutboundMessage.Status.QUEUED, next_attempt_at=next_attempt, last_error=description)
    try:
        enqueue_send(message.pk, run_after=next_attempt)
    except Exception:
        logger.exception("Could not schedule the retry of email %s; the sweep will.", message.pk)
    return message


def messages_retry_due(
    *, now: datetime | None = None, grace: timedelta | None = None, limit: int = 1000
) -> dict[str, int]:
    """The sweep: hand due messages to the worker again, recover those a crash left "sending".

    Run every few minutes (`manage.py mailer_retry`, or the scheduler). Sending a
    message twice by mistake is prevented by the claim in `message_send`.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.MAILER_SWEEP_GRACE_SECONDS) if grace is None else grace
    stale_before = now - timedelta(seconds=settings.MAILER_SENDING_TIMEOUT_SECONDS)
    stale = OutboundMessage.objects.filter(status=OutboundMessage.Status.SENDING, claimed_at__lt=stale_before)
    recovered = stale.filter(attempts__lt=settings.MAILER_MAX_ATTEMPTS).update(
        status=OutboundMessage.Status.QUEUED, next_attempt_at=now, updated_at=now
    )
    stale.update(
        status=OutboundMessage.Status.FAILED,
        last_error="The worker stopped while sending; no attempts left.",
        updated_at=now,
    )
    due = list(
        OutboundMessage.objects.due(now - grace).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        enqueue_send(pk)
    return {"recovered": recovered, "enqueued": len(due)}


def message_retry(*, message: OutboundMessage) -> bool:
    """Staff ask again for a failed message (e.g. after fixing the provider settings)."""
    updated = OutboundMessage.objects.filter(
        pk=message.pk, status__in=[OutboundMessage.Status.FAILED, OutboundMessage.Status.SUPPRESSED]
    ).update(
        status=OutboundMessage.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        transaction.on_commit(partial(enqueue_send, message.pk), robust=True)
    return bool(updated)


def message_keys_missing(*, keys: Iterable[str]) -> list[str]:
    """The keys, in their order, that no outbox row carries yet (what is left to send)."""
    keys = list(keys)
    existing = set(OutboundMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in existing]


def messages_purge(*, before: datetime) -> int:
    """Delete outbox rows created before `before`, except those still to send. Returns how many."""
    deleted, _detail = (
        OutboundMessage.objects.filter(created_at__lt=before)
        .exclude(status__in=[OutboundMessage.Status.QUEUED, OutboundMessage.Status.SENDING])
        .delete()
    )
    return deleted
