from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from . import signals
        from .models import Session, WebinarPage

        page_published.connect(
            signals.sync_sessions_on_publish, sender=WebinarPage, dispatch_uid="events.sync_sessions_on_publish"
        )
        post_save.connect(signals.purge_session_pages, sender=Session, dispatch_uid="events.purge_session_pages_saved")
        post_delete.connect(
            signals.purge_session_pages, sender=Session, dispatch_uid="events.purge_session_pages_deleted"
        )
