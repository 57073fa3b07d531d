"""Reads shared by the kit pages, the webinar page block and the organiser space."""

from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kits.models import IMAGE_FORMATS, KitItem, KitPage, KitSectionPage, VisualTemplate
from kits.models.pages import file_format, file_size

VISUAL_LABELS = {
    VisualTemplate.Kind.BANNER: "banniere",
    VisualTemplate.Kind.BADGE: "pastille",
    VisualTemplate.Kind.STORY: "story",
    VisualTemplate.Kind.INVITATION: "invitation",
}
ITEM_RELATED = ["document", "image", "video_file", "captions", "transcript"]


def _download_url(item, variant, fallback):
    # An item not saved yet (editor's preview) has no counted address: link the file itself.
    return reverse("kits:download", args=[item.pk, variant]) if item.pk else fallback


def _item_files(item):
    files = []
    for variant, document, label in item.files():
        files.append(
            {
                "label": label or item.title,
                "url": _download_url(item, variant, document.url),
                "format": file_format(document.file.name),
                "size": file_size(document.file),
            }
        )
    if item.image_id:
        image = item.image
        files.append(
            {
                "label": gettext("Original (%(width)s × %(height)s)") % {"width": image.width, "height": image.height},
                "url": _download_url(item, "original", image.file.url),
                "format": file_format(image.file.name),
                "size": file_size(image.file),
            }
        )
        for key, _spec, label in IMAGE_FORMATS if item.pk else []:
            width, height = key.split("x")
            files.append(
                {
                    "label": f"{width} × {height}",
                    "detail": label,
                    "url": reverse("kits:download", args=[item.pk, key]),
                    "format": file_format(image.file.name),
                    "size": "",
                }
            )
    return files


def with_file_links(items):
    for item in items:
        item.file_links = _item_files(item)
    return items


def kit_sections(*, kit, include_self=False):
    """The live sections under a kit page (or a section) in tree order, each with its items and files.

    One query for the sections, one per related table for the items: the count does
    not grow with the number of sections or items.
    """
    sections = KitSectionPage.objects.live().public().descendant_of(kit, inclusive=include_self).order_by("path")
    sections = list(sections)
    items = KitItem.objects.filter(section__in=sections).select_related(*ITEM_RELATED).order_by("sort_order", "pk")
    by_section = {}
    for item in items:
        item.file_links = _item_files(item)
        by_section.setdefault(item.section_id, []).append(item)
    base_depth = kit.depth + (0 if include_self else 1)
    for section in sections:
        section.kit_items = by_section.get(section.pk, [])
        section.level = section.depth - base_depth
        section.archive_url = reverse("kits:section_archive", args=[section.pk])
    return sections


def published_kit():
    return KitPage.objects.live().public().first()


def webinar_visuals(*, webinar):
    """The visuals made for a webinar: one entry per template kind staff defined.

    Each entry: kind, label, url (shown inline), download_url, width, height, format.
    Nothing is drawn here; the files are drawn on their first request.
    """
    from kits.visuals import active_templates, extension

    templates = active_templates()
    visuals = []
    for kind, label in VisualTemplate.Kind.choices:
        template = templates.get(kind)
        if template is None:
            continue
        ext = extension(kind)
        url = reverse("kits:webinar_visual", args=[webinar.pk, kind, ext])
        visuals.append(
            {
                "kind": kind,
                "label": label,
                "url": url,
                "download_url": f"{url}?telecharger=1",
                "width": template.width,
                "height": template.height,
                "format": ext.upper(),
                "is_image": ext == "png",
            }
        )
    return visuals


def webinar_promotion(*, webinar):
    """Ready-to-paste texts to announce a webinar: short and long social posts, an invitation email."""
    from kits.visuals import webinar_text

    text = webinar_text(webinar)
    details = text.details.replace("\n", " · ")
    with translation.override(webinar.language or None):
        short = gettext("Webinar « %(title)s », %(details)s. Free registration: %(url)s #MonEspaceSanté") % {
            "title": text.title,
            "details": details,
            "url": text.url,
        }
        long = gettext(
            "Mon espace santé, the personal health space of every French citizen, needs every health actor.\n\n"
            "Join the webinar « %(title)s »: %(summary)s\n\n%(details)s\n\nFree registration: %(url)s\n\n"
            "#MonEspaceSanté #ReussirEnsemble"
        ) % {"title": text.title, "summary": webinar.summary, "details": details, "url": text.url}
        subject = gettext("Invitation: webinar « %(title)s »") % {"title": text.title}
        body = gettext(
            "Hello,\n\nI am pleased to invite you to the webinar « %(title)s », part of the Tour de France "
            "« Réussir ensemble Mon espace santé ».\n\n%(summary)s\n\n%(details)s\n\n"
            "Registration is free and takes one minute: %(url)s\n\nSee you there,"
        ) % {"title": text.title, "summary": webinar.summary, "details": text.details, "url": text.url}
    return {
        "short_post": short,
        "long_post": long,
        "email_subject": subject,
        "email_body": body,
        "mailto": "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote),
    }
