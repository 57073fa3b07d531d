"""Contributions, their moderation history, supports, abuse reports and the feed to participez.

The feed: each published contribution whose author allowed the transfer carries a
permanent `external_id`, a `revision` and the `content_hash` of what it would send.
Each export (file, pull or push) leaves one `ExportRecord` per contribution with the
payload that left, where, when and at which revision.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000
CONFIRM_SALT = "participation.contribution.confirm"
EDIT_SALT = "participation.contribution.edit"
SUPPORT_SALT = "participation.support.confirm"
LINK_MAX_AGE = 7 * 24 * 3600


class Kind(models.TextChoices):
    IDEA = "idea", _("Idea")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    QUESTION = "question", _("Question")
    TESTIMONY = "testimony", _("Testimony")


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Contribution.Status.PUBLISHED)

    def in_feed(self):
        """What may leave for participez: published, with the author's consent."""
        return self.published().filter(consent_transfer=True)


class Contribution(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
        PENDING = "pending", _("Awaiting moderation")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into another")

    class SyncStatus(models.TextChoices):
        NONE = "", _("Not sent")
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    theme = models.ForeignKey(
        "events.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    communities = models.ManyToManyField(
        "events.Community", verbose_name=_("communities concerned"), blank=True, related_name="+"
    )
    webinar = models.ForeignKey(
        "events.WebinarPage",
        verbose_name=_("webinar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    show_name = models.BooleanField(_("name shown publicly"), default=False)
    consent_transfer = models.BooleanField(_("transfer to participez.esante.gouv.fr allowed"), default=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    moderation_note = models.TextField(_("reason given to the author"), blank=True)
    staff_answer = models.TextField(_("staff answer"), blank=True)
    staff_answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    retained = models.BooleanField(_("retained"), default=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    report_count = models.PositiveIntegerField(_("abuse reports"), default=0)

    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    # The feed. `feed_updated_at` moves whenever what would leave changes: the
    # incremental export and the pull cursor read it through its index.
    external_id = models.UUIDField(_("external id"), default=uuid.uuid4, unique=True, editable=False)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    feed_updated_at = models.DateTimeField(_("updated in the feed at"), null=True, blank=True, db_index=True)
    exported_title = models.CharField(_("title as first exported"), max_length=TITLE_MAX_LENGTH, blank=True)
    sync_status = models.CharField(
        _("push status"), max_length=10, choices=SyncStatus.choices, default=SyncStatus.NONE, blank=True
    )
    sync_attempts = models.PositiveSmallIntegerField(_("push attempts"), default=0)
    sync_error = models.TextField(_("last push error"), blank=True)
    sync_revision = models.PositiveIntegerField(_("pushed revision"), default=0)
    sync_next_at = models.DateTimeField(_("next push attempt"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["feed_updated_at", "id"]),
            models.Index(fields=["email", "created_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:detail", args=[self.pk])

    @property
    def source_url(self):
        return f"{settings.SITE_URL}{reverse('participation:detail', args=[self.pk])}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def title_frozen(self):
        return bool(self.exported_title)

    @property
    def public_author(self):
        return self.author_name if self.show_name else ""

    def confirm_token(self):
        return signing.dumps(self.pk, salt=CONFIRM_SALT)

    def edit_token(self):
        # Only usable while changes are requested (checked by the view).
        return signing.dumps(self.pk, salt=EDIT_SALT)


class ContributionRevision(models.Model):
    """The history kept when staff or the author change a contribution, or staff moderate it."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(_("action"), max_length=30)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"))
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("contribution history entry")
        verbose_name_plural = _("contribution history")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"


class Support(models.Model):
    """One person supports one contribution once: counted when the address is confirmed."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    email = models.EmailField(_("email address"), max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["contribution", "email"], name="support_once_per_address")]

    def __str__(self):
        return f"{self.email} → {self.contribution_id}"

    def confirm_token(self):
        return signing.dumps(self.pk, salt=SUPPORT_SALT)


class AbuseReport(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.contribution} ({self.created_at:%Y-%m-%d})"


class ExportBatch(models.Model):
    """One export made by staff from the admin: its records say what left."""

    class Format(models.TextChoices):
        JSON = "json", _("Neutral JSON")
        CSV = "csv", _("Neutral CSV (Decidim columns)")
        CAPCOLLECTIF = "capcollectif", _("Cap Collectif import file")

    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    full = models.BooleanField(_("full export"), default=False)
    header = models.TextField(_("Cap Collectif header row"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    count = models.PositiveIntegerField(_("contributions"), default=0)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_format_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ExportRecord(models.Model):
    """What was sent (the payload), where (destination), when, at which revision."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="export_records")
    batch = models.ForeignKey(ExportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="records")
    destination = models.CharField(_("destination"), max_length=60, db_index=True)
    external_id = models.UUIDField(_("external id"))
    revision = models.PositiveIntegerField(_("revision"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.destination} {self.external_id} r{self.revision}"


class ExportCursor(models.Model):
    """Where the last incremental export to a destination stopped."""

    destination = models.CharField(max_length=60, unique=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    last_pk = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return self.destination

    def changed_filter(self):
        if self.updated_at is None:
            return Q()
        return Q(feed_updated_at__gt=self.updated_at) | Q(feed_updated_at=self.updated_at, pk__gt=self.last_pk)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class Partner(models.Model):
    """A platform allowed to pull the feed, with its own token (only its hash is stored)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to revoke the token."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("active")]

    class Meta:
        verbose_name = _("feed partner")
        verbose_name_plural = _("feed partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def set_new_token(self):
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_prefix = token[:8]
        return token

    @classmethod
    def from_token(cls, token):
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_token(token), active=True).first()


@register_setting(icon="comment")
class ParticipationSettings(BaseGenericSetting):
    institutional_account = models.EmailField(
        _("institutional account on participez.esante.gouv.fr"),
        blank=True,
        default="monespacesante@esante.gouv.fr",
        help_text=_("The author of imported proposals whose contributor did not agree to show their name."),
    )
    capcollectif_header = models.TextField(
        _("Cap Collectif header row"),
        blank=True,
        help_text=_(
            "Paste the first line of the import model file of your Cap Collectif form; "
            "the export writes the columns in that exact order."
        ),
    )

    panels = [FieldPanel("institutional_account"), FieldPanel("capcollectif_header")]

    class Meta:
        verbose_name = _("contributions and participez")
