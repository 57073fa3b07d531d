"""Keep generated sessions in step with a webinar's recurrence rule on publish."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from events.models import Session, WebinarPage
from pagecache import frontend


def sync_sessions_on_publish(sender, instance, **kwargs):
    instance.sync_recurring_sessions()


def purge_session_pages(sender, instance, raw=False, **kwargs):
    """A CDN in front forgets the pages that show this session (the page cache itself is
    dropped through PAGECACHE_WATCHED_MODELS)."""
    if raw or not frontend.configured():
        return
    webinar = instance.webinar
    pages = [webinar, *webinar.get_ancestors().live().filter(depth__gt=1).specific()]
    transaction.on_commit(lambda: frontend.purge_pages(pages))


def connect():
    post_save.connect(purge_session_pages, sender=Session, dispatch_uid="events.purge_session_pages_saved")
    post_delete.connect(purge_session_pages, sender=Session, dispatch_uid="events.purge_session_pages_deleted")
    page_published.connect(sync_sessions_on_publish, sender=WebinarPage, dispatch_uid="events.sync_sessions_on_publish")
