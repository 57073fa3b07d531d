from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DownloadCount(models.Model):
    """How many times one file of the kit was downloaded, per item and format.

    Counted at the download URL (never on a page view), so kit pages stay cacheable.
    The label keeps the item's title when the item is later removed from the kit.
    """

    key = models.CharField(max_length=80, unique=True)
    item = models.ForeignKey(
        "kits.KitItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="download_counts"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("page")
    )
    label = models.CharField(_("item"), max_length=255)
    variant = models.CharField(_("format"), max_length=40)
    count = models.PositiveIntegerField(_("downloads"), default=0)
    last_downloaded_at = models.DateTimeField(_("last download"), null=True, blank=True)

    class Meta:
        verbose_name = _("kit download count")
        verbose_name_plural = _("kit download counts")
        ordering = ["-count", "label"]

    def __str__(self):
        return f"{self.label} ({self.variant}): {self.count}"

    @classmethod
    def record(cls, *, key, label, variant, item=None, page=None):
        """Add one download; safe when two requests count the same file at once."""
        now = timezone.now()
        bump = {"count": F("count") + 1, "last_downloaded_at": now, "label": label[:255]}
        if cls.objects.filter(key=key).update(**bump):
            return
        try:
            with transaction.atomic():
                cls.objects.create(
                    key=key, item=item, page=page, label=label[:255], variant=variant, count=1, last_downloaded_at=now
                )
        except IntegrityError:
            cls.objects.filter(key=key).update(**bump)
