"""The provider webhook, served only when it can authenticate its caller."""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def provider_webhook(request, rest):
    """Hand the request to anymail's own views (`anymail.urls`), which check the shared
    secret (HTTP basic authentication) and, for the providers that sign, the signature.

    Without ANYMAIL_WEBHOOK_SECRET anymail would accept anyone (it only warns), and one
    forged "hard bounce" would silence an address: the route does not exist then.
    """
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        raise Http404("Webhooks are off: no ANYMAIL_WEBHOOK_SECRET.")
    try:
        match = resolve(f"/{rest}", urlconf="anymail.urls")
    except Resolver404 as exc:
        raise Http404("No such webhook.") from exc
    return match.func(request, *match.args, **match.kwargs)
