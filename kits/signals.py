"""Forget where a webinar's visuals are when what is drawn on them changes.

Only a cache is cleared here, no business logic: the next request draws the visual
again if its content changed (its file name carries a fingerprint of that content).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from events.models import Session, WebinarPage
from kits.models import VisualTemplate
from kits.visuals import forget_all, forget_webinar


def webinar_changed(sender, instance, **kwargs):
    forget_webinar(instance.pk)


def session_changed(sender, instance, **kwargs):
    forget_webinar(instance.webinar_id)


def template_changed(sender, instance, **kwargs):
    forget_all()


def connect():
    page_published.connect(webinar_changed, sender=WebinarPage, dispatch_uid="kits_webinar_published")
    page_unpublished.connect(webinar_changed, sender=WebinarPage, dispatch_uid="kits_webinar_unpublished")
    post_save.connect(session_changed, sender=Session, dispatch_uid="kits_session_saved")
    post_delete.connect(session_changed, sender=Session, dispatch_uid="kits_session_deleted")
    post_save.connect(template_changed, sender=VisualTemplate, dispatch_uid="kits_template_saved")
    post_delete.connect(template_changed, sender=VisualTemplate, dispatch_uid="kits_template_deleted")
