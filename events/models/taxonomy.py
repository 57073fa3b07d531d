"""What webinars are about and for whom: editable by staff as snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SortedNamedModel(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("Used in programme filter URLs."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Theme(SortedNamedModel):
    """DMP, messagerie sécurisée, agenda de santé, catalogue de services, ..."""

    class Meta(SortedNamedModel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Community(SortedNamedModel):
    """Target community: professionnels de santé, établissements, citoyens, ..."""

    class Meta(SortedNamedModel.Meta):
        verbose_name = _("community")
        verbose_name_plural = _("communities")


class OrganiserType(models.TextChoices):
    DNS = "dns", _("DNS / Assurance Maladie")
    ARS = "ars", _("Regional health agency (ARS)")
    GRADES = "grades", _("GRADeS")
    PATIENTS = "patients", _("Patient association")
    PROFESSIONAL = "professional", _("Professional body or union")
    ESTABLISHMENT = "establishment", _("Hospital, clinic or care home")
    INDUSTRY = "industry", _("Software vendor or start-up")
    OTHER = "other", _("Other")


class Organiser(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganiserType.choices, default=OrganiserType.OTHER)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("type"), FieldPanel("website"), FieldPanel("contact_email")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")

    def __str__(self):
        return self.name
