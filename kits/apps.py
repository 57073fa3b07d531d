from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitsConfig(AppConfig):
    name = "kits"
    verbose_name = _("Turnkey kit")

    def ready(self):
        from kits import signals

        signals.connect()
