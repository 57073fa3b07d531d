from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = _("Email")

    def ready(self):
        from anymail.signals import tracking

        from . import signals

        tracking.connect(signals.tracking_received, dispatch_uid="mailer.tracking_received")

        # The registration receivers (session changes -> updated invitations)
        # are connected here because events/apps.py belongs to the programme
        # code; importing the module connects them once.
        import events.signals_registrations  # noqa: F401
