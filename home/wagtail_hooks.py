from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-factor authentication"),
        "help_text": _("Add an authenticator app: a code will be asked at each sign-in."),
    }
