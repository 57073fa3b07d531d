from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from events.models import ProgrammePage
from events.selectors import home_programme_context

from .blocks import BODY_BLOCKS

CTA_SLUGS = ["organiser", "kit", "contribuer"]


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Hero")),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.AccessibilityPage",
        "home.SitemapPage",
        "events.ProgrammePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_programme_context(ProgrammePage.objects.live().first()))
        programme = context["programme_page"]
        calls = []
        if programme is not None:
            calls.append({"label": _("Register for a webinar"), "url": programme.get_url(request), "icon": ""})
        # Organise, kit and contribute link to their pages once they exist. Until
        # then, as the press kit says: write to the team to organise a session,
        # and contribute on participez.esante.gouv.fr.
        pages = {page.slug: page for page in self.get_children().live().filter(slug__in=CTA_SLUGS)}
        fallbacks = {
            "organiser": f"mailto:{settings.CONTACT_EMAIL}?subject={quote(str(_('Organise a webinar')))}",
            "contribuer": "https://participez.esante.gouv.fr",
        }
        for slug, label in (
            ("organiser", _("Organise a webinar")),
            ("kit", _("The turnkey kit")),
            ("contribuer", _("Contribute")),
        ):
            url = pages[slug].get_url(request) if slug in pages else fallbacks.get(slug)
            if url:
                calls.append({"label": label, "url": url, "icon": ""})
        context["calls_to_action"] = calls
        return context


class ContentPage(Page):
    """An editorial page: Mon espace santé, FAQ, legal notices, ..."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("editorial page")


class AccessibilityPage(Page):
    """The RGAA accessibility declaration, in the structure the RGAA prescribes."""

    class Status(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    entity = models.CharField(_("entity making the declaration"), max_length=255)
    rgaa_version = models.CharField(_("RGAA version"), max_length=20, default="4.1.2")
    status = models.CharField(_("compliance status"), max_length=10, choices=Status.choices, default=Status.PARTIAL)
    compliance_rate = models.DecimalField(
        _("compliance rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    audit_date = models.DateField(_("audit date"), null=True, blank=True)
    audit_by = models.CharField(_("audit carried out by"), max_length=255, blank=True)
    results = RichTextField(_("test results"), blank=True)
    non_accessible_content = RichTextField(_("non-accessible content"), blank=True)
    technologies = models.TextField(_("technologies used"), blank=True)
    test_environment = RichTextField(_("test environment"), blank=True)
    tools = models.TextField(_("tools used"), blank=True)
    pages_audited = RichTextField(_("pages audited"), blank=True)
    declaration_date = models.DateField(_("declaration date"))
    contact = RichTextField(_("feedback and contact"), blank=True)
    remedies = RichTextField(_("remedies"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("entity"), FieldPanel("rgaa_version"), FieldPanel("status"), FieldPanel("declaration_date")],
            heading=_("Declaration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("compliance_rate"),
                FieldPanel("audit_date"),
                FieldPanel("audit_by"),
                FieldPanel("results"),
                FieldPanel("non_accessible_content"),
            ],
            heading=_("Test results"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("technologies"),
                FieldPanel("test_environment"),
                FieldPanel("tools"),
                FieldPanel("pages_audited"),
            ],
            heading=_("How the declaration was made"),
        ),
        FieldPanel("contact"),
        FieldPanel("remedies"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("accessibility declaration")


class SitemapPage(Page):
    """The human sitemap (plan du site): the live page tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("sitemap page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_site().root_page
        pages = (
            home.get_descendants()
            .live()
            .public()
            .filter(depth__lte=home.depth + 2)
            .specific(defer=True)
            .order_by("path")
        )
        context["home"] = home
        context["tree"] = pages
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(_("contact email"), default="monespacesante@esante.gouv.fr")
    tagline = models.CharField(
        _("tagline"), max_length=255, default="Le Tour de France des webinaires Mon espace santé"
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        default="Une initiative de la Délégation au numérique en santé et de l'Assurance Maladie.",
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("x_url"), FieldPanel("youtube_url"), FieldPanel("facebook_url")],
            heading=_("Social networks"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def social_links(self):
        links = [
            ("linkedin", "LinkedIn", self.linkedin_url),
            ("twitter-x", "X", self.x_url),
            ("youtube", "YouTube", self.youtube_url),
            ("facebook", "Facebook", self.facebook_url),
        ]
        return [{"network": n, "label": label, "url": url} for n, label, url in links if url]
