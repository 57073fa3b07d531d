"""When staff change what public pages show, the cached pages go.

Pages: publish, unpublish, move, delete. Other models: the ones listed in
`PAGECACHE_WATCHED_MODELS` (what the public pages show besides pages: sessions,
taxonomy, site settings, ...). Registrations are not watched: seats left are
bounded by time instead (`PAGECACHE_SEATS_SECONDS`), so a registration never
waits on cache work.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache, frontend


def page_changed(sender, instance, **kwargs):
    cache.invalidate()
    frontend.purge_other_languages([instance])


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.invalidate()


def model_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        cache.invalidate()


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache.page_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="pagecache.page_moved")
    post_delete.connect(page_deleted, dispatch_uid="pagecache.page_deleted")
    for label in getattr(settings, "PAGECACHE_WATCHED_MODELS", []):
        model = apps.get_model(label)
        post_save.connect(model_changed, sender=model, dispatch_uid=f"pagecache.saved.{label}")
        post_delete.connect(model_changed, sender=model, dispatch_uid=f"pagecache.deleted.{label}")
