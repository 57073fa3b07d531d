"""Keep generated sessions in step with a webinar's recurrence rule on publish."""

from wagtail.signals import page_published

from events.models import WebinarPage


def sync_sessions_on_publish(sender, instance, **kwargs):
    instance.sync_recurring_sessions()


def connect():
    page_published.connect(sync_sessions_on_publish, sender=WebinarPage, dispatch_uid="events.sync_sessions_on_publish")
