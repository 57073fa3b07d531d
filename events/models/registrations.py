"""Registrations for a session: confirmed seats and the waiting list.

A person is one row per session (unique email per session): registering
again reuses the row, so a double submit can never take a second seat.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The personal link is the access key, signed: a forged or altered link fails
# before any database lookup, and a leaked key alone does not make a link.
TOKEN_SALT = "events.registration.personal-link"  # noqa: S105 (a namespace, not a secret)


def new_access_key():
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def for_email(self, email):
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())

    def waitlist_order(self):
        return self.waitlisted().order_by("waitlisted_at", "pk")

    def from_token(self, token):
        """The registration a personal link points to, or None (forged, altered, anonymised)."""
        try:
            access_key = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return self.select_related("session", "session__webinar").filter(access_key=access_key).first()


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        "events.Session", on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    community = models.ForeignKey(
        "events.Community", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("community")
    )
    department = models.CharField(_("department"), max_length=3, blank=True)
    consent_newsletter = models.BooleanField(_("agrees to receive news of the Tour de France"), default=False)
    consent_contact = models.BooleanField(_("agrees to be contacted after the webinar"), default=False)
    access_key = models.CharField(max_length=64, default=new_access_key, unique=True, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # Waiting-list order: the time the person joined the list (first come, first served).
    waitlisted_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Emails go out in the language the person registered in.
    language = models.CharField(_("language"), max_length=10, default="fr")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(Lower("email"), "session", name="one_registration_per_email_and_session"),
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def personal_token(self):
        return signing.TimestampSigner(salt=TOKEN_SALT).sign(self.access_key)

    def personal_url(self):
        return settings.SITE_URL + reverse("events:registration_manage", args=[self.personal_token()])

    def waitlist_position(self):
        """1 for the first in line; None when not on the waiting list."""
        if not self.is_waitlisted:
            return None
        ahead = (
            Registration.objects.waitlisted()
            .filter(session_id=self.session_id)
            .filter(Q(waitlisted_at__lt=self.waitlisted_at) | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk))
        )
        return ahead.count() + 1

    def link_expires_at(self):
        return self.session.end + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)

    @property
    def link_expired(self):
        return self.anonymised_at is not None or timezone.now() > self.link_expires_at()
