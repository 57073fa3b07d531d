"""Staff two-factor authentication (TOTP) in the Wagtail admin, on django-otp.

`two_factor_setup` adds an authenticator app (QR code, then one code to confirm);
`two_factor_verify` asks for a code once per session. home.security's middleware
sends staff there when they must use it.
"""

import logging

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits shown by your app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False):
        return candidate
    return "/admin/"


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="/admin/login/")
def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        logger.warning("Two-factor code refused for user id %s", request.user.pk)
        form.add_error("token", _("This code is not valid. Check your device's clock and try again."))
    return render(request, "home/two_factor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="/admin/login/")
def setup(request):
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            logger.info("Two-factor device added for user id %s", user.pk)
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Check your device's clock and try again."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=str(_("QR code to scan")))
    context = {"form": form, "qr_svg": qr_svg, "secret": device.config_url, "next": _next_url(request)}
    return render(request, "home/two_factor/setup.html", context)
