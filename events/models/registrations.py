"""Registrations for a session: confirmed seats and the waiting list.

A person is one row per session (unique email per session): registering
again reuses the row, so a double submit can never take a second seat.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def new_access_key():
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)


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
