"""Deployment checks for the provider webhook (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

# Providers that sign their tracking webhooks, and the anymail setting holding the key.
SIGNING_SETTINGS = {
    "mailgun": "MAILGUN_WEBHOOK_SIGNING_KEY",
    "mandrill": "MANDRILL_WEBHOOK_KEY",
    "postal": "POSTAL_WEBHOOK_KEY",
    "mailersend": "MAILERSEND_SIGNING_SECRET",
    "mailtrap": "MAILTRAP_TRACKING_SECRET",
    "resend": "RESEND_SIGNING_SECRET",
    "sendgrid": "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY",
}


def provider_name():
    """`brevo` for `anymail.backends.brevo.EmailBackend`; None for Django's own backends."""
    parts = settings.EMAIL_BACKEND.split(".")
    if len(parts) >= 4 and parts[:2] == ["anymail", "backends"]:
        return parts[2]
    return None


@checks.register(checks.Tags.security, deploy=True)
def check_webhook_authentication(app_configs, **kwargs):
    provider = provider_name()
    if provider is None or provider in ("test", "console"):
        return []
    anymail = settings.ANYMAIL
    if not anymail.get("WEBHOOK_SECRET"):
        return [
            checks.Error(
                f"EMAIL_BACKEND uses {provider} but ANYMAIL_WEBHOOK_SECRET is not set: the bounce "
                "webhook is off, so bounces and complaints are never recorded.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to a random 'user:password' and give the same to the provider.",
                id="mailer.E001",
            )
        ]
    signing = SIGNING_SETTINGS.get(provider)
    if signing and not anymail.get(signing) and not (provider == "mailgun" and anymail.get("MAILGUN_API_KEY")):
        return [
            checks.Error(
                f"{provider} signs its webhooks but ANYMAIL_{signing} is not set.",
                hint="Copy the signing key from the provider's webhook settings.",
                id="mailer.E002",
            )
        ]
    return []
