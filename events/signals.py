"""Signal receivers: thin, each hands over to a service."""

from events.services.recurrence import webinar_sessions_sync


def sync_sessions_on_publish(sender, instance, **kwargs):
    """Keep generated sessions in step with a webinar's recurrence rule, whoever publishes it."""
    webinar_sessions_sync(webinar=instance)
