"""Reads shared by the kit pages, the webinar page block and the organiser space."""

from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kits.models import KitPage, VisualTemplate
from kits.models.pages import kit_sections, with_file_links

__all__ = ["kit_sections", "published_kit", "webinar_promotion", "webinar_visuals", "with_file_links"]

VISUAL_LABELS = {
    VisualTemplate.Kind.BANNER: "banniere",
    VisualTemplate.Kind.BADGE: "pastille",
    VisualTemplate.Kind.STORY: "story",
    VisualTemplate.Kind.INVITATION: "invitation",
}


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
