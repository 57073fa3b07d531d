"""StreamField blocks shared by every editorial page: one list, one place."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

HEADING_LEVELS = [("h2", _("Level 2 heading")), ("h3", _("Level 3 heading")), ("h4", _("Level 4 heading"))]
CALLOUT_COLORS = [
    ("", _("Default")),
    ("fr-callout--blue-ecume", _("Blue")),
    ("fr-callout--green-emeraude", _("Green")),
    ("fr-callout--pink-tuile", _("Pink")),
]
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2", label=_("Level"))
    anchor = blocks.CharBlock(
        required=False, max_length=60, label=_("Anchor"), help_text=_("Optional id to link to this heading.")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        label=_("Alternative text"),
        help_text=_("Leave empty if the image is decorative."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    link = blocks.URLBlock(required=False, label=_("Button link"))
    link_label = blocks.CharBlock(required=False, label=_("Button label"))
    color = blocks.ChoiceBlock(choices=CALLOUT_COLORS, required=False, label=_("Colour"))

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "components/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(required=False, label=_("Author"))
    role = blocks.CharBlock(required=False, label=_("Author's role"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Question or title"))
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer or content"))


class AccordionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Group title"))
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("Accordions (FAQ)")
        template = "components/blocks/accordions.html"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External link"))
    image = ImageChooserBlock(required=False, label=_("Image"))

    class Meta:
        icon = "doc-full"
        label = _("Card")


class CardsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"))

    class Meta:
        icon = "grip"
        label = _("Cards")
        template = "components/blocks/cards.html"


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(required=False, label=_("Link"), help_text=_("A URL or a path on this site."))
    secondary = blocks.BooleanBlock(required=False, label=_("Secondary style"))


class ButtonsBlock(blocks.StructBlock):
    buttons = blocks.ListBlock(ButtonBlock(), label=_("Buttons"))

    class Meta:
        icon = "link"
        label = _("Buttons")
        template = "components/blocks/buttons.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=20)
    label = blocks.CharBlock(label=_("What it counts"))


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"))
    source = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "components/blocks/key_figures.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"))
    transcript = blocks.RichTextBlock(required=False, features=RICH_TEXT_FEATURES, label=_("Transcript"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Caption"))
    table = TableBlock(label=_("Table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table.html"


BODY_BLOCKS = [
    ("heading", HeadingBlock()),
    (
        "paragraph",
        blocks.RichTextBlock(
            features=RICH_TEXT_FEATURES, label=_("Paragraph"), template="components/blocks/paragraph.html"
        ),
    ),
    ("image", ImageBlock()),
    ("callout", CalloutBlock()),
    ("quote", QuoteBlock()),
    ("accordions", AccordionsBlock()),
    ("cards", CardsBlock()),
    ("buttons", ButtonsBlock()),
    ("key_figures", KeyFiguresBlock()),
    ("video", VideoBlock()),
    ("table", TableWithCaptionBlock()),
]
