"""Staff screens of the kit: download counts per item and format."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic

from kits.models import DownloadCount


class DownloadCountFilterSet(WagtailFilterSet):
    variant = django_filters.CharFilter(label=_("Format"), lookup_expr="iexact")

    class Meta:
        model = DownloadCount
        fields = ["variant"]


class DownloadCountIndexView(generic.IndexView):
    model = DownloadCount
    header_icon = "download"
    page_title = _("Kit downloads")
    index_url_name = "kits_admin:downloads"
    index_results_url_name = "kits_admin:downloads_results"
    default_ordering = "-count"
    paginate_by = 50
    search_fields = ["label", "variant"]
    filterset_class = DownloadCountFilterSet
    columns = [
        Column("label", label=_("Item"), sort_key="label"),
        Column("variant", label=_("Format"), sort_key="variant"),
        Column("count", label=_("Downloads"), sort_key="count"),
        DateColumn("last_downloaded_at", label=_("Last download"), sort_key="last_downloaded_at"),
    ]
    list_export = ["label", "variant", "count", "last_downloaded_at"]
    export_headings = {
        "label": _("Item"),
        "variant": _("Format"),
        "count": _("Downloads"),
        "last_downloaded_at": _("Last download"),
    }
    export_filename = "kit-downloads"

    def get_base_queryset(self):
        return DownloadCount.objects.all()
