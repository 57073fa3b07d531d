"""Provider webhooks (anymail's `tracking` signal) feed the list of blocked addresses."""

import logging

from anymail.signals import EventType, RejectReason

from .models import EmailSuppression

logger = logging.getLogger(__name__)

# Rejections that say the address itself is bad; "other" or "timed_out" may pass.
PERMANENT_REJECTIONS = {
    RejectReason.INVALID,
    RejectReason.BOUNCED,
    RejectReason.SPAM,
    RejectReason.BLOCKED,
    RejectReason.UNSUBSCRIBED,
}


def suppression_reason(event):
    if event.event_type == EventType.BOUNCED:
        return EmailSuppression.Reason.BOUNCED
    if event.event_type == EventType.COMPLAINED:
        return EmailSuppression.Reason.COMPLAINED
    if event.event_type == EventType.UNSUBSCRIBED:
        return EmailSuppression.Reason.UNSUBSCRIBED
    if event.event_type == EventType.REJECTED and event.reject_reason in PERMANENT_REJECTIONS:
        return EmailSuppression.Reason.REJECTED
    return None


def tracking_received(sender, event, esp_name, **kwargs):
    reason = suppression_reason(event)
    if reason is None or not event.recipient:
        return
    email = event.recipient.strip().lower()
    _suppression, created = EmailSuppression.block(
        email=email,
        reason=reason,
        provider=esp_name or "",
        description=event.description or event.mta_response or "",
    )
    if created:
        logger.info("Address blocked after %s from %s (message %s)", reason, esp_name, event.message_id)
