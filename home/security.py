"""Cross-cutting protections (issue 9): client address behind proxies, staff two-factor,
response headers, staff password strength. Log filters are in home/log_filters.py.

Nothing here knows a feature: apps register what they need (e.g. their token URL
prefixes for log scrubbing) through settings or the small hooks below.
"""

import ipaddress

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import ngettext

# --- Client address ---------------------------------------------------------------------------


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address, trusting exactly TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, and the last one connects to us (REMOTE_ADDR). So the hops, in
    order, are the header's entries then REMOTE_ADDR, and the client is the right-most
    one our proxies did not add: entries further left were written by the client and
    prove nothing. A missing, short or malformed header falls back to the left-most
    trustworthy address; it never raises.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "") or "0.0.0.0"  # noqa: S104
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",")] if header else []
    hops = [*forwarded[-trusted:], remote]  # only what our proxies wrote, plus the last proxy
    # hops[-1] is the nearest proxy; the client is the entry `trusted` steps to its left.
    candidate = hops[-(trusted + 1)] if len(hops) > trusted else hops[0]
    return _valid_ip(candidate) or remote


# --- Staff two-factor authentication -------------------------------------------------------------

# Admin pages an unverified user may still open: signing in and out, the two-factor pages.
TWO_FACTOR_OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_setup",
}


def must_use_two_factor(user):
    """Whoever has a device must use it; superusers must have one when
    TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is on. Other staff may add one."""
    if django_otp.user_has_device(user, confirmed=True):
        return True
    return bool(user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS)


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware: an admin user who must use a second factor and
    has not done so in this session is sent to enter a code (or to add a device)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect_for(request)
        if redirect_to:
            return redirect_to_login(request.get_full_path(), login_url=redirect_to)
        return self.get_response(request)

    def _redirect_for(self, request):
        if not request.path_info.startswith("/admin/"):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.url_name in TWO_FACTOR_OPEN_URL_NAMES:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return reverse("two_factor_verify")
        if must_use_two_factor(user):
            return reverse("two_factor_setup")
        return None


# --- Response headers ----------------------------------------------------------------------------


class ResponseHeadersMiddleware:
    """`Retry-After` on every 429; a `Server` header that names no software."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        # gunicorn's ASGI worker adds its own name only when the application sent none.
        response["Server"] = "web"
        return response


# --- Staff passwords -------------------------------------------------------------------------------


class VariedPasswordValidator:
    """A password made of few different characters ("aaaaaaaaaaaa", "abababababab") is refused."""

    def __init__(self, min_distinct=8):
        self.min_distinct = min_distinct

    def validate(self, password, user=None):
        if len(set(password)) < self.min_distinct:
            raise ValidationError(self.get_help_text(), code="password_too_uniform")

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(count)d different character.",
            "Your password must contain at least %(count)d different characters.",
            self.min_distinct,
        ) % {"count": self.min_distinct}
