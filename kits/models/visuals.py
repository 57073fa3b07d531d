"""Templates from which the platform draws each webinar's visuals."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #000091."))


class VisualTemplate(models.Model):
    class Kind(models.TextChoices):
        BANNER = "banniere", _("Web banner")
        BADGE = "pastille", _("Square social badge")
        STORY = "story", _("Story")
        INVITATION = "invitation", _("Printable A4 invitation (PDF)")

    class Align(models.TextChoices):
        LEFT = "left", _("Left")
        CENTER = "center", _("Centre")

    DEFAULT_SIZES = {
        Kind.BANNER: (1500, 500),
        Kind.BADGE: (1080, 1080),
        Kind.STORY: (1080, 1920),
        Kind.INVITATION: (2480, 3508),  # A4 at 300 dpi
    }

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("The most recently changed template in use of each kind is used.")
    )
    width = models.PositiveIntegerField(_("width (px)"), validators=[MinValueValidator(200)])
    height = models.PositiveIntegerField(_("height (px)"), validators=[MinValueValidator(200)])
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Cropped to the size around its focal point. Leave the text zones free of drawings."),
    )
    background_colour = models.CharField(
        _("background colour"), max_length=7, default="#000091", validators=[HEX_COLOUR]
    )
    text_colour = models.CharField(_("title colour"), max_length=7, default="#ffffff", validators=[HEX_COLOUR])
    accent_colour = models.CharField(_("details colour"), max_length=7, default="#ffffff", validators=[HEX_COLOUR])
    text_align = models.CharField(_("text alignment"), max_length=10, choices=Align.choices, default=Align.LEFT)
    title_x = models.PositiveIntegerField("x")
    title_y = models.PositiveIntegerField("y")
    title_width = models.PositiveIntegerField(_("width"), validators=[MinValueValidator(50)])
    title_height = models.PositiveIntegerField(_("height"), validators=[MinValueValidator(20)])
    title_max_size = models.PositiveIntegerField(
        _("largest font size (px)"), default=80, validators=[MinValueValidator(8)]
    )
    details_x = models.PositiveIntegerField("x")
    details_y = models.PositiveIntegerField("y")
    details_width = models.PositiveIntegerField(_("width"), validators=[MinValueValidator(50)])
    details_height = models.PositiveIntegerField(_("height"), validators=[MinValueValidator(20)])
    details_max_size = models.PositiveIntegerField(
        _("largest font size (px)"), default=40, validators=[MinValueValidator(8)]
    )
    qr_x = models.PositiveIntegerField("x")
    qr_y = models.PositiveIntegerField("y")
    qr_size = models.PositiveIntegerField(
        _("size (px)"), validators=[MinValueValidator(80)], help_text=_("The QR code of the webinar's page.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("is_active")]),
        FieldRowPanel([FieldPanel("width"), FieldPanel("height")], heading=_("Size")),
        MultiFieldPanel(
            [
                FieldPanel("background_image"),
                FieldRowPanel(
                    [FieldPanel("background_colour"), FieldPanel("text_colour"), FieldPanel("accent_colour")]
                ),
                FieldPanel("text_align"),
            ],
            heading=_("Background and colours"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("title_x"),
                        FieldPanel("title_y"),
                        FieldPanel("title_width"),
                        FieldPanel("title_height"),
                    ]
                ),
                FieldPanel("title_max_size"),
            ],
            heading=_("Title zone"),
            help_text=_("In pixels from the top left corner. A long title wraps, then shrinks, never overflows."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("details_x"),
                        FieldPanel("details_y"),
                        FieldPanel("details_width"),
                        FieldPanel("details_height"),
                    ]
                ),
                FieldPanel("details_max_size"),
            ],
            heading=_("Date, time and place zone"),
        ),
        FieldRowPanel([FieldPanel("qr_x"), FieldPanel("qr_y"), FieldPanel("qr_size")], heading=_("QR code")),
    ]

    class Meta:
        verbose_name = _("visual template")
        verbose_name_plural = _("visual templates")
        ordering = ["kind", "-updated_at"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def title_box(self):
        return (self.title_x, self.title_y, self.title_width, self.title_height)

    @property
    def details_box(self):
        return (self.details_x, self.details_y, self.details_width, self.details_height)

    @property
    def qr_box(self):
        return (self.qr_x, self.qr_y, self.qr_size, self.qr_size)

    def clean(self):
        super().clean()
        if not (self.width and self.height):
            return
        errors = {}
        for name, box in (
            ("title_width", self.title_box),
            ("details_width", self.details_box),
            ("qr_size", self.qr_box),
        ):
            x, y, w, h = (value or 0 for value in box)
            if x + w > self.width or y + h > self.height:
                errors[name] = _("This zone goes past the edge of the visual (%(width)s × %(height)s px).") % {
                    "width": self.width,
                    "height": self.height,
                }
        if self.width * self.height > 40_000_000:
            errors["width"] = _("At most 40 million pixels.")
        if errors:
            raise ValidationError(errors)
