"""The outbox: every email the site sends is a row here before it leaves.

A row is written in the same transaction as what caused it (a registration,
a cancellation, a session change), so a rolled-back change sends nothing and a
committed one is never lost: the worker sends it, retries it, or marks it
failed where staff can see it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundMessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Queued and due now: what the worker may claim."""
        return self.filter(status=OutboundMessage.Status.QUEUED, next_attempt_at__lte=now or timezone.now())


class OutboundMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent (address blocked)")

    # Idempotency: a reminder or an update is created once, whoever asks twice.
    key = models.CharField(_("idempotency key"), max_length=200, unique=True, null=True, blank=True)
    template = models.CharField(_("template"), max_length=100, db_index=True)
    to = models.EmailField(_("recipient"), max_length=254, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text body"))
    html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "content": ..., "mimetype": "text/calendar; method=REQUEST"}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class EmailSuppression(models.Model):
    """An address the provider reported as bouncing or complaining: no more mail goes to it."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Rejected by the provider")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    provider = models.CharField(_("provider"), max_length=50, blank=True)
    description = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blocked address")
        verbose_name_plural = _("blocked addresses")

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @classmethod
    def is_suppressed(cls, email):
        return cls.objects.filter(email=email.strip().lower()).exists()
