"""The turnkey kit: a kit page at /kit/, its sections (child pages) and their ordered items."""

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kits.video import video_embed_url

# The standard sizes every kit image is offered in, made from one source image
# around its focal point (Wagtail renditions). Key, filter spec, label.
# `exact` (kits/image_operations.py) enlarges a crop when the source is smaller than the size.
IMAGE_FORMATS = [
    ("1200x630", "fill-1200x630|exact-1200x630", _("Web banner and link preview (Facebook, LinkedIn, X)")),
    ("1080x1080", "fill-1080x1080|exact-1080x1080", _("Square post (Instagram, LinkedIn, Facebook)")),
    ("1080x1920", "fill-1080x1920|exact-1080x1920", _("Story (Instagram, Facebook, WhatsApp)")),
    ("1500x500", "fill-1500x500|exact-1500x500", _("Header (X, LinkedIn page)")),
]
IMAGE_FORMAT_SPECS = {key: spec for key, spec, _label in IMAGE_FORMATS}
# Sub-URLs served by kits/urls.py under /kit/: a section with one of these slugs would be hidden.
RESERVED_SLUGS = {"telecharger", "archive", "visuels"}


class KitPage(Page):
    """The kit at /kit/: its sections are the child pages, in the order editors give them."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    version = models.CharField(
        _("kit version"), max_length=20, default="1.0", help_text=_("Shown on the page and in the ZIP file names.")
    )
    updated_on = models.DateField(_("kit updated on"), default=datetime.date.today)
    licence_note = models.TextField(
        _("terms of use"),
        blank=True,
        help_text=_("Shown under the kit and written in the ZIP's read-me file."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("version"), FieldPanel("updated_on")]),
        FieldPanel("licence_note"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["kits.KitSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("turnkey kit")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = kit_sections(kit=self)
        return context

    @property
    def archive_name(self):
        return f"kit-reussir-mon-espace-sante-v{self.version}.zip"


class KitSectionPage(Page):
    """A section of the kit (presentation deck, films, ...); it may hold sub-sections."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), InlinePanel("items", label=_("Items"))]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kits.KitPage", "kits.KitSectionPage"]
    subpage_types = ["kits.KitSectionPage"]

    class Meta:
        verbose_name = _("kit section")
        verbose_name_plural = _("kit sections")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is used by the kit's downloads; choose another one.")})

    @cached_property
    def kit(self):
        return KitPage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kit"] = self.kit
        sections = kit_sections(kit=self, include_self=True)
        for section in sections:
            if section.pk == self.pk:
                # In a preview, the items being edited: the in-memory ones, not the published rows.
                section.kit_items = with_file_links(list(self.items.all()))
        context["sections"] = sections
        return context

    def archive_name(self):
        version = self.kit.version if self.kit else "1.0"
        return f"kit-reussir-mon-espace-sante-v{version}-{self.slug}.zip"


class KitItem(Orderable):
    class Licence(models.TextChoices):
        ETALAB = "etalab-2.0", _("Open Licence 2.0 (Etalab): free reuse, citing the source")
        CC_BY = "cc-by-4.0", _("Creative Commons BY 4.0")
        CC_BY_ND = "cc-by-nd-4.0", _("Creative Commons BY-ND 4.0: no modification")
        CAMPAIGN = "campaign", _("Free use to promote the Tour de France, without modification")

    section = ParentalKey(KitSectionPage, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("Who it is for, e.g. « Organisers », « Everyone »")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Offered in the standard sizes, cropped around the image's focal point. "
            "Best from a source of at least 2000 × 2000 px: smaller crops are enlarged."
        ),
    )
    video_url = models.URLField(_("video link (YouTube or Vimeo)"), blank=True)
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file (MP4)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transcript = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("transcript"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    updated_on = models.DateField(_("updated on"), default=datetime.date.today)
    licence = models.CharField(_("licence of use"), max_length=20, choices=Licence.choices, default=Licence.ETALAB)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldPanel("document"),
                FieldPanel("image"),
                FieldPanel("video_url"),
                FieldPanel("video_file"),
                FieldRowPanel([FieldPanel("captions"), FieldPanel("transcript")]),
            ],
            heading=_("Content: one document, one image or one video"),
        ),
        FieldRowPanel([FieldPanel("version"), FieldPanel("updated_on"), FieldPanel("licence")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("kit item")
        verbose_name_plural = _("kit items")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        is_video = bool(self.video_url or self.video_file_id)
        filled = [bool(self.document_id), bool(self.image_id), is_video]
        if sum(filled) != 1:
            raise ValidationError(_("Give exactly one of: a document, an image, or a video (link or file)."))
        if self.video_url and not video_embed_url(self.video_url):
            raise ValidationError({"video_url": _("Only YouTube and Vimeo links can be embedded.")})
        if is_video and not (self.captions_id or self.transcript_id):
            raise ValidationError(_("A video needs captions or a transcript."))

    @property
    def kind(self):
        if self.image_id:
            return "image"
        if self.video_url or self.video_file_id:
            return "video"
        return "document"

    @property
    def embed_url(self):
        return video_embed_url(self.video_url)

    def files(self):
        """Every downloadable file of the item: (variant, document or image, label)."""
        if self.document_id:
            yield "fichier", self.document, ""
        if self.video_file_id:
            yield "video", self.video_file, _("Video")
        if self.captions_id:
            yield "sous-titres", self.captions, _("Captions")
        if self.transcript_id:
            yield "transcription", self.transcript, _("Transcript")


def file_format(file_name):
    return os.path.splitext(file_name)[1].lstrip(".").upper()


def file_size(file_field):
    try:
        return filesizeformat(file_field.size)
    except OSError:
        return ""


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
