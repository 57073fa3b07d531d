"""Email backends that fail on purpose, to prove retries."""

from anymail.exceptions import AnymailAPIError
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Fails with the given HTTP status for the first `failures` sends, then delivers."""

    failures = 1
    status_code = 503
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise AnymailAPIError("Provider unavailable", status_code=type(self).status_code)
        return super().send_messages(messages)
