from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Staff figures: admin home panels and report pages over the other apps' data."""

    name = "dashboard"
    verbose_name = _("Dashboard")
