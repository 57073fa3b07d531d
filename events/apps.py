from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from wagtail.signals import page_published

        from . import signals
        from .models import WebinarPage

        page_published.connect(
            signals.sync_sessions_on_publish, sender=WebinarPage, dispatch_uid="events.sync_sessions_on_publish"
        )
