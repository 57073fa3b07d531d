"""Each published webinar's visuals, drawn from the staff's templates and kept in storage.

A file's name carries a fingerprint of everything drawn on it (template fields,
background, title, date, time, place, URL): when the webinar, its sessions or the
template change, the name changes and the visual is drawn again on its next
request; the older file of the same webinar and kind is then deleted.
"""

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from PIL import Image

from events.dates import PARIS, time_label
from kits import rendering
from kits.models import VisualTemplate

logger = logging.getLogger(__name__)
# Bump when the drawing code changes, so every cached visual is drawn again.
RENDERER_VERSION = 3
STORAGE_DIR = "kits/visuals"
EXTENSIONS = {VisualTemplate.Kind.INVITATION: "pdf"}
CONTENT_TYPES = {"png": "image/png", "pdf": "application/pdf"}
# Where a webinar's visual is, remembered so that a request costs two cache reads and
# no query. Forgotten when the webinar, its sessions or a template change (kits/signals.py);
# the timeout catches what no signal tells, such as the next session becoming the past one.
NAME_CACHE_SECONDS = 300
GENERATION_KEY = "kits:visuals:generation"
TEMPLATE_FIELDS = [
    "width",
    "height",
    "background_colour",
    "text_colour",
    "accent_colour",
    "text_align",
    "title_x",
    "title_y",
    "title_width",
    "title_height",
    "title_max_size",
    "details_x",
    "details_y",
    "details_width",
    "details_height",
    "details_max_size",
    "qr_x",
    "qr_y",
    "qr_size",
]


def extension(kind):
    return EXTENSIONS.get(kind, "png")


def active_templates():
    """The template in use for each kind: the most recently changed active one."""
    chosen = {}
    for template in VisualTemplate.objects.filter(is_active=True).select_related("background_image"):
        chosen.setdefault(template.kind, template)  # Meta.ordering: newest first within a kind
    return chosen


def webinar_url(webinar):
    return f"{settings.SITE_URL}{webinar.url or ''}"


_time = time_label


def webinar_text(webinar, now=None):
    """Title, date, time and place of the webinar's next session, in the webinar's language."""
    now = now or timezone.now()
    sessions = list(webinar.sessions.exclude(status="cancelled").filter(end__gte=now).order_by("start")[:50])
    if not sessions:
        sessions = list(webinar.sessions.exclude(status="cancelled").order_by("-start")[:1])
    with translation.override(webinar.language or settings.LANGUAGE_CODE):
        lines = []
        if sessions:
            first = sessions[0]
            start = timezone.localtime(first.start, PARIS)
            end = timezone.localtime(first.end, PARIS)
            lines.append(date_format(start, "l j F Y").capitalize())
            lines.append(gettext("%(start)s – %(end)s (Paris time)") % {"start": _time(start), "end": _time(end)})
            if len(sessions) > 1:
                others = len(sessions) - 1
                lines.append(
                    ngettext("and %(count)s other session", "and %(count)s other sessions", others) % {"count": others}
                )
        if webinar.region:
            lines.append(gettext("Online · %(region)s") % {"region": webinar.region_name})
        else:
            lines.append(gettext("Online · national webinar"))
    return rendering.VisualText(title=webinar.title, details="\n".join(lines), url=webinar_url(webinar))


def _background_key(template):
    image = template.background_image
    if image is None:
        return None
    return [
        image.file.name,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    ]


def fingerprint(template, text):
    payload = [
        RENDERER_VERSION,
        template.pk,
        [getattr(template, field) for field in TEMPLATE_FIELDS],
        _background_key(template),
        [text.title, text.details, text.url],
    ]
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()[:20]


def storage_name(webinar, template, text):
    kind = template.kind
    return f"{STORAGE_DIR}/{webinar.pk}/{kind}-{fingerprint(template, text)}.{extension(kind)}"


def draw(template, text):
    """The visual's bytes (PNG, or PDF for the invitation)."""
    background = None
    if template.background_image is not None:
        rendition = template.background_image.get_rendition(f"fill-{template.width}x{template.height}|format-png")
        with rendition.file.open("rb") as handle, Image.open(handle) as source:
            background = source.convert("RGB")
    image = rendering.render(spec=template, text=text, background=background)
    return rendering.encode(image, pdf=template.kind == VisualTemplate.Kind.INVITATION)


def visual_file(webinar, template, *, storage=default_storage):
    """The storage name of the webinar's visual, drawn now if it is not stored yet."""
    text = webinar_text(webinar)
    name = storage_name(webinar, template, text)
    if storage.exists(name):
        return name
    saved = storage.save(name, ContentFile(draw(template, text)))
    if saved != name:  # another request drew it at the same moment: keep one
        storage.delete(saved)
    _delete_stale(webinar, template.kind, keep=name, storage=storage)
    return name


def _name_key(webinar_pk, kind):
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    return f"kits:visuals:{generation}:{webinar_pk}:{kind}"


def remembered_name(webinar_pk, kind):
    return cache.get(_name_key(webinar_pk, kind))


def remember_name(webinar_pk, kind, name):
    cache.set(_name_key(webinar_pk, kind), name, NAME_CACHE_SECONDS)


def forget_webinar(webinar_pk):
    cache.delete_many([_name_key(webinar_pk, kind) for kind in VisualTemplate.Kind.values])


def forget_all():
    """A template changed: every webinar's visual of every kind is looked up again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _delete_stale(webinar, kind, *, keep, storage):
    folder = f"{STORAGE_DIR}/{webinar.pk}"
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file_name in files:
        path = f"{folder}/{file_name}"
        if file_name.startswith(f"{kind}-") and path != keep:
            try:
                storage.delete(path)
            except OSError:
                logger.warning("Could not delete the stale visual %s", path)
