from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self):
        from events import signals, signals_registrations  # noqa: F401  (connects the registration receivers)

        signals.connect()
