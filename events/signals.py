"""Signal receivers: thin, each hands over to a service."""

from django.db import transaction

from events.services.recurrence import webinar_sessions_sync
from pagecache import frontend


def sync_sessions_on_publish(sender, instance, **kwargs):
    """Keep generated sessions in step with a webinar's recurrence rule, whoever publishes it."""
    webinar_sessions_sync(webinar=instance)


def purge_session_pages(sender, instance, raw=False, **kwargs):
    """A CDN in front forgets the pages that show this session (the page cache itself is
    dropped through PAGECACHE_WATCHED_MODELS)."""
    if raw or not frontend.configured():
        return
    webinar = instance.webinar
    pages = [webinar, *webinar.get_ancestors().live().filter(depth__gt=1).specific()]
    transaction.on_commit(lambda: frontend.purge_pages(pages))
