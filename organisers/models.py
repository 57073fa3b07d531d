"""Proposals of webinars by outside organisers, their review, and who may run which webinar.

A proposal is invisible to staff until its author confirms the email address
(status `unconfirmed`). Every change of status is kept as a `ProposalEvent`
(who, when, the message sent). `WebinarAccess` says which organiser accounts
run which webinar: events asks for it through the `events_webinar_access` hook.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from events.geo import DEPARTMENT_CHOICES, REGION_CHOICES
from events.models import OrganiserType, WebinarPage


class OrganiserPage(RoutablePageMixin, Page):
    """/organiser/: how to organise a webinar, the kit, the commitments, the contact, and the proposal form."""

    intro = models.TextField(_("introduction"), blank=True)
    steps = RichTextField(_("how it works"), blank=True)
    kit = RichTextField(_("the kit"), blank=True)
    commitments = RichTextField(_("commitments"), blank=True)
    contact = RichTextField(_("contact"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("steps"), FieldPanel("kit"), FieldPanel("commitments"), FieldPanel("contact")],
            heading=_("How to organise"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("steps")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("organise a webinar page")

    @path("", name="propose")
    def propose_route(self, request):
        from organisers.views import propose

        return propose(request, self)

    @path("merci/", name="thanks")
    def thanks_route(self, request):
        from organisers.views import proposal_thanks

        return proposal_thanks(request, self)

    @path("confirmer/<str:token>/", name="confirm")
    def confirm_route(self, request, token):
        from organisers.views import proposal_confirm_view

        return proposal_confirm_view(request, self, token)


class ProposalQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(status=Proposal.Status.UNCONFIRMED)

    def for_user(self, user):
        return self.filter(models.Q(account=user) | models.Q(email__iexact=user.email)) if user.email else self.none()


class Proposal(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email not confirmed")
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Region")
        DEPARTMENT = "department", _("Department")

    # Organisation types a proposer may choose (DNS runs its own programme).
    ORGANISATION_TYPES = [choice for choice in OrganiserType.choices if choice[0] != OrganiserType.DNS]

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(_("type of organisation"), max_length=20, choices=ORGANISATION_TYPES)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    themes = models.ManyToManyField("events.Theme", blank=True, related_name="+", verbose_name=_("themes"))
    communities = models.ManyToManyField(
        "events.Community", blank=True, related_name="+", verbose_name=_("target communities")
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.NATIONAL)
    region = models.CharField(_("region"), max_length=3, choices=REGION_CHOICES, blank=True)
    department = models.CharField(_("department"), max_length=3, choices=DEPARTMENT_CHOICES, blank=True)
    expected_audience = models.PositiveIntegerField(_("expected audience"))
    platform = models.CharField(_("platform"), max_length=20, choices=WebinarPage.Platform.choices)
    wants_dns_speaker = models.BooleanField(_("a DNS speaker is wanted"), default=False)
    language = models.CharField(_("language"), max_length=5, default="fr")
    confirm_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("organiser account"),
    )
    webinar = models.ForeignKey(
        "events.WebinarPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("webinar"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webinar proposal")
        verbose_name_plural = _("webinar proposals")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.confirm_token:
            self.confirm_token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    @property
    def scope_label(self):
        if self.scope == self.Scope.DEPARTMENT and self.department:
            return self.get_department_display()
        if self.scope == self.Scope.REGION and self.region:
            return self.get_region_display()
        return self.get_scope_display()


class ProposedDate(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("proposed date")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="proposed_date_ends_after_start"
            ),
        ]

    def __str__(self):
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"


class ProposalEvent(models.Model):
    """One change of status (or reply) in a proposal's history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=Proposal.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Proposal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=254, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal history entry")

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class WebinarAccess(models.Model):
    """An organiser account runs this webinar (sees and manages its registrants)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webinar_accesses")
    webinar = models.ForeignKey("events.WebinarPage", on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webinar access")
        constraints = [models.UniqueConstraint(fields=["user", "webinar"], name="unique_webinar_access")]

    def __str__(self):
        return f"{self.user} → {self.webinar_id}"


class SessionChangeRequest(models.Model):
    """An organiser asks for a new date, time or capacity; staff apply it (ORGANISER_SESSION_CHANGES=review)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Applied")
        REFUSED = "refused", _("Refused")

    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="+", verbose_name=_("session"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by")
    )
    start = models.DateTimeField(_("new start"))
    end = models.DateTimeField(_("new end"))
    capacity = models.PositiveIntegerField(_("new capacity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("session change request")
        verbose_name_plural = _("session change requests")

    def __str__(self):
        return str(self.session)
