"""Issue 9: a superuser signs in, adds an authenticator app, and reaches the admin."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_superuser_sets_up_two_factor_then_uses_the_admin(page, site_root, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    User.objects.create_superuser("root", "root@example.org", "le-bon-mot-de-passe-42")
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "le-bon-mot-de-passe-42")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/two-factor/setup/**")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "two_factor_setup.png"), full_page=True)
    assert page.locator("svg.segno").is_visible()
    device = TOTPDevice.objects.get(user__username="root", confirmed=False)
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/pages/")
    assert "/two-factor/" not in page.url
