from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = _("Email")

    def ready(self):
        from anymail.signals import tracking

        from . import checks, signals  # noqa: F401  (checks register themselves)

        tracking.connect(signals.tracking_received, dispatch_uid="mailer.tracking_received")
