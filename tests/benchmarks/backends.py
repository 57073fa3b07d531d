"""Email backends for measuring and development, never for production."""

import time

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class SlowEmailBackend(LocmemBackend):
    """A provider that takes its time to answer (MAILER_SLOW_BACKEND_SECONDS, 2 s by default).

    The registration benchmark uses it in the worker to show that the web
    request never waits for the provider.
    """

    def send_messages(self, messages):
        time.sleep(getattr(settings, "MAILER_SLOW_BACKEND_SECONDS", 2.0))
        return super().send_messages(messages)
