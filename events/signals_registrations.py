"""Staff change a session: registrants hear about it, the waiting list moves up."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Session


@receiver(post_save, sender=Session, dispatch_uid="events.registrations.session_saved")
def session_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    from . import services

    if getattr(instance, "calendar_changed", False):
        services.session_calendar_changed(session=instance)
    services.session_capacity_changed(session=instance)
