"""Sessions: the dated occurrences of a webinar that people register for.

A session is an ordinary model (not a page child in the revision tree): it
carries registrations, so publishing an old revision of its webinar must
never delete it. Staff cancel sessions; they do not delete them.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def live_webinars(self):
        return self.filter(webinar__live=True)

    def not_cancelled(self):
        return self.exclude(status=Session.Status.CANCELLED)

    def with_seats(self):
        """Annotate `confirmed_count` and `seats_left` (one query, no N+1)."""
        confirmed = Count("registrations", filter=Q(registrations__status="confirmed"))
        return self.annotate(confirmed_count=confirmed).annotate(
            seats_left=Greatest(F("capacity") - F("confirmed_count"), Value(0))
        )


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    webinar = models.ForeignKey(
        "events.WebinarPage", on_delete=models.PROTECT, related_name="sessions", verbose_name=_("webinar")
    )
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"), default=100, help_text=_("Number of seats."))
    join_url = models.URLField(
        _("join link"), max_length=500, blank=True, help_text=_("Shown only to registrants, never in public pages.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    registration_open = models.BooleanField(_("registration open"), default=True)
    replay_url = models.URLField(_("replay link"), max_length=500, blank=True)
    from_recurrence = models.BooleanField(_("generated from the recurrence rule"), default=False, editable=False)
    # Calendars apply an update only with a higher SEQUENCE: `session_update` raises it.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="session_ends_after_start"),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.webinar.title} — {local:%d/%m/%Y %H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def accepts_registrations(self):
        return self.registration_open and self.status == self.Status.SCHEDULED and self.start > timezone.now()
